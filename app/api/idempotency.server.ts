// Idempotency-Key (API.md "Conventions"): a creating POST retried with the same key and the same
// request gets the stored response (same status and body) instead of creating twice; the same key
// with a different request is a 409. Keys are per institution; only successful responses are kept,
// so a corrected retry after a 4xx still goes through. The stored body is sealed (encrypted): a
// sent assessment's response carries the respondent link, whose token is otherwise never stored.
import { reads, write } from "~/db.server";
import { seal, unseal } from "./sealing.server";
import { findIdempotencyKey, insertIdempotencyKey } from "~/repositories/idempotency.server";

export async function findStoredResponse(institutionId: string, key: string, requestHash: string): Promise<{ status: number; body: string } | "mismatch" | null> {
  const row = await findIdempotencyKey(institutionId, key, reads());
  if (!row) return null;
  if (row.requestHash !== requestHash) return "mismatch";
  return { status: row.status, body: unseal(row.responseBody, "idempotent-response") };
}

export async function storeResponse(input: { institutionId: string; key: string; method: string; path: string; requestHash: string; status: number; body: string; now: Date }): Promise<void> {
  await write({ institutionId: input.institutionId }, async (tx) =>
    insertIdempotencyKey(
      { institutionId: input.institutionId, key: input.key, method: input.method, path: input.path, requestHash: input.requestHash, status: input.status, responseBody: seal(input.body, "idempotent-response"), createdAt: input.now.toISOString() },
      tx,
    ),
  );
}
