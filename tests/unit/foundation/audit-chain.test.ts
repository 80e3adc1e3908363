// The keyed audit chain's pure verifier (issue 13, L4; ADR 002), on chains built in memory:
// untouched chains pass; what a plain hash chain cannot see is found without the key: a history
// rewritten with every hash recomputed (kept keyed or downgraded to unkeyed), a forged event
// appended with a valid plain hash, a truncated tail below a checkpoint (database or file), a
// forged checkpoint; key rotation; and pre-keyed (format 1) chains anchored by a keyed event or
// checkpoint after them.
import {
  auditEventHash,
  auditEventMac,
  auditKeyId,
  auditKeyring,
  GENESIS_HASH,
  signCheckpoint,
  verifyChain,
  type AuditKey,
  type AuditRecord,
  type SourcedCheckpoint,
  type StoredAuditEvent,
} from "~/domain/audit-chain";

const OLD = "o".repeat(40);
const NEW = "n".repeat(40);
const ring = auditKeyring([OLD]);
const CHAIN = "inst-1";

function record(seq: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: `ev-${seq}`,
    chain: CHAIN,
    seq,
    institutionId: CHAIN,
    actorType: "user",
    actorId: "usr-1",
    action: "client.updated",
    subjectType: "client",
    subjectId: `cl-${seq}`,
    before: null,
    after: { n: seq },
    reason: null,
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(),
    ...extra,
  };
}

/** Appends like the repository does: keyed with `key`, or unkeyed (format 1) with none. */
function append(events: StoredAuditEvent[], r: AuditRecord, key: AuditKey | null): StoredAuditEvent[] {
  const prevHash = events.at(-1)?.hash ?? GENESIS_HASH;
  const hash = auditEventHash(prevHash, r);
  const stored: StoredAuditEvent = key ? { ...r, prevHash, hash, format: 2, keyId: key.id, mac: auditEventMac(key, prevHash, r) } : { ...r, prevHash, hash, format: 1, keyId: null, mac: null };
  return [...events, stored];
}

function chainOf(n: number, key: AuditKey | null = ring.current): StoredAuditEvent[] {
  let events: StoredAuditEvent[] = [];
  for (let seq = 1; seq <= n; seq++) events = append(events, record(seq), key);
  return events;
}

function checkpointAt(events: StoredAuditEvent[], seq: number, source: SourcedCheckpoint["source"], key: AuditKey = ring.current): SourcedCheckpoint {
  return { ...signCheckpoint(key, { chain: CHAIN, seq, hash: events[seq - 1]!.hash, createdAt: "2026-11-02T00:00:00.000Z" }), source };
}

