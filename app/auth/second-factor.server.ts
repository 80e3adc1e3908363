// The cryptography of second factors: TOTP (RFC 6238) through otplib, with the time passed in
// (never the clock inside the library), and recovery codes.
//
// Recovery codes are stored as HMAC-SHA-256 under a key derived (HKDF) from SIGNING_KEY_SECRET,
// not under a slow hash: each code carries 60 random bits, so a slow hash adds nothing against
// guessing online (the attempt limit does that), while the key makes a stolen database alone
// useless for an offline search; and a keyed hash can be looked up directly, where ten scrypt
// checks per attempt would hand anyone a cheap way to load the server.
import crypto from "node:crypto";
import { generateSecret, generateURI, verifySync } from "otplib";
import { getEnv } from "~/env.server";
import { formatRecoveryCode, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH, timeStepAt, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS } from "~/domain/second-factor";

/** A new base32 secret of 20 random bytes (160 bits, RFC 4226 §4's recommendation). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string, issuer: string): string {
  return generateURI({ issuer, label: accountName, secret, period: TOTP_PERIOD_SECONDS, digits: 6, algorithm: "sha1" });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "wrong" | "replayed" };

/**
 * Checks a six-digit code at `now`, one step either side. A code whose step is not after
 * `lastUsedStep` was (or could have been) used already: refused as a replay.
 */
export function checkTotp(secret: string, code: string, now: Date, lastUsedStep: number | null): TotpCheck {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
    algorithm: "sha1",
  });
  if (!result.valid) return { ok: false, reason: "wrong" };
  const step = timeStepAt(now) + result.delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step };
}

function recoveryKey(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getEnv().signingKeySecret, "provenant-recovery-code", "v1", 32));
}

/** The stored form of a normalised recovery code (app/domain/second-factor.ts). */
export function recoveryCodeHash(normalized: string): string {
  return crypto.createHmac("sha256", recoveryKey()).update(normalized).digest("hex");
}

/** Ten fresh codes, as shown to the person (grouped with dashes). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(crypto.randomBytes(RECOVERY_CODE_LENGTH)));
}
