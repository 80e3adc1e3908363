// Second factors for staff: who must have one, and the attempt limit on codes.
// Source: issue 19 ("Staff identity a bank's security review accepts"); RFC 6238 §5.2 for the
// one-step window either side; NIST SP 800-63B §5.2.2 for limiting failed authentication
// attempts on a one-time-password authenticator.
import type { Role } from "~/auth/permissions";

export const SECOND_FACTOR_POLICIES = ["off", "all", "roles"] as const;
export type SecondFactorPolicy = (typeof SECOND_FACTOR_POLICIES)[number];

/** The roles an admin sees ticked when first requiring a second factor by role. */
export const DEFAULT_SECOND_FACTOR_ROLES: readonly Role[] = ["approver", "admin"];

export type SecondFactorRule = { policy: SecondFactorPolicy; roles: readonly Role[] };

/** Whether a member holding `roles` in the institution must sign in with a second factor. */
export function isSecondFactorRequired(rule: SecondFactorRule, roles: readonly Role[]): boolean {
  if (rule.policy === "all") return true;
  if (rule.policy === "roles") return roles.some((role) => rule.roles.includes(role));
  return false;
}

/** Codes either side of the current 30-second step that are still accepted (clock drift). */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_PERIOD_SECONDS = 30;

/** The RFC 6238 time step (T) of an instant. */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** Consecutive wrong codes (authenticator or recovery) before the factor is paused. */
export const MAX_SECOND_FACTOR_FAILURES = 5;
export const SECOND_FACTOR_LOCK_MINUTES = 15;

export type AttemptState = { failedAttempts: number; lockedUntil: string | null };

export type AttemptDecision = { allowed: true; slot: number; locks: boolean } | { allowed: false; lockedUntil: string };

/**
 * Takes the next code-check slot: refused while paused; an expired pause starts afresh; the slot
 * that reaches the limit pauses the factor before its own check runs (a right code lifts it).
 * The same rule as the password lockout, counted separately.
 */
export function takeAttempt(state: AttemptState, now: Date): { decision: AttemptDecision; next: AttemptState } {
  const nowIso = now.toISOString();
  if (state.lockedUntil && state.lockedUntil > nowIso) return { decision: { allowed: false, lockedUntil: state.lockedUntil }, next: state };
  const slot = (state.lockedUntil ? 0 : state.failedAttempts) + 1;
  const locks = slot >= MAX_SECOND_FACTOR_FAILURES;
  const lockedUntil = locks ? new Date(now.getTime() + SECOND_FACTOR_LOCK_MINUTES * 60_000).toISOString() : null;
  return { decision: { allowed: true, slot, locks }, next: { failedAttempts: slot, lockedUntil } };
}

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand survives. */
export const RECOVERY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 12 characters of 32 = 60 bits each, shown as three groups of four. */
export const RECOVERY_CODE_LENGTH = 12;

/** Turns random bytes (one per character) into a recovery code, e.g. "7K3M-Q9PA-X2DE". */
export function formatRecoveryCode(bytes: Uint8Array): string {
  if (bytes.length < RECOVERY_CODE_LENGTH) throw new Error("not enough random bytes");
  let text = "";
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) text += RECOVERY_CODE_ALPHABET[bytes[i]! % 32];
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

/**
 * What the person typed, as the stored form: case, spaces and dashes ignored, and the letters
 * Crockford reads as digits (O → 0, I and L → 1). Null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const text = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (text.length !== RECOVERY_CODE_LENGTH) return null;
  for (const ch of text) if (!RECOVERY_CODE_ALPHABET.includes(ch)) return null;
  return text;
}

/** A six-digit authenticator code as typed (spaces allowed, e.g. "123 456"); null otherwise. */
export function normalizeTotpCode(input: string): string | null {
  const text = input.replace(/\s/g, "");
  return /^\d{6}$/.test(text) ? text : null;
}
