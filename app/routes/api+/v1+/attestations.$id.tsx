import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { attestationJson } from "~/api/present.server";
import { reads } from "~/db.server";
import { attestationMeta } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, async ({ key, params }) => {
  const row = await attestationMeta(key.institutionId, params.id, reads());
  if (!row) throw new ApiError(404, "not_found", "Attestation not found");
  return attestationJson(row);
});
