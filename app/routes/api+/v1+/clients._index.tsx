import { keyHandler, json } from "~/api/handler.server";
import { page } from "~/api/pagination";
import { clientJson, clientListItemJson } from "~/api/present.server";
import { reads } from "~/db.server";
import { clientsPage } from "~/repositories/api-reads.server";
import { ApiCreateClientSchema, ClientListQuerySchema } from "~/schemas/api/clients";
import { createClient } from "~/services/clients.server";

export const loader = keyHandler({ method: "GET", query: ClientListQuerySchema }, async ({ key, query }) => {
  const rows = await clientsPage(key.institutionId, { status: query.status, residualRisk: query.residualRisk, q: query.q }, { beforeId: query.cursor, limit: query.limit + 1 }, reads());
  const { items, nextCursor } = page(rows, query.limit);
  return { data: items.map(clientListItemJson), nextCursor };
});

export const action = keyHandler({ method: "POST", write: true, idempotent: true, body: ApiCreateClientSchema }, async ({ key, body, now }) => {
  const { client, inherentRisk } = await createClient({ institutionId: key.institutionId, userId: key.createdBy, actorType: "api-key", actorId: key.keyId }, body, now);
  return json(clientJson(client, inherentRisk), 201, { Location: `/api/v1/clients/${client.id}` });
});
