// Verification of a signed attestation PDF, offline: the one core behind the /verify page, the
// verify API and `npm run verify` (issue 8; the procedure is TOOLCHAIN.md "Signed PDFs",
// cross-checked there against Poppler's pdfsig). Rule: a PDF is valid when it carries exactly one
// byte-range signature that covers the whole file except its /Contents hex, that signature is a
// detached CMS SignedData whose SHA-256 messageDigest equals the digest of the signed ranges
// (RFC 5652 §5.4), whose signed attributes verify under its certificate's public key, and whose
// certificate is one of the institutions' published keys (matched by SHA-256 fingerprint of the
// DER). Any changed byte in the signed range changes the digest; bytes after the signed range are
// an incremental update the signer never saw. Pure: no I/O, no clock; node:crypto only hashes
// and verifies.
import crypto from "node:crypto";
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

// ---- a minimal DER reader: exact byte slices, so nothing is re-encoded before hashing ----------

type Tlv = { tag: number; start: number; contentStart: number; end: number };

function readTlv(buf: Buffer, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new Error("truncated DER");
  const tag = buf[offset]!;
  const first = buf[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error("truncated DER");
  return { tag, start: offset, contentStart, end };
}

function children(buf: Buffer, node: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = readTlv(buf, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

function bytes(buf: Buffer, node: Tlv): Buffer {
  return buf.subarray(node.start, node.end);
}
function content(buf: Buffer, node: Tlv): Buffer {
  return buf.subarray(node.contentStart, node.end);
}

const OID = {
  signedData: "2a864886f70d010702",
  data: "2a864886f70d010701",
  sha256: "608648016503040201",
  messageDigest: "2a864886f70d010904",
  signingTime: "2a864886f70d010905",
  rsaEncryption: "2a864886f70d010101",
  sha256WithRsa: "2a864886f70d01010b",
} as const;

function oidHex(buf: Buffer, node: Tlv | undefined): string | undefined {
  return node && node.tag === 0x06 ? content(buf, node).toString("hex") : undefined;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(what);
  return value;
}

function asn1Time(buf: Buffer, node: Tlv): string | undefined {
  const text = content(buf, node).toString("latin1");
  const m = node.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const year = node.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1])) : Number(m[1]);
  return `${String(year).padStart(4, "0")}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
}

type ParsedCms = { digest: Buffer; signedAttrs: Buffer; signature: Buffer; certificate: Buffer; signingTime?: string };

/** Reads a detached SHA-256 SignedData with one signer, and finds that signer's certificate. */
function parseCms(buf: Buffer): ParsedCms {
  const contentInfo = readTlv(buf, 0, buf.length);
  const [type, explicit] = children(buf, contentInfo);
  if (oidHex(buf, type) !== OID.signedData || !explicit || explicit.tag !== 0xa0) throw new Error("not a CMS SignedData");
  const signedData = need(children(buf, explicit)[0], "empty SignedData");
  const parts = children(buf, signedData);
  const encap = need(parts[2], "no encapsulated content info");
  const encapParts = children(buf, encap);
  if (oidHex(buf, encapParts[0]) !== OID.data) throw new Error("the signed content type is not id-data");
  if (encapParts.length > 1) throw new Error("the signature is not detached (it embeds content)");
  const certificates = parts.find((p) => p.tag === 0xa0);
  const signerInfos = need(parts[parts.length - 1], "no signer infos");
  if (signerInfos.tag !== 0x31) throw new Error("no signer infos");
  const signers = children(buf, signerInfos);
  if (signers.length !== 1) throw new Error(`expected one signer, found ${signers.length}`);
  const info = children(buf, signers[0]!);
  const sid = need(info[1], "no signer identifier");
  if (oidHex(buf, need(children(buf, need(info[2], "no digest algorithm"))[0], "no digest algorithm")) !== OID.sha256) throw new Error("the digest algorithm is not SHA-256");
  const signedAttrs = need(info[3], "no signed attributes");
  if (signedAttrs.tag !== 0xa0) throw new Error("no signed attributes");
  const signatureAlgorithm = oidHex(buf, children(buf, need(info[4], "no signature algorithm"))[0]);
  if (signatureAlgorithm !== OID.rsaEncryption && signatureAlgorithm !== OID.sha256WithRsa) throw new Error("the signature algorithm is not RSA with SHA-256");
  const signature = need(info[5], "no signature value");

  let digest: Buffer | undefined;
  let signingTime: string | undefined;
  for (const attribute of children(buf, signedAttrs)) {
    const [attrType, values] = children(buf, attribute);
    const value = values ? children(buf, values)[0] : undefined;
    const id = oidHex(buf, attrType);
    if (id === OID.messageDigest && value?.tag === 0x04) digest = Buffer.from(content(buf, value));
    if (id === OID.signingTime && value) signingTime = asn1Time(buf, value);
  }
  if (!digest) throw new Error("no message-digest attribute");

  // The signer's certificate is the one whose issuer and serial number are the signer identifier.
  if (sid.tag !== 0x30) throw new Error("the signer is not identified by issuer and serial number");
  const [sidIssuer, sidSerial] = children(buf, sid);
  let certificate: Buffer | undefined;
  for (const cert of certificates ? children(buf, certificates) : []) {
    const tbs = need(children(buf, cert)[0], "empty certificate");
    const fields = children(buf, tbs);
    const base = fields[0]?.tag === 0xa0 ? 1 : 0;
    const serial = fields[base];
    const issuer = fields[base + 2];
    if (serial && issuer && sidIssuer && sidSerial && bytes(buf, serial).equals(bytes(buf, sidSerial)) && bytes(buf, issuer).equals(bytes(buf, sidIssuer))) {
      certificate = Buffer.from(bytes(buf, cert));
    }
  }
  if (!certificate) throw new Error("the signer's certificate is not in the signature");

  // RFC 5652 §5.4: the signature covers the DER of the attributes as a SET OF, not the [0] tag.
  const attrsSet = Buffer.from(bytes(buf, signedAttrs));
  attrsSet[0] = 0x31;
  return { digest, signedAttrs: attrsSet, signature: Buffer.from(content(buf, signature)), certificate, signingTime };
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
  if (c + d > file.length || b >= c) return { ...base, status: "altered", details: ["the signed range does not match the file length (the file was truncated or edited)"] };
  const hex = text.slice(b, c);
  if (!/^<[0-9a-fA-F]*>$/.test(hex) || hex.length % 2 !== 0) return { ...base, status: "altered", details: ["the gap in the signed range is not the signature's /Contents"] };
  let cms: ParsedCms;
  try {
    const raw = Buffer.from(hex.slice(1, -1), "hex");
    const outer = readTlv(raw, 0, raw.length);
    cms = parseCms(raw.subarray(0, outer.end));
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
  if (!crypto.verify("sha256", cms.signedAttrs, publicKey, cms.signature)) {
    return { ...extra, status: "altered", details: ["the signature does not verify under the signer's certificate"] };
  }
  const known = knownKeys.find((k) => k.fingerprint === fingerprint);
  if (!known) return { ...extra, status: "unknown-key", details: [`the signature is intact but its certificate (SHA-256 ${fingerprint}) is not a published Provenant key`] };
  return { ...extra, status: "valid", keyId: known.keyId, institution: known.institution, details: [] };
}
