// Idempotency-Key (API.md "Conventions"): a creating POST retried with the same key and the same
// request gets the stored response (same status and body) instead of creating twice; the same key
// with a different request is a 409. Keys are per institution; only successful responses are kept,
// so a corrected retry after a 4xx still goes through. The stored body is sealed (encrypted): a
// sent assessment's response carries the respondent link, whose token is otherwise never stored.
//
// Several app instances may get the same key at once (docs/decisions/014-job-claims.md): the key is
// claimed by inserting its row first, in progress; the request that inserted it runs, the others
// wait for its response and replay it. A claim left in progress for longer than ABANDONED_MS (its
// instance died mid-request) is taken over.
import { reads, write } from "~/db.server";
import { seal, unseal } from "./sealing.server";
import { claimIdempotencyKey, completeIdempotencyKey, findIdempotencyKey, IN_PROGRESS, releaseIdempotencyKey } from "~/repositories/idempotency.server";

export const ABANDONED_MS = 60_000;
const WAIT_STEP_MS = 20;
const WAIT_LIMIT_MS = 15_000;

export type Claim =
  | { state: "claimed" }
  | { state: "stored"; status: number; body: string }
  | { state: "mismatch" }
  | { state: "in-progress" };

type Request = { institutionId: string; key: string; method: string; path: string; requestHash: string };

/** Claims the key, or waits for the request that holds it and returns what it stored. */
export async function claimOrReplay(input: Request, now: Date): Promise<Claim> {
  const started = Date.now();
  for (;;) {
    const claimed = await write({ institutionId: input.institutionId }, (tx) =>
      claimIdempotencyKey({ institutionId: input.institutionId, key: input.key, method: input.method, path: input.path, requestHash: input.requestHash, createdAt: now.toISOString() }, tx),
    );
    if (claimed) return { state: "claimed" };
    const row = await findIdempotencyKey(input.institutionId, input.key, reads());
    if (!row) continue; // released between the insert and the read: claim again
    if (row.requestHash !== input.requestHash) return { state: "mismatch" };
    if (row.status !== IN_PROGRESS) return { state: "stored", status: row.status, body: unseal(row.responseBody, "idempotent-response") };
    if (Date.now() - Date.parse(row.createdAt) > ABANDONED_MS && Date.now() - started > WAIT_STEP_MS) {
      await write({ institutionId: input.institutionId }, (tx) => releaseIdempotencyKey(input.institutionId, input.key, row.createdAt, tx));
      continue;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) return { state: "in-progress" };
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

export async function storeResponse(input: { institutionId: string; key: string; status: number; body: string }): Promise<void> {
  await write({ institutionId: input.institutionId }, async (tx) =>
    completeIdempotencyKey(input.institutionId, input.key, { status: input.status, responseBody: seal(input.body, "idempotent-response") }, tx),
  );
}

export async function releaseClaim(institutionId: string, key: string): Promise<void> {
  await write({ institutionId }, async (tx) => releaseIdempotencyKey(institutionId, key, null, tx));
}
