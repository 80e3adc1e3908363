// Verification of a signed attestation PDF, offline: the one core behind the /verify page, the
// verify API and `npm run verify` (issue 8; the procedure is TOOLCHAIN.md "Signed PDFs",
// cross-checked there against Poppler's pdfsig; made strict in issue 13, L2). Rule: a PDF is
// valid when it carries exactly one byte-range signature whose range starts at byte 0, ends at
// the last byte and leaves out exactly the signature dictionary's /Contents hex string; that hex
// is lowercase, decodes to one canonical-DER CMS SignedData followed by nothing but zero padding
// (every padding digit is '0'); the CMS, read by node-forge's strict DER parser and re-encoded to
// the same bytes, has exactly the shape an attestation's detached SHA-256 SignedData has; its
// messageDigest equals the SHA-256 of the signed ranges (RFC 5652 §5.4); its signed attributes
// verify under the certificate's RSA public key; and that certificate is one of the institutions'
// published keys (matched by SHA-256 fingerprint of the DER). So no byte of the file can change
// and still verify: signed bytes change the digest, /Contents bytes change the DER, the padding
// or the signature, bytes after the range are an incremental update the signer never saw. The
// server adds only what it alone knows (the issued copy, revocation, expiry) on top of this
// verdict. Pure: no I/O, no clock; node:crypto hashes and verifies, node-forge reads DER.
import crypto from "node:crypto";
import forge from "node-forge";
import { z } from "zod";

export type KnownKey = { keyId: string; fingerprint: string; institution: { id: string; name: string } };

export type SignatureStatus = "valid" | "altered" | "unknown-key" | "not-signed";

export type SignatureVerdict = {
  status: SignatureStatus;
  keyId?: string;
  institution?: { id: string; name: string };
  attestationId?: string;
  /** SHA-256 of the signer certificate's DER, when the signature could be read. */
  fingerprint?: string;
  signingTime?: string;
  details: string[];
};

/** The document published at /.well-known/provenant-keys.json. */
export const KeysDocumentSchema = z.object({
  keys: z.array(
    z.object({
      keyId: z.string().min(1),
      institution: z.object({ id: z.string().min(1), name: z.string() }),
      certificatePem: z.string().min(1),
      fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
      createdAt: z.string(),
      retiredAt: z.string().nullable(),
    }),
  ),
});
export type KeysDocument = z.infer<typeof KeysDocumentSchema>;

/**
 * Known keys from a keys document. The fingerprint is recomputed from each certificate rather
 * than trusted from the JSON, so an edited document cannot vouch for a different certificate.
 */
export function knownKeysFromDocument(document: KeysDocument): KnownKey[] {
  return document.keys.map((k) => ({ keyId: k.keyId, fingerprint: certificatePemFingerprint(k.certificatePem), institution: k.institution }));
}

export function certificatePemFingerprint(pem: string): string {
  return new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();
}

// ---- the CMS, parsed by node-forge's DER reader ------------------------------------------------
//
// forge.asn1.fromDer in strict mode reads the structure; re-encoding the parsed tree with
// forge.asn1.toDer must give back the very same bytes, so a non-minimal length, an indefinite
// length, a changed tag or any other structure byte that a lenient reader would skip over is
// refused (DER has exactly one encoding per value). The tree is then walked against the one shape
// an attestation's SignedData has (tag class, tag number and constructed bit of every node, and
// no node more or less), so a byte change that still parses is refused too.

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  data: "1.2.840.113549.1.7.1",
  sha256: "2.16.840.1.101.3.4.2.1",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRsa: "1.2.840.113549.1.1.11",
} as const;

const UNIVERSAL = asn1.Class.UNIVERSAL;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;
const T = asn1.Type;

function toDer(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), "binary");
}

function node(value: Asn1 | undefined, tagClass: number, type: number, constructed: boolean, what: string): Asn1 {
  if (!value || value.tagClass !== tagClass || value.type !== type || value.constructed !== constructed) throw new Error(`${what} is malformed`);
  if (constructed !== Array.isArray(value.value)) throw new Error(`${what} is malformed`);
  return value;
}

function items(value: Asn1, count: number | [number, number], what: string): Asn1[] {
  const list = value.value as Asn1[];
  const [min, max] = typeof count === "number" ? [count, count] : count;
  if (list.length < min || list.length > max) throw new Error(`${what} is malformed`);
  return list;
}

