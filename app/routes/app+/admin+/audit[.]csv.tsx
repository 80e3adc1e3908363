// GET /app/admin/audit.csv?action=&actor=&subject=&from=&to=: the filtered audit log as CSV, with
// each event's hashes so the chain can be re-checked elsewhere; the export itself is audited
// (audit.exported) in the same write as the read (app/services/audit-export.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { exportAuditLogCsv } from "~/services/audit-export.server";
import { AuditFilterSchema, toAuditFilter } from "./__audit-filter";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "export:audit:any");
  const parsed = AuditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`Invalid filter: ${issue?.path.join(".")}: ${issue?.message}`, { status: 400 });
  }
  const now = new Date();
  const csv = await exportAuditLogCsv(staff, toAuditFilter(parsed.data), parsed.data, now);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
