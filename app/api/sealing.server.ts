// Values the server must read back in clear but must not keep in clear at rest (a webhook's
// signing secret; an idempotent response that carries a respondent link; an outgoing e-mail that
// carries one; a staff member's authenticator-app secret): AES-256-GCM under a key
// derived (HKDF) from SIGNING_KEY_SECRET, one key per purpose.
import crypto from "node:crypto";
import { getEnv } from "~/env.server";

export type SealPurpose = "webhook-secret" | "idempotent-response" | "outbox-body" | "totp-secret";

function keyFor(purpose: SealPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getEnv().signingKeySecret, `provenant-${purpose}`, "v1", 32));
}

export function seal(text: string, purpose: SealPurpose): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const encrypted = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString("base64url")}`;
}

export function unseal(sealed: string, purpose: SealPurpose): string {
  if (!sealed.startsWith("v1:")) throw new Error("unknown sealed format");
  const raw = Buffer.from(sealed.slice(3), "base64url");
  const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