function oidOf(value: Asn1 | undefined, what: string): string {
  const o = node(value, UNIVERSAL, T.OID, false, what);
  return asn1.derToOid(o.value as string);
}

function integerIs(value: Asn1 | undefined, expected: number, what: string): void {
  const i = node(value, UNIVERSAL, T.INTEGER, false, what);
  if ((i.value as string) !== String.fromCharCode(expected)) throw new Error(`${what} is not ${expected}`);
}

/** AlgorithmIdentifier: SEQUENCE { OID, NULL } or SEQUENCE { OID } (RFC 5754 allows both). */
function algorithmOf(value: Asn1 | undefined, what: string): string {
  const parts = items(node(value, UNIVERSAL, T.SEQUENCE, true, what), [1, 2], what);
  if (parts[1] !== undefined && (node(parts[1], UNIVERSAL, T.NULL, false, what).value as string) !== "") throw new Error(`${what} is malformed`);
  return oidOf(parts[0], what);
}

function asn1Time(value: Asn1): string | undefined {
  const text = value.value as string;
  const utc = value.type === T.UTCTIME;
  const m = utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const year = utc ? (Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1])) : Number(m[1]);
  return `${String(year).padStart(4, "0")}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
}

type ParsedCms = { digest: Buffer; signedAttrs: Buffer; signature: Buffer; certificate: Buffer; signingTime?: string };

type FromDerOptions = { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean };
/** forge's own options (its typings only declare the older boolean `strict`). */
const fromDer = asn1.fromDer as unknown as (bytes: string | forge.util.ByteStringBuffer, options: FromDerOptions) => Asn1;

/** Strict DER: parsed by forge, and re-encoded to exactly the same bytes. */
function strictDer(der: Buffer): Asn1 {
  const binary = der.toString("binary");
  const root = fromDer(binary, { strict: true, parseAllBytes: true, decodeBitStrings: false });
  if (asn1.toDer(root).getBytes() !== binary) throw new Error("the signature is not in canonical DER");
  return root;
}

/** Reads a detached SHA-256 SignedData with one signer and that signer's one certificate. */
function parseCms(der: Buffer): ParsedCms {
  const root = strictDer(der);
  const [type, explicit] = items(node(root, UNIVERSAL, T.SEQUENCE, true, "the ContentInfo"), 2, "the ContentInfo");
  if (oidOf(type, "the content type") !== OID.signedData) throw new Error("not a CMS SignedData");
  const [signedData] = items(node(explicit, CONTEXT, 0, true, "the SignedData wrapper"), 1, "the SignedData wrapper");
  const [version, digestAlgorithms, encap, certificates, signerInfos] = items(node(signedData, UNIVERSAL, T.SEQUENCE, true, "the SignedData"), 5, "the SignedData");
  integerIs(version, 1, "the SignedData version");
  const digestList = items(node(digestAlgorithms, UNIVERSAL, T.SET, true, "the digest algorithms"), 1, "the digest algorithms");
  if (algorithmOf(digestList[0], "the digest algorithm") !== OID.sha256) throw new Error("the digest algorithm is not SHA-256");
  const encapParts = items(node(encap, UNIVERSAL, T.SEQUENCE, true, "the encapsulated content info"), [1, 2], "the encapsulated content info");
  if (oidOf(encapParts[0], "the signed content type") !== OID.data) throw new Error("the signed content type is not id-data");
  if (encapParts.length > 1) throw new Error("the signature is not detached (it embeds content)");
  const [certificateNode] = items(node(certificates, CONTEXT, 0, true, "the certificates"), 1, "the certificates");
  const certificate = toDer(node(certificateNode, UNIVERSAL, T.SEQUENCE, true, "the certificate"));
  const signers = items(node(signerInfos, UNIVERSAL, T.SET, true, "the signer infos"), [0, Number.MAX_SAFE_INTEGER], "the signer infos");
  if (signers.length !== 1) throw new Error(`expected one signer, found ${signers.length}`);
  const [signerVersion, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature] = items(node(signers[0], UNIVERSAL, T.SEQUENCE, true, "the signer info"), 6, "the signer info");
  integerIs(signerVersion, 1, "the signer info version");
  if (algorithmOf(digestAlgorithm, "the signer's digest algorithm") !== OID.sha256) throw new Error("the digest algorithm is not SHA-256");
  const signatureOid = algorithmOf(signatureAlgorithm, "the signature algorithm");
  if (signatureOid !== OID.rsaEncryption && signatureOid !== OID.sha256WithRsa) throw new Error("the signature algorithm is not RSA with SHA-256");
  const signatureValue = Buffer.from(node(signature, UNIVERSAL, T.OCTETSTRING, false, "the signature value").value as string, "binary");

  // Signed attributes: each type once, each with exactly one value (RFC 5652 §5.3, §11), in DER
  // order; content-type id-data, a 32-byte message-digest, and the signing time.
  const attributes = items(node(signedAttrs, CONTEXT, 0, true, "the signed attributes"), [1, 64], "the signed attributes");
  const encoded = attributes.map(toDer);
  for (let i = 1; i < encoded.length; i++) if (Buffer.compare(encoded[i - 1]!, encoded[i]!) > 0) throw new Error("the signed attributes are not in DER order");
  const seen = new Set<string>();
  let digest: Buffer | undefined;
  let contentType: string | undefined;
  let signingTime: string | undefined;
  for (const attribute of attributes) {
    const [attrType, values] = items(node(attribute, UNIVERSAL, T.SEQUENCE, true, "a signed attribute"), 2, "a signed attribute");
    const id = oidOf(attrType, "a signed attribute type");
    if (seen.has(id)) throw new Error(`the signed attribute ${id} appears twice`);
    seen.add(id);
    const valueList = items(node(values, UNIVERSAL, T.SET, true, "a signed attribute's values"), [1, 64], "a signed attribute's values");
    if (id === OID.contentType || id === OID.messageDigest || id === OID.signingTime) {
      if (valueList.length !== 1) throw new Error(`the signed attribute ${id} has ${valueList.length} values`);
      const value = valueList[0]!;
      if (id === OID.contentType) contentType = oidOf(value, "the content-type attribute");
      if (id === OID.messageDigest) digest = Buffer.from(node(value, UNIVERSAL, T.OCTETSTRING, false, "the message-digest attribute").value as string, "binary");
      if (id === OID.signingTime) {
        if (value.constructed || (value.tagClass !== UNIVERSAL) || (value.type !== T.UTCTIME && value.type !== T.GENERALIZEDTIME)) throw new Error("the signing-time attribute is malformed");
        signingTime = asn1Time(value);
        if (!signingTime) throw new Error("the signing-time attribute is malformed");
      }
    }
  }
  if (contentType !== OID.data) throw new Error("no content-type attribute naming id-data");
  if (!digest || digest.length !== 32) throw new Error("no SHA-256 message-digest attribute");

  // The signer is identified by the issuer and serial number of the certificate that is there.
  const [sidIssuer, sidSerial] = items(node(sid, UNIVERSAL, T.SEQUENCE, true, "the signer identifier"), 2, "the signer identifier");
  const [tbs] = items(node(certificateNode, UNIVERSAL, T.SEQUENCE, true, "the certificate"), 3, "the certificate");
  const fields = items(node(tbs, UNIVERSAL, T.SEQUENCE, true, "the certificate"), [6, 10], "the certificate");
  const base = fields[0]?.tagClass === CONTEXT && fields[0].type === 0 ? 1 : 0;
  const certSerial = node(fields[base], UNIVERSAL, T.INTEGER, false, "the certificate serial number");
  const certIssuer = node(fields[base + 2], UNIVERSAL, T.SEQUENCE, true, "the certificate issuer");
  if (!toDer(node(sidSerial, UNIVERSAL, T.INTEGER, false, "the signer serial number")).equals(toDer(certSerial)) || !toDer(node(sidIssuer, UNIVERSAL, T.SEQUENCE, true, "the signer issuer")).equals(toDer(certIssuer))) {
    throw new Error("the signer's certificate is not in the signature");
  }

  // RFC 5652 §5.4: the signature covers the DER of the attributes as a SET OF, not the [0] tag.
  const attrsSet = toDer(signedAttrs!);
  attrsSet[0] = 0x31;
  return { digest, signedAttrs: attrsSet, signature: signatureValue, certificate, ...(signingTime ? { signingTime } : {}) };
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const ID_CHARS = "([A-Za-z0-9_-]{1,64})";

/**
 * The attestation id the issuer wrote into the document information dictionary, either as a
 * direct string or (as pdfkit writes info values) an indirect string object.
 */
function attestationIdIn(text: string): string | undefined {
  const direct = new RegExp(`/ProvenantAttestationId\\s*\\(${ID_CHARS}\\)`).exec(text);
  if (direct) return direct[1];
  const ref = /\/ProvenantAttestationId\s+(\d+)\s+(\d+)\s+R/.exec(text);
  if (!ref) return undefined;
  return new RegExp(`(?:^|[\\r\\n])${ref[1]}\\s+${ref[2]}\\s+obj\\s*\\(${ID_CHARS}\\)\\s*endobj`).exec(text)?.[1];
}

export function embeddedAttestationId(pdf: Uint8Array): string | undefined {
  return attestationIdIn(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1"));
}

/** Lowercase hex, as the signer writes it: 'A' for 'a' would decode to the same bytes. */
const CONTENTS_HEX = /^<([0-9a-f]*)>$/;

/**
 * The CMS at the start of the /Contents bytes, and how many bytes it takes: forge reads one DER
 * element and stops, so what follows is the padding.
 */
function cmsAndLength(raw: Buffer): { cms: ParsedCms; length: number } {
  const buffer = forge.util.createBuffer(raw.toString("binary"));
  fromDer(buffer, { strict: true, parseAllBytes: false, decodeBitStrings: false });
  const length = raw.length - buffer.length();
  return { cms: parseCms(raw.subarray(0, length)), length };
}

export function verifySignedPdf(pdf: Uint8Array, knownKeys: readonly KnownKey[]): SignatureVerdict {
  const file = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = file.toString("latin1");
  const attestationId = attestationIdIn(text);
  const base = attestationId ? { attestationId } : {};
  if (!text.startsWith("%PDF-")) return { status: "not-signed", details: ["not a PDF file"] };
  const ranges = [...text.matchAll(BYTE_RANGE)];
  if (ranges.length === 0) return { ...base, status: "not-signed", details: ["the PDF has no byte-range signature"] };
  if (ranges.length > 1) return { ...base, status: "altered", details: [`the PDF carries ${ranges.length} signatures; an attestation is signed once`] };
  const [a, b, c, d] = ranges[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0) return { ...base, status: "altered", details: ["the signed range does not start at the beginning of the file"] };
  if (c + d < file.length) return { ...base, status: "altered", details: [`altered: ${file.length - (c + d)} bytes appended after signature`] };
  if (c + d > file.length || b <= 0 || b >= c) return { ...base, status: "altered", details: ["the signed range does not match the file length (the file was truncated or edited)"] };
  // The one gap is the signature dictionary's /Contents value, and nothing else.
  if (!/\/Contents\s*$/.test(text.slice(Math.max(0, b - 64), b))) return { ...base, status: "altered", details: ["the gap in the signed range is not the signature's /Contents"] };
  const hex = CONTENTS_HEX.exec(text.slice(b, c))?.[1];
  if (hex === undefined || hex.length % 2 !== 0) return { ...base, status: "altered", details: ["the gap in the signed range is not the signature's /Contents"] };
  let cms: ParsedCms;
  try {
    const parsed = cmsAndLength(Buffer.from(hex, "hex"));
    if (!/^0*$/.test(hex.slice(parsed.length * 2))) throw new Error("the padding after the CMS is not all zero");
    cms = parsed.cms;
  } catch (error) {
    return { ...base, status: "altered", details: [`the signature cannot be read: ${(error as Error).message}`] };
  }
  const fingerprint = crypto.createHash("sha256").update(cms.certificate).digest("hex");
  const signed = crypto.createHash("sha256").update(file.subarray(a, a + b)).update(file.subarray(c, c + d)).digest();
  const extra = { ...base, fingerprint, ...(cms.signingTime ? { signingTime: cms.signingTime } : {}) };
  if (!signed.equals(cms.digest)) return { ...extra, status: "altered", details: ["digest mismatch: the signed bytes were changed after signing"] };
  let publicKey: crypto.KeyObject;
  try {
    publicKey = new crypto.X509Certificate(cms.certificate).publicKey;
  } catch {
    return { ...extra, status: "altered", details: ["the signer's certificate cannot be read"] };
  }
  if (publicKey.asymmetricKeyType !== "rsa" || !crypto.verify("sha256", cms.signedAttrs, publicKey, cms.signature)) {
    return { ...extra, status: "altered", details: ["the signature does not verify under the signer's certificate"] };
  }
  const known = knownKeys.find((k) => k.fingerprint === fingerprint);
  if (!known) return { ...extra, status: "unknown-key", details: [`the signature is intact but its certificate (SHA-256 ${fingerprint}) is not a published Provenant key`] };
  return { ...extra, status: "valid", keyId: known.keyId, institution: known.institution, details: [] };
}
