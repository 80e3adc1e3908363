// GET /app/admin/audit.csv?action=&actor=&subject=&from=&to=: the filtered audit log as CSV, with
// each event's hashes so the chain can be re-checked elsewhere; the export itself is audited
// (audit.exported) in the same transaction as the read.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { write } from "~/db.server";
import { appendAuditEvent, listAuditEvents } from "~/repositories/audit-events.server";
import { csvCell } from "~/exports/csv";
import { AuditFilterSchema, toAuditFilter } from "./__audit-filter";

const COLUMNS = ["seq", "id", "created_at", "actor_type", "actor_id", "action", "subject_type", "subject_id", "reason", "before", "after", "prev_hash", "hash"];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "export:audit:any");
  const parsed = AuditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`Invalid filter: ${issue?.path.join(".")}: ${issue?.message}`, { status: 400 });
  }
  const now = new Date();
  const csv = (await write({ institutionId: staff.institutionId }, async (tx) => {
    const events = (await listAuditEvents(staff.institutionId, toAuditFilter(parsed.data), { limit: 1_000_000 }, tx));
    (await appendAuditEvent({ institutionId: staff.institutionId, actorType: "user", actorId: staff.userId, action: "audit.exported", subjectType: "audit-log", after: { filter: parsed.data, rows: events.length }, now }, tx));
    const lines = events
      .slice()
      .reverse()
      .map((e) =>
        [e.seq, e.id, e.createdAt, e.actorType, e.actorId, e.action, e.subjectType, e.subjectId, e.reason, e.before === null ? "" : JSON.stringify(e.before), e.after === null ? "" : JSON.stringify(e.after), e.prevHash, e.hash]
          .map(csvCell)
          .join(","),
      );
    return [COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
  }));
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
