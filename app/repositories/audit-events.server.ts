// Audit events and their keyed checkpoints (issue 13, L4; docs/decisions/003-keyed-audit-chain.md).
// Every event is appended with an HMAC under the current audit key; a checkpoint is written in
// the same transaction on a chain's first event, then at least every CHECKPOINT_EVERY_EVENTS
// events or on the first event after CHECKPOINT_EVERY_MS, and copied to the checkpoint file once
// the transaction commits (quiet chains are checkpointed by the background work).
import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from "drizzle-orm";
import { auditCheckpoints, auditEvents } from "../../db/tables";
import { getConnection, isInsideWrite, lockScope, reads, onCommit, type Tx, type Reader } from "~/db.server";
import {
  auditEventHash,
  auditEventMac,
  auditKeyring,
  GENESIS_HASH,
  KEYED_FORMAT,
  redactSecrets,
  signCheckpoint,
  verifyChain,
  type AuditCheckpoint,
  type AuditKeyring,
  type AuditRecord,
  type ChainVerdict,
  type SourcedCheckpoint,
  type StoredAuditEvent,
} from "~/domain/audit-chain";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import { appendCheckpointLines, readCheckpointFile, type CheckpointFile } from "./audit-checkpoint-file.server";

export const CHECKPOINT_EVERY_EVENTS = 100;
export const CHECKPOINT_EVERY_MS = 10 * 60_000;

let keyringCache: { secrets: string; keyring: AuditKeyring } | undefined;

/** The audit keys from AUDIT_HMAC_KEY (newest first), or the development default. */
export function currentAuditKeyring(): AuditKeyring {
  const secrets = getEnv().auditHmacKeys;
  const joined = secrets.join(",");
  if (keyringCache?.secrets !== joined) keyringCache = { secrets: joined, keyring: auditKeyring(secrets) };
  return keyringCache.keyring;
}

export type AuditInput = {
  institutionId: string | null;
  actorType: AuditRecord["actorType"];
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  now: Date;
};

