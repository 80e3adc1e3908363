// Idempotency-Key (API.md "Conventions"): a creating POST retried with the same key and the same
// request gets the stored response (same status and body) instead of creating twice; the same key
// with a different request is a 409. Keys are per institution; only successful responses are kept,
// so a corrected retry after a 4xx still goes through.
import { getDb, inTransaction } from "~/db.server";
import { findIdempotencyKey, insertIdempotencyKey } from "~/repositories/idempotency.server";

export function findStoredResponse(institutionId: string, key: string, requestHash: string): { status: number; body: string } | "mismatch" | null {
  const row = findIdempotencyKey(institutionId, key, getDb());
  if (!row) return null;
  if (row.requestHash !== requestHash) return "mismatch";
  return { status: row.status, body: row.responseBody };
}

export function storeResponse(input: { institutionId: string; key: string; method: string; path: string; requestHash: string; status: number; body: string; now: Date }): void {
  inTransaction((tx) =>
    insertIdempotencyKey(
      { institutionId: input.institutionId, key: input.key, method: input.method, path: input.path, requestHash: input.requestHash, status: input.status, responseBody: input.body, createdAt: input.now.toISOString() },
      tx,
    ),
  );
}
