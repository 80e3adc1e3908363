// A detached CMS SignedData signer for PDF byte ranges (RFC 5652; the structure PAdES
// "ETSI.CAdES.detached" expects), with RSA PKCS#1 v1.5 over SHA-256 done by node:crypto.
// Why not @signpdf/signer-p12: it re-parses a PKCS#12 and signs in JavaScript on every call
// (~12 ms of a ~40 ms signature, TOOLCHAIN.md); here the key and certificate are parsed once per
// process. The signed attributes carry content-type, signing-time, message-digest and
// signing-certificate-v2 (the ESS attribute PAdES B-B asks for). The issuer and serial number are
// copied byte for byte from the certificate, never re-encoded, so non-ASCII names can't be mangled.
import crypto from "node:crypto";
import forge from "node-forge";
import { Signer } from "@signpdf/utils";

const { asn1 } = forge;
const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
} as const;

type Asn1 = forge.asn1.Asn1;

function oid(value: string): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}
function seq(items: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
}
function set(items: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
}
function octets(bytes: Buffer): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString("binary"));
}
function nullValue(): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "");
}
function int(value: number): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
}
function algorithm(id: string, withNull: boolean): Asn1 {
  return seq(withNull ? [oid(id), nullValue()] : [oid(id)]);
}
function der(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), "binary");
}
/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5, which CMS signing-time follows). */
function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

export type ParsedSigningKey = {
  privateKey: crypto.KeyObject;
  certificateDer: Buffer;
  certificate: Asn1;
  issuer: Asn1;
  serialNumber: Asn1;
};

export function parseSigningKey(privateKeyPem: string, certificatePem: string): ParsedSigningKey {
  const certificateDer = Buffer.from(new crypto.X509Certificate(certificatePem).raw);
  const certificate = asn1.fromDer(certificateDer.toString("binary"));
  const tbs = (certificate.value as Asn1[])[0];
  const tbsFields = tbs?.value as Asn1[] | undefined;
  // tbsCertificate: [0] version, serialNumber, signature, issuer, …
  const serialNumber = tbsFields?.[1];
  const issuer = tbsFields?.[3];
  if (!serialNumber || !issuer) throw new Error("The signing certificate is not a v3 X.509 certificate");
  return { privateKey: crypto.createPrivateKey(privateKeyPem), certificateDer, certificate, issuer, serialNumber };
}

/** The DER of a detached SignedData over `content`, signed at `signingTime`. */
export function signDetached(content: Buffer, key: ParsedSigningKey, signingTime: Date): Buffer {
  const digest = crypto.createHash("sha256").update(content).digest();
  const certHash = crypto.createHash("sha256").update(key.certificateDer).digest();
  const attributes = [
    seq([oid(OID.contentType), set([oid(OID.data)])]),
    seq([oid(OID.signingTime), set([time(signingTime)])]),
    seq([oid(OID.messageDigest), set([octets(digest)])]),
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; the hash algorithm is
    // the default (SHA-256) and so omitted.
    seq([oid(OID.signingCertificateV2), set([seq([seq([seq([octets(certHash)])])])])]),
  ];
  // DER orders the members of a SET OF by their encodings; verifiers hash what is there, but
  // strict parsers reject an unsorted set.
  const sorted = attributes.map((a) => ({ node: a, bytes: der(a) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const signedAttrsSet = Buffer.concat([derHeader(0x31, sorted.reduce((n, a) => n + a.bytes.length, 0)), ...sorted.map((a) => a.bytes)]);
  const signature = crypto.sign("sha256", signedAttrsSet, key.privateKey);
  const signedAttrs = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, sorted.map((a) => a.node));
  const signerInfo = seq([
    int(1),
    seq([key.issuer, key.serialNumber]),
    algorithm(OID.sha256, true),
    signedAttrs,
    algorithm(OID.rsaEncryption, true),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256, true)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [key.certificate]),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

/** The @signpdf Signer for one parsed key: SignPdf hands it the bytes outside /Contents. */
export class CmsSigner extends Signer {
  constructor(private readonly key: ParsedSigningKey) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    if (!signingTime) throw new Error("CmsSigner needs an explicit signing time (attestations are reproducible)");
    return signDetached(pdfBuffer, this.key, signingTime);
  }
}
