import { keyHandler } from "~/api/handler.server";
import { ApiError } from "~/api/errors";
import { attestationJson } from "~/api/present.server";
import { getDb } from "~/db.server";
import { attestationMeta } from "~/repositories/api-reads.server";
import { IdParamsSchema } from "~/schemas/api/common";

export const loader = keyHandler({ method: "GET", params: IdParamsSchema }, ({ key, params }) => {
  const row = attestationMeta(key.institutionId, params.id, getDb());
  if (!row) throw new ApiError(404, "not_found", "Attestation not found");
  return attestationJson(row);
});
