import { keyHandler } from "~/api/handler.server";
import { page } from "~/api/pagination";
import { attestationJson } from "~/api/present.server";
import { reads } from "~/db.server";
import { attestationsPage } from "~/repositories/api-reads.server";
import { AttestationListQuerySchema } from "~/schemas/api/attestations";

export const loader = keyHandler({ method: "GET", query: AttestationListQuerySchema }, async ({ key, query }) => {
  const rows = await attestationsPage(key.institutionId, { clientId: query.clientId }, { beforeId: query.cursor, limit: query.limit + 1 }, reads());
  const { items, nextCursor } = page(rows, query.limit);
  return { data: items.map(attestationJson), nextCursor };
});
