// The audit log exported as CSV (GET /app/admin/audit.csv): the filtered events with their
// hashes, so the chain can be re-checked elsewhere. The export is itself audited
// (audit.exported) in the same write as the read, so the log says who took which rows.
import { write } from "~/db.server";
import { csvCell } from "~/exports/csv";
import { appendAuditEvent, listAuditEvents, type AuditFilter } from "~/repositories/audit-events.server";

const COLUMNS = ["seq", "id", "created_at", "actor_type", "actor_id", "action", "subject_type", "subject_id", "reason", "before", "after", "prev_hash", "hash"];

export async function exportAuditLogCsv(actor: { institutionId: string; userId: string }, filter: AuditFilter, filterAsGiven: Record<string, unknown>, now: Date): Promise<string> {
  return write({ institutionId: actor.institutionId }, async (tx) => {
    const events = await listAuditEvents(actor.institutionId, filter, { limit: 1_000_000 }, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "audit.exported", subjectType: "audit-log", after: { filter: filterAsGiven, rows: events.length }, now }, tx);
    const lines = events
      .slice()
      .reverse()
      .map((e) =>
        [e.seq, e.id, e.createdAt, e.actorType, e.actorId, e.action, e.subjectType, e.subjectId, e.reason, e.before === null ? "" : JSON.stringify(e.before), e.after === null ? "" : JSON.stringify(e.after), e.prevHash, e.hash]
          .map(csvCell)
          .join(","),
      );
    return [COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
  });
}
