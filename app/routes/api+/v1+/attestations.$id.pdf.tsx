import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { reads } from "~/db.server";
import { attestationPdf } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, async ({ key, params }) => {
  const row = await attestationPdf(key.institutionId, params.id, reads());
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
