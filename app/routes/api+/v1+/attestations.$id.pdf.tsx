import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { getDb } from "~/db.server";
import { attestationPdf } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, ({ key, params }) => {
  const row = attestationPdf(key.institutionId, params.id, getDb());
  if (!row) throw new ApiError(404, "not_found", "Attestation not found");
  return new Response(new Uint8Array(row.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="attestation-${row.id}.pdf"`,
      "Content-Length": String(row.pdf.byteLength),
      "Cache-Control": "no-store",
      "X-Content-SHA256": row.sha256,
    },
  });
});
