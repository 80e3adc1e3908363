import { keyHandler } from "~/api/handler.server";
import { reads } from "~/db.server";
import { auditEventsPage } from "~/repositories/api-reads.server";
import { AuditQuerySchema, encodeSeqCursor } from "~/schemas/api/audit";

export const loader = keyHandler({ method: "GET", audit: true, query: AuditQuerySchema }, async ({ key, query }) => {
  const rows = await auditEventsPage(key.institutionId, { since: query.since, afterSeq: query.cursor }, query.limit + 1, reads());
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    data: items.map((e) => ({
      id: e.id,
      seq: e.seq,
      actorType: e.actorType,
      actorId: e.actorId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      before: e.before ?? null,
      after: e.after ?? null,
      reason: e.reason,
      createdAt: e.createdAt,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
  };
});
