// Authenticator codes for tests, computed from the secret as an app would (otplib, RFC 6238),
// and enrolment through the real service.
import { generateSync } from "otplib";
import { TOTP_PERIOD_SECONDS } from "~/domain/second-factor";
import { confirmTotpEnrolment, secondFactorStatus, startTotpEnrolment } from "~/services/second-factors.server";

/** The code an authenticator app shows at `at`. */
export function codeAt(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** The code of the step `steps` away from `at` (one step is 30 seconds). */
export function codeSteps(secret: string, at: Date, steps: number): string {
  return codeAt(secret, new Date(at.getTime() + steps * TOTP_PERIOD_SECONDS * 1000));
}

/**
 * Enrols the user with the real service, as of `at` (default: two minutes ago, so that the codes
 * of the steps around now are still unused). Returns the secret and the recovery codes.
 */
export async function enrolTotp(user: { id: string; institutionId: string; email?: string }, at = new Date(Date.now() - 120_000)): Promise<{ secret: string; recoveryCodes: string[] }> {
  const staff = { userId: user.id, institutionId: user.institutionId, email: user.email ?? "someone@example.test" };
  await startTotpEnrolment(staff, at);
  const status = await secondFactorStatus(staff);
  if (status.state !== "pending") throw new Error("enrolTotp: no pending enrolment");
  const result = await confirmTotpEnrolment(staff, codeAt(status.secret, at), at);
  if (!result.ok) throw new Error(`enrolTotp: ${result.reason}`);
  return { secret: status.secret, recoveryCodes: result.recoveryCodes };
}
