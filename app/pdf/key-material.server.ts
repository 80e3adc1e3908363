// Institution signing keys as material: an RSA-2048 key pair (node:crypto: forge's JS key
// generation takes seconds), a self-signed X.509 certificate made with node-forge, and the private
// key sealed with AES-256-GCM under a key derived (HKDF-SHA256) from SIGNING_KEY_SECRET.
// RSA because node-forge, which builds the certificate and the CMS structures, has no ECDSA
// (TOOLCHAIN.md, "Signed PDFs"). The subject DN is ASCII only: forge double-encodes UTF-8 names in
// the CMS issuer and Poppler/OpenSSL then reject the signature; the accented institution name goes
// in the PDF text instead.
import crypto from "node:crypto";
import forge from "node-forge";

export type KeyMaterial = {
  certificatePem: string;
  publicKeyPem: string;
  privateKeyPem: string;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  fingerprint: string;
};

/** Certificates outlive any attestation validity by far: verification must work years later. */
const CERTIFICATE_YEARS = 30;

export function asciiDnValue(text: string): string {
  const ascii = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/[,+"\\<>;=]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return (ascii || "institution").slice(0, 60);
}

export function certificateFingerprint(certificatePem: string): string {
  return new crypto.X509Certificate(certificatePem).fingerprint256.replace(/:/g, "").toLowerCase();
}

export function generateKeyMaterial(input: { institutionSlug: string; now: Date }): KeyMaterial {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive 128-bit serial: a leading 0x01 byte keeps the DER INTEGER positive.
  cert.serialNumber = `01${crypto.randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(input.now.getTime() - 60_000);
  cert.validity.notAfter = new Date(Date.UTC(input.now.getUTCFullYear() + CERTIFICATE_YEARS, input.now.getUTCMonth(), input.now.getUTCDate()));
  const slug = asciiDnValue(input.institutionSlug);
  const attrs = [
    { name: "commonName", value: `Provenant signing key ${slug}` },
    { name: "organizationName", value: slug },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  return { certificatePem, publicKeyPem, privateKeyPem, fingerprint: certificateFingerprint(certificatePem) };
}

function sealingKey(secret: string, keyId: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.from(keyId, "utf8"), Buffer.from("provenant signing key v1", "utf8"), 32));
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); the key id is the HKDF salt, so rows can't be swapped. */
export function sealPrivateKey(privateKeyPem: string, secret: string, keyId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(secret, keyId), iv);
  const ciphertext = Buffer.concat([cipher.update(privateKeyPem, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function openPrivateKey(sealed: string, secret: string, keyId: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !ciphertext) throw new Error(`Signing key ${keyId}: unknown sealed-key format`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(secret, keyId), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