/** Appends an event to its institution's chain. Call inside the transaction of the change. */
export async function appendAuditEvent(input: AuditInput, tx: Tx): Promise<StoredAuditEvent> {
  const chain = input.institutionId ?? "system";
  // The chain's end is read and extended under its lock (PostgreSQL; SQLite writes are serial).
  await lockScope(tx, chain);
  const last = (await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.chain, chain))
    .orderBy(desc(auditEvents.seq))
    .limit(1))[0];
  const record: AuditRecord = {
    id: newId(),
    chain,
    seq: (last?.seq ?? 0) + 1,
    institutionId: input.institutionId,
    actorType: input.actorType,
    actorId: input.actorId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    before: input.before === undefined ? null : redactSecrets(input.before),
    after: input.after === undefined ? null : redactSecrets(input.after),
    reason: input.reason ?? null,
    createdAt: input.now.toISOString(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = auditEventHash(prevHash, record);
  const key = currentAuditKeyring().current;
  const stored: StoredAuditEvent = { ...record, prevHash, hash, format: KEYED_FORMAT, keyId: key.id, mac: auditEventMac(key, prevHash, record) };
  await tx.insert(auditEvents).values(stored);
  const lastCheckpoint = await latestCheckpoint(chain, tx);
  if (!lastCheckpoint || stored.seq - lastCheckpoint.seq >= CHECKPOINT_EVERY_EVENTS || input.now.getTime() - Date.parse(lastCheckpoint.createdAt) >= CHECKPOINT_EVERY_MS) {
    await writeCheckpoint({ chain, seq: stored.seq, hash, createdAt: input.now.toISOString() }, tx);
  }
  return stored;
}

async function latestCheckpoint(chain: string, tx: Reader) {
  return (await tx.select({ seq: auditCheckpoints.seq, createdAt: auditCheckpoints.createdAt }).from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(desc(auditCheckpoints.seq)).limit(1))[0];
}

let mirrorPending = false;

async function writeCheckpoint(point: { chain: string; seq: number; hash: string; createdAt: string }, tx: Tx): Promise<void> {
  await tx.insert(auditCheckpoints).values({ id: newId(), ...signCheckpoint(currentAuditKeyring().current, point) });
  mirrorPending = true;
}

/**
 * Checkpoints the head of every chain that has events after its last checkpoint and whose last
 * checkpoint is at least CHECKPOINT_EVERY_MS old (or that has none: chains written before keys
 * existed get their anchor here). Returns how many were written.
 */
export async function checkpointQuietChains(now: Date, tx: Tx): Promise<number> {
  const heads = await tx
    .select({ chain: auditEvents.chain, seq: sql<number>`max(${auditEvents.seq})`.mapWith(Number) })
    .from(auditEvents)
    .groupBy(auditEvents.chain);
  let written = 0;
  for (const head of heads) {
    const last = await latestCheckpoint(head.chain, tx);
    if (last && (last.seq >= head.seq || now.getTime() - Date.parse(last.createdAt) < CHECKPOINT_EVERY_MS)) continue;
    const event = (await tx.select({ hash: auditEvents.hash }).from(auditEvents).where(and(eq(auditEvents.chain, head.chain), eq(auditEvents.seq, head.seq))).limit(1))[0];
    if (!event) continue;
    await writeCheckpoint({ chain: head.chain, seq: head.seq, hash: event.hash, createdAt: now.toISOString() }, tx);
    written += 1;
  }
  return written;
}

// The file copy: which checkpoints this process has already appended to the file. Each chain is
// read from after the highest seq already copied; transactions of different institutions can
// commit in any order on PostgreSQL, and timestamps come from the callers' clocks, so neither a
// row order nor a time is a safe watermark.
let mirrored: { file: string; url: string; keys: Set<string>; highest: Map<string, number> } | undefined;
const keyOf = (c: { chain: string; seq: number; hash: string }) => `${c.chain}\n${c.seq}\n${c.hash}`;

/**
 * Appends to the checkpoint file every committed checkpoint it lacks. Does nothing inside an
 * open write (what it would copy could still roll back).
 */
export async function mirrorCheckpoints(): Promise<number> {
  if (isInsideWrite()) return 0;
  const { url } = getConnection();
  const file = getEnv().auditCheckpointFile;
  mirrorPending = false;
  if (mirrored?.file !== file || mirrored.url !== url) {
    mirrored = { file, url, keys: new Set(readCheckpointFile(file).checkpoints.map(keyOf)), highest: new Map() };
  }
  const state = mirrored;
  const heads = await reads()
    .select({ chain: auditCheckpoints.chain, seq: sql<number>`max(${auditCheckpoints.seq})`.mapWith(Number) })
    .from(auditCheckpoints)
    .groupBy(auditCheckpoints.chain);
  const pending: AuditCheckpoint[] = [];
  for (const head of heads) {
    const from = state.highest.get(head.chain) ?? 0;
    if (head.seq <= from) continue;
    const rows = await reads()
      .select({ chain: auditCheckpoints.chain, seq: auditCheckpoints.seq, hash: auditCheckpoints.hash, createdAt: auditCheckpoints.createdAt, keyId: auditCheckpoints.keyId, mac: auditCheckpoints.mac })
      .from(auditCheckpoints)
      .where(and(eq(auditCheckpoints.chain, head.chain), gt(auditCheckpoints.seq, from)))
      .orderBy(asc(auditCheckpoints.seq));
    for (const row of rows) if (!state.keys.has(keyOf(row))) pending.push(row);
    state.highest.set(head.chain, head.seq);
  }
  appendCheckpointLines(file, pending);
  for (const c of pending) state.keys.add(keyOf(c));
  return pending.length;
}

onCommit(async () => {
  if (!mirrorPending) return;
  try {
    await mirrorCheckpoints();
  } catch (error) {
    mirrorPending = true;
    console.error(`audit checkpoints: cannot append to the checkpoint file (${(error as Error).message}); the background work will retry`);
  }
});

function toStored(row: typeof auditEvents.$inferSelect): StoredAuditEvent {
  return { ...row, before: row.before ?? null, after: row.after ?? null };
}

async function checkpointsOf(chain: string, tx: Reader, file: CheckpointFile): Promise<SourcedCheckpoint[]> {
  const stored = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(asc(auditCheckpoints.seq));
  return [
    ...stored.map(({ id: _id, ...c }) => ({ ...c, source: "database" as const })),
    ...file.checkpoints.filter((c) => c.chain === chain).map((c) => ({ ...c, source: "file" as const })),
  ];
}

function checkpointFile(): CheckpointFile {
  return readCheckpointFile(getEnv().auditCheckpointFile);
}

async function verifyWith(chain: string, tx: Reader, file: CheckpointFile): Promise<ChainVerdict> {
  const rows = await tx.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
  return verifyChain(chain, rows.map(toStored), currentAuditKeyring(), await checkpointsOf(chain, tx, file));
}

async function chainsOf(tx: Reader, file: CheckpointFile): Promise<string[]> {
  const chains = new Set([
    ...(await tx.selectDistinct({ chain: auditEvents.chain }).from(auditEvents)).map((r) => r.chain),
    ...(await tx.selectDistinct({ chain: auditCheckpoints.chain }).from(auditCheckpoints)).map((r) => r.chain),
    ...file.checkpoints.map((c) => c.chain),
  ]);
  return [...chains].sort();
}

export async function verifyAllChains(tx: Reader): Promise<ChainVerdict[]> {
  const file = checkpointFile();
  return await Promise.all((await chainsOf(tx, file)).map((chain) => verifyWith(chain, tx, file)));
}

export async function verifyInstitutionChain(chain: string, tx: Reader): Promise<ChainVerdict> {
  return await verifyWith(chain, tx, checkpointFile());
}

export type AuditLogVerdict = {
  chains: ChainVerdict[];
  file: { path: string; exists: boolean; checkpoints: number; problem: string | null };
};

/**
 * What `npm run audit:verify` reports: every chain (from the events, the checkpoint table and
 * the checkpoint file), and whether the file itself is readable and present when it should be.
 */
export async function verifyAuditLog(tx: Reader): Promise<AuditLogVerdict> {
  const path = getEnv().auditCheckpointFile;
  const file = readCheckpointFile(path);
  const stored = (await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditCheckpoints).limit(1))[0]?.n ?? 0;
  const problem = file.badLines.length
    ? `line ${file.badLines[0]} of the checkpoint file cannot be read`
    : !file.exists && stored > 0
      ? "the checkpoint file is missing, though the database has checkpoints (restore it, or start the server to write it again)"
      : null;
  return { chains: await Promise.all((await chainsOf(tx, file)).map((chain) => verifyWith(chain, tx, file))), file: { path, exists: file.exists, checkpoints: file.checkpoints.length, problem } };
}

export type AuditFilter = { action?: string; actorId?: string; subjectId?: string; from?: string; to?: string };

export async function listAuditEvents(
  institutionId: string,
  filter: AuditFilter,
  page: { limit: number; beforeSeq?: number },
  tx: Reader,
): Promise<StoredAuditEvent[]> {
  const conditions: SQL[] = [eq(auditEvents.chain, institutionId)];
  if (filter.action) conditions.push(sql`${auditEvents.action} LIKE ${`${filter.action}%`}`);
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.from) conditions.push(gte(auditEvents.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditEvents.createdAt, filter.to));
  if (page.beforeSeq !== undefined) conditions.push(sql`${auditEvents.seq} < ${page.beforeSeq}`);
  return (await tx
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(page.limit))
    .map(toStored);
}