/** What an attacker with the database but not the key can do: recompute every plain hash. */
function recompute(events: StoredAuditEvent[]): StoredAuditEvent[] {
  let prev = GENESIS_HASH;
  return events.map((e) => {
    const hash = auditEventHash(prev, e);
    const out = { ...e, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe("verifyChain (keyed)", () => {
  it("passes an untouched keyed chain with its checkpoints from the database and the file", () => {
    const events = chainOf(12);
    const checkpoints = [checkpointAt(events, 1, "database"), checkpointAt(events, 12, "database"), checkpointAt(events, 1, "file"), checkpointAt(events, 12, "file")];
    expect(verifyChain(CHAIN, events, ring, checkpoints)).toEqual({ ok: true, chain: CHAIN, count: 12, lastHash: events[11]!.hash });
  });

  it("finds a history rewritten with every hash recomputed, at the first rewritten event", () => {
    const events = chainOf(10);
    const rewritten = recompute(events.map((e) => (e.seq === 4 ? { ...e, after: { n: 999 } } : e)));
    expect(verifyChain(CHAIN, rewritten, ring)).toMatchObject({ ok: false, brokenSeq: 4, brokenEventId: "ev-4", problem: expect.stringMatching(/HMAC mismatch/) });
  });

  it("finds the same rewrite downgraded to unkeyed events (format 1) by the checkpoints", () => {
    const events = chainOf(10);
    const checkpoints = [checkpointAt(events, 1, "database"), checkpointAt(events, 10, "file")];
    const downgraded = recompute(events.map((e) => ({ ...e, format: 1, keyId: null, mac: null, ...(e.seq === 4 ? { after: { n: 999 } } : {}) })));
    // Without checkpoints nothing vouches for unkeyed events that come after no keyed one.
    expect(verifyChain(CHAIN, downgraded, ring)).toMatchObject({ ok: false, brokenSeq: 1, problem: expect.stringMatching(/no keyed event or checkpoint/) });
    // With the file's checkpoint, the event it names no longer matches.
    expect(verifyChain(CHAIN, downgraded, ring, checkpoints)).toMatchObject({ ok: false, problem: expect.stringMatching(/does not match the (database checkpoint|checkpoint file)/) });
  });

  it("finds a forged event appended with a valid plain hash, keyed with a made-up MAC or unkeyed", () => {
    const events = chainOf(6);
    const unkeyed = append(events, record(7, { action: "user.roles-changed" }), null);
    expect(verifyChain(CHAIN, unkeyed, ring)).toMatchObject({ ok: false, brokenSeq: 7, problem: expect.stringMatching(/unkeyed event after keyed ones/) });
    const made = append(events, record(7), ring.current).map((e) => (e.seq === 7 ? { ...e, mac: "ab".repeat(32) } : e));
    expect(verifyChain(CHAIN, made, ring)).toMatchObject({ ok: false, brokenSeq: 7, problem: expect.stringMatching(/HMAC mismatch/) });
    const otherKey = append(events, record(7), { id: ring.current.id, secret: "guessed".repeat(6) });
    expect(verifyChain(CHAIN, otherKey, ring)).toMatchObject({ ok: false, brokenSeq: 7 });
  });

  it("finds a truncated tail below the last checkpoint, from the database or from the file alone", () => {
    const events = chainOf(20);
    const truncated = events.slice(0, 15);
    const fromDb = verifyChain(CHAIN, truncated, ring, [checkpointAt(events, 1, "database"), checkpointAt(events, 20, "database")]);
    expect(fromDb).toMatchObject({ ok: false, brokenSeq: 16, brokenEventId: "", problem: expect.stringMatching(/missing tail: the database checkpoint .* covers event #20, but the chain ends at #15/) });
    // The attacker removed the table's checkpoints too; the file still has them.
    const fromFile = verifyChain(CHAIN, truncated, ring, [checkpointAt(events, 1, "database"), checkpointAt(events, 20, "file")]);
    expect(fromFile).toMatchObject({ ok: false, brokenSeq: 16, problem: expect.stringMatching(/missing tail: the checkpoint file/) });
    // A whole chain removed: the file alone names it.
    expect(verifyChain(CHAIN, [], ring, [checkpointAt(events, 20, "file")])).toMatchObject({ ok: false, brokenSeq: 1, count: 0 });
  });

  it("refuses a forged checkpoint; accepts a file checkpoint the database copy lacks when the events match it", () => {
    const events = chainOf(5);
    const forged = { ...checkpointAt(events, 5, "file"), seq: 9, mac: "00".repeat(32) };
    expect(verifyChain(CHAIN, events, ring, [forged])).toMatchObject({ ok: false, problem: expect.stringMatching(/wrong HMAC/) });
    // A hot backup taken after the events' commit and before their checkpoint's: not tampering.
    expect(verifyChain(CHAIN, events, ring, [checkpointAt(events, 5, "file")])).toMatchObject({ ok: true, count: 5 });
    // But the events must still match what the file vouches for.
    const altered = { ...signCheckpoint(ring.current, { chain: CHAIN, seq: 5, hash: "ab".repeat(32), createdAt: "2026-11-02T00:00:00.000Z" }), source: "file" as const };
    expect(verifyChain(CHAIN, events, ring, [altered])).toMatchObject({ ok: false, brokenSeq: 5, problem: expect.stringMatching(/does not match/) });
  });

  it("verifies after a key rotation with both keys, and names events under a key no longer configured", () => {
    const oldKey = auditKeyring([OLD]).current;
    const rotated = auditKeyring([NEW, OLD]);
    expect(rotated.current.id).toBe(auditKeyId(NEW));
    let events = chainOf(3, oldKey);
    events = append(events, record(4), rotated.current);
    events = append(events, record(5), rotated.current);
    expect(events.map((e) => e.keyId)).toEqual([oldKey.id, oldKey.id, oldKey.id, rotated.current.id, rotated.current.id]);
    const checkpoints = [checkpointAt(events, 1, "database", oldKey), checkpointAt(events, 5, "database", rotated.current)];
    expect(verifyChain(CHAIN, events, rotated, checkpoints).ok).toBe(true);
    expect(verifyChain(CHAIN, events, auditKeyring([NEW]), [])).toMatchObject({ ok: false, brokenSeq: 1, problem: expect.stringMatching(/unknown audit key/) });
    expect(verifyChain(CHAIN, events, auditKeyring([OLD]), [])).toMatchObject({ ok: false, brokenSeq: 4, problem: expect.stringMatching(/unknown audit key/) });
    expect(auditKeyId(NEW)).not.toContain(NEW.slice(0, 8));
  });

  it("checks pre-keyed (format 1) events the old way, trusting them once a keyed event or checkpoint follows", () => {
    const legacy = chainOf(4, null);
    expect(verifyChain(CHAIN, legacy, ring)).toMatchObject({ ok: false, brokenSeq: 1, problem: expect.stringMatching(/never anchored/) });
    expect(verifyChain(CHAIN, legacy, ring, [checkpointAt(legacy, 4, "database")]).ok).toBe(true);
    const continued = append(legacy, record(5), ring.current);
    expect(verifyChain(CHAIN, continued, ring).ok).toBe(true);
    // A legacy event edited, hashes recomputed up to the keyed event: its HMAC covers the
    // previous hash, so the keyed event breaks.
    const edited = recompute(continued.map((e) => (e.seq === 2 ? { ...e, after: { n: -1 } } : e)));
    expect(verifyChain(CHAIN, edited, ring)).toMatchObject({ ok: false, brokenSeq: 5, problem: expect.stringMatching(/HMAC mismatch/) });
    // Single-row edits are still named where they happen.
    const single = legacy.map((e) => (e.seq === 3 ? { ...e, reason: "edited" } : e));
    expect(verifyChain(CHAIN, single, ring, [checkpointAt(legacy, 4, "database")])).toMatchObject({ ok: false, brokenSeq: 3, problem: expect.stringMatching(/hash mismatch/) });
  });
});
