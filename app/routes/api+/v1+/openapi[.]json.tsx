import { publicHandler } from "~/api/handler.server";
import { openApiDocument } from "~/api/openapi.server";

export const loader = publicHandler({ method: "GET" }, () => Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }));
