// Audit chain: every event stores the SHA-256 of the previous event of its chain (one chain per
// institution), so a single altered, removed or reordered row breaks verification
// (PRODUCT.md "Audit log"). Secrets and tokens never enter an event (redactSecrets).
//
// Keyed (issue 13, L4; docs/decisions/003-keyed-audit-chain.md): since format 2 every event also
// carries an HMAC-SHA256, under an audit key kept outside the database, over its key id, the
// previous hash and its canonical content; and keyed checkpoints (chain, seq, hash) are kept in
// the database and in a file beside it. Someone who can write the database but has no key can
// recompute the plain hashes, but not the HMACs: a rewritten history, a forged appended event and
// (up to the last checkpoint) a truncated tail are found. Format-1 events, written before keys
// existed, are checked the old way and trusted only when a keyed event or checkpoint after them
// anchors them. Pure: the keys come in as arguments.
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

/** format 1: unkeyed (before issue 13); format 2: keyed, with keyId and mac. */
export type AuditFormat = 1 | 2;
export const KEYED_FORMAT = 2;

export type StoredAuditEvent = AuditRecord & { prevHash: string; hash: string; format: number; keyId: string | null; mac: string | null };

/** An audit key: the secret and its public id (a short hash of the secret, never the secret). */
export type AuditKey = { id: string; secret: string };
/** The keys from configuration, newest first: the first signs, every one verifies. */
export type AuditKeyring = { current: AuditKey; byId: ReadonlyMap<string, AuditKey> };

export function auditKeyId(secret: string): string {
  return `ak_${crypto.createHash("sha256").update(`provenant audit key id\n${secret}`).digest("hex").slice(0, 16)}`;
}

export function auditKeyring(secrets: readonly string[]): AuditKeyring {
  if (secrets.length === 0) throw new Error("no audit key");
  const keys = secrets.map((secret) => ({ id: auditKeyId(secret), secret }));
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

function recordContent(record: AuditRecord): string {
  return canonicalJson({
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
}

export function auditEventHash(prevHash: string, record: AuditRecord): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${recordContent(record)}`).digest("hex");
}

/** The keyed MAC of a format-2 event: over the key id, the previous hash and the content. */
export function auditEventMac(key: AuditKey, prevHash: string, record: AuditRecord): string {
  return crypto.createHmac("sha256", key.secret).update(`provenant audit event v2\n${key.id}\n${prevHash}\n${recordContent(record)}`).digest("hex");
}

export type AuditCheckpoint = { chain: string; seq: number; hash: string; createdAt: string; keyId: string; mac: string };

export function checkpointMac(key: AuditKey, checkpoint: Omit<AuditCheckpoint, "keyId" | "mac">): string {
  const content = canonicalJson({ chain: checkpoint.chain, seq: checkpoint.seq, hash: checkpoint.hash, createdAt: checkpoint.createdAt });
  return crypto.createHmac("sha256", key.secret).update(`provenant audit checkpoint v2\n${key.id}\n${content}`).digest("hex");
}

export function signCheckpoint(key: AuditKey, checkpoint: Omit<AuditCheckpoint, "keyId" | "mac">): AuditCheckpoint {
  return { chain: checkpoint.chain, seq: checkpoint.seq, hash: checkpoint.hash, createdAt: checkpoint.createdAt, keyId: key.id, mac: checkpointMac(key, checkpoint) };
}

function macMatches(expected: string, actual: string | null): boolean {
  return actual !== null && actual.length === expected.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(actual));
}

export type ChainVerdict =
  | { ok: true; chain: string; count: number; lastHash: string }
  | { ok: false; chain: string; count: number; brokenEventId: string; brokenSeq: number; problem: string };

/** Where a checkpoint was read: the database table or the file outside it. */
export type CheckpointSource = "database" | "file";
export type SourcedCheckpoint = AuditCheckpoint & { source: CheckpointSource };

const SOURCE_NAME: Record<CheckpointSource, string> = { database: "database checkpoint", file: "checkpoint file" };

/**
 * Verifies one chain; `events` must be that chain's events ordered by seq, `checkpoints` that
 * chain's checkpoints from the database and the file. Names the first broken event, or the first
 * missing one when the chain ends before a checkpoint says it did.
 */
export function verifyChain(chain: string, events: readonly StoredAuditEvent[], keyring: AuditKeyring, checkpoints: readonly SourcedCheckpoint[] = []): ChainVerdict {
  const count = events.length;
  const broken = (event: { id: string; seq: number }, problem: string): ChainVerdict => ({ ok: false, chain, count, brokenEventId: event.id, brokenSeq: event.seq, problem });
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let lastKeyedSeq = 0;
  for (const event of events) {
    if (event.seq !== expectedSeq) return broken(event, `sequence gap: expected ${expectedSeq}, found ${event.seq}`);
    if (event.prevHash !== prev) return broken(event, "previous-hash mismatch (an earlier event was changed or removed)");
    const hash = auditEventHash(prev, event);
    if (hash !== event.hash) return broken(event, "hash mismatch (this event was changed)");
    if (event.format === KEYED_FORMAT) {
      const key = event.keyId === null ? undefined : keyring.byId.get(event.keyId);
      if (!key) return broken(event, `HMAC under an unknown audit key (${event.keyId ?? "none"}): written without the audit key, or the key was removed from AUDIT_HMAC_KEY`);
      if (!macMatches(auditEventMac(key, prev, event), event.mac)) return broken(event, "HMAC mismatch (this event was written or rewritten without the audit key)");
      lastKeyedSeq = event.seq;
    } else if (event.format === 1) {
      if (lastKeyedSeq > 0) return broken(event, "an unkeyed event after keyed ones (appended without the audit key)");
    } else {
      return broken(event, `unknown chain format ${event.format}`);
    }
    prev = hash;
    expectedSeq += 1;
  }

  let anchoredSeq = lastKeyedSeq;
  for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    const where = SOURCE_NAME[checkpoint.source];
    const key = keyring.byId.get(checkpoint.keyId);
    const event = events[checkpoint.seq - 1];
    const at = event ?? { id: "", seq: checkpoint.seq };
    if (checkpoint.chain !== chain || !Number.isInteger(checkpoint.seq) || checkpoint.seq < 1) return broken(at, `the ${where} is malformed`);
    if (!key) return broken(at, `the ${where} for event #${checkpoint.seq} is under an unknown audit key (${checkpoint.keyId})`);
    if (!macMatches(checkpointMac(key, checkpoint), checkpoint.mac)) return broken(at, `the ${where} for event #${checkpoint.seq} has a wrong HMAC (forged without the audit key)`);
    if (!event) {
      return broken({ id: "", seq: count + 1 }, `missing tail: the ${where} of ${checkpoint.createdAt} covers event #${checkpoint.seq}, but the chain ends at #${count} (events were removed from the end)`);
    }
    if (event.hash !== checkpoint.hash) return broken(event, `this event does not match the ${where} of ${checkpoint.createdAt}`);
    // A file checkpoint the database lacks, over events that match it, is no tampering: a hot
    // backup taken between the commit of the events and of their checkpoint looks exactly so.
    anchoredSeq = Math.max(anchoredSeq, checkpoint.seq);
  }
  const unanchored = events.find((e) => e.format === 1 && e.seq > anchoredSeq);
  if (unanchored) return broken(unanchored, "an unkeyed event that no keyed event or checkpoint after it vouches for (appended without the audit key, or written before keys and never anchored)");
  return { ok: true, chain, count, lastHash: prev };
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
