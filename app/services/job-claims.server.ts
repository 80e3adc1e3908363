// Who this process is when it claims jobs, and for how long a claim holds (docs/decisions/014-job-claims.md).
import crypto from "node:crypto";
import os from "node:os";

/** This process's claimant id: host, pid and a random part (a restarted process is a new claimant). */
export const CLAIMANT = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

/** A claim lasts this long: longer than one delivery's timeout, short enough that a crashed instance's jobs are retried soon. */
export const CLAIM_LEASE_MS = 2 * 60_000;

export function leaseUntil(now: Date): string {
  return new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
}
