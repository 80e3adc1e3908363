// Opaque, roughly time-ordered text ids (portable across SQLite and PostgreSQL) and random tokens.
import crypto from "node:crypto";

export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  return `${time}${crypto.randomBytes(10).toString("base64url")}`;
}

/** 32 random bytes, base64url; only its SHA-256 is ever stored. */
export function newToken(prefix = ""): string {
  return `${prefix}${crypto.randomBytes(32).toString("base64url")}`;
}

export function sha256Hex(value: string | Buffer): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}
