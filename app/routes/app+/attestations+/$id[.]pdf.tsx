// GET /app/attestations/:id.pdf: the signed PDF exactly as issued, as an attachment; audited as an
// export (attestation.downloaded). Another institution's id is a 404. A resource route: it exports
// no component and no ErrorBoundary (either would make Remix render the HTML layout instead).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { downloadAttestation } from "~/services/attestations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:attestation:any");
  try {
    const { pdf, fileName } = await downloadAttestation(staff, params.id ?? "", new Date());
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Content-Length": String(pdf.length),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}
