import { and, asc, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import type { Tx } from "~/db.server";
import {
  auditEventHash,
  GENESIS_HASH,
  redactSecrets,
  verifyChain,
  type AuditRecord,
  type ChainVerdict,
  type StoredAuditEvent,
} from "~/domain/audit-chain";
import { newId } from "~/ids.server";

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
export function appendAuditEvent(input: AuditInput, tx: Tx): StoredAuditEvent {
  const chain = input.institutionId ?? "system";
  const last = tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.chain, chain))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
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
  const stored: StoredAuditEvent = { ...record, prevHash, hash };
  tx.insert(auditEvents).values(stored).run();
  return stored;
}

function toStored(row: typeof auditEvents.$inferSelect): StoredAuditEvent {
  return { ...row, before: row.before ?? null, after: row.after ?? null };
}

export function verifyAllChains(tx: Tx): ChainVerdict[] {
  const chains = tx.selectDistinct({ chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.chain)).all();
  return chains.map(({ chain }) => verifyInstitutionChain(chain, tx));
}

export function verifyInstitutionChain(chain: string, tx: Tx): ChainVerdict {
  const rows = tx.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq)).all();
  return verifyChain(chain, rows.map(toStored));
}

export type AuditFilter = { action?: string; actorId?: string; subjectId?: string; from?: string; to?: string };

export function listAuditEvents(
  institutionId: string,
  filter: AuditFilter,
  page: { limit: number; beforeSeq?: number },
  tx: Tx,
): StoredAuditEvent[] {
  const conditions: SQL[] = [eq(auditEvents.chain, institutionId)];
  if (filter.action) conditions.push(sql`${auditEvents.action} LIKE ${`${filter.action}%`}`);
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.from) conditions.push(gte(auditEvents.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditEvents.createdAt, filter.to));
  if (page.beforeSeq !== undefined) conditions.push(sql`${auditEvents.seq} < ${page.beforeSeq}`);
  return tx
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(page.limit)
    .all()
    .map(toStored);
}
