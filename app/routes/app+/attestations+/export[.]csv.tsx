// GET /app/attestations/export.csv?q=&revoked=&from=&to=: the filtered list as CSV, audited as an
// export (attestation.exported) with the filter and row count.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { AttestationFilterSchema, attestationsCsv } from "~/services/attestations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:attestation:any");
  const parsed = AttestationFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`Invalid filter: ${issue?.path.join(".")}: ${issue?.message}`, { status: 400 });
  }
  const now = new Date();
  const csv = await attestationsCsv(staff, parsed.data, now);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="attestations-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
