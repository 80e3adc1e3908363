// Audit chain: every event stores the SHA-256 of the previous event of its chain (one chain per
// institution), so a single altered, removed or reordered row breaks verification
// (PRODUCT.md "Audit log"). Secrets and tokens never enter an event (redactSecrets).
import crypto from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export type AuditRecord = {
  id: string;
  chain: string;
  seq: number;
  institutionId: string | null;
  actorType: "user" | "respondent" | "api-key" | "system";
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  createdAt: string;
};

export type StoredAuditEvent = AuditRecord & { prevHash: string; hash: string };

export function auditEventHash(prevHash: string, record: AuditRecord): string {
  const content = canonicalJson({
    id: record.id,
    chain: record.chain,
    seq: record.seq,
    institutionId: record.institutionId,
    actorType: record.actorType,
    actorId: record.actorId,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    before: record.before ?? null,
    after: record.after ?? null,
    reason: record.reason,
    createdAt: record.createdAt,
  });
  return crypto.createHash("sha256").update(`${prevHash}\n${content}`).digest("hex");
}

export type ChainVerdict =
  | { ok: true; chain: string; count: number; lastHash: string }
  | { ok: false; chain: string; count: number; brokenEventId: string; brokenSeq: number; problem: string };

/** Verifies one chain; `events` must be that chain's events ordered by seq. */
export function verifyChain(chain: string, events: readonly StoredAuditEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) {
      return { ok: false, chain, count: events.length, brokenEventId: event.id, brokenSeq: event.seq, problem: `sequence gap: expected ${expectedSeq}, found ${event.seq}` };
    }
    if (event.prevHash !== prev) {
      return { ok: false, chain, count: events.length, brokenEventId: event.id, brokenSeq: event.seq, problem: "previous-hash mismatch (an earlier event was changed or removed)" };
    }
    const hash = auditEventHash(prev, event);
    if (hash !== event.hash) {
      return { ok: false, chain, count: events.length, brokenEventId: event.id, brokenSeq: event.seq, problem: "hash mismatch (this event was changed)" };
    }
    prev = hash;
    expectedSeq += 1;
  }
  return { ok: true, chain, count: events.length, lastHash: prev };
}

const SECRET_KEY = /(password|secret|token|hash|cookie|authorization|apikey|api_key|privatekey|private_key)/i;

/** Removes any member whose name suggests a secret, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(key)) continue;
      out[key] = redactSecrets(v);
    }
    return out;
  }
  return value;
}
