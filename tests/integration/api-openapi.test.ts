// The OpenAPI document is generated from the zod schemas (never hand-written): it validates against
// the OpenAPI 3.1 schema, is served without a key, and names every route file under
// app/routes/api+/ (and every path there has a route module with the matching export).
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import * as openapiRoute from "~/routes/api+/v1+/openapi[.]json";
import * as apiCatchAll from "~/routes/api+/$";
import { openApiDocument } from "~/api/openapi.server";
import { call } from "../helpers/api-factories";

const ROUTES_DIR = path.resolve(process.cwd(), "app/routes/api+");

/** "v1+/clients.$id.gate.tsx" → "/api/v1/clients/{id}/gate" (remix-flat-routes naming). */
function pathOfRouteFile(relative: string): string {
  const segments = relative
    .replace(/\.tsx?$/, "")
    .split("/")
    .map((folder) => folder.replace(/\+$/, ""))
    .join(".")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/\u0000/g, ".").replace(/^\$(.+)$/, "{$1}"));
  return `/api/${segments.join("/")}`;
}

function routeFiles(dir = ROUTES_DIR, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), relative);
    // "$.tsx" is the catch-all that answers unknown API paths with a JSON 404, not a path.
    return /\.tsx?$/.test(entry.name) && !entry.name.startsWith("__") && !entry.name.includes(".test.") && entry.name !== "$.tsx" ? [relative] : [];
  });
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1.0 and valid against the specification's schema", async () => {
    const document = openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is served at /api/v1/openapi.json without a key", async () => {
    const r = await call(openapiRoute.loader, "/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    expect(Object.keys(r.body.paths)).toContain("/api/v1/clients/{id}/gate");
  });

  it("answers an unknown API path with a JSON 404 in the error shape", async () => {
    const r = await call(apiCatchAll.loader, "/api/v1/nothing-here");
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "not_found", details: [] });
    expect((await call(apiCatchAll.action, "/api/v2/clients", { json: {} })).status).toBe(404);
  });

  it("documents every route file under app/routes/api+/", () => {
    const documented = Object.keys(openApiDocument().paths ?? {});
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(18);
    const missing = files.map(pathOfRouteFile).filter((p) => !documented.includes(p));
    expect(missing).toEqual([]);
  });

  it("has a route module with the right export for every documented operation", async () => {
    const paths = openApiDocument().paths ?? {};
    const byPath = new Map(routeFiles().map((f) => [pathOfRouteFile(f), f]));
    for (const [documentedPath, item] of Object.entries(paths)) {
      const file = byPath.get(documentedPath);
      expect(file, documentedPath).toBeDefined();
      const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file!))) as Record<string, unknown>;
      for (const method of ["get", "post", "put"] as const) {
        if (!(item as Record<string, unknown>)[method]) continue;
        expect(typeof mod[method === "get" ? "loader" : "action"], `${method} ${documentedPath}`).toBe("function");
      }
    }
  });

  it("describes the error shape, the security schemes and the request schemas from zod", () => {
    const document = openApiDocument();
    const create = document.paths?.["/api/v1/clients"]?.post;
    expect(create?.requestBody).toBeDefined();
    expect(JSON.stringify(create?.requestBody)).toContain("#/components/schemas/CreateClient");
    const schema = JSON.stringify(document.components?.schemas?.CreateClient);
    expect(schema).toContain("contactEmail");
    expect(schema).toContain('"additionalProperties":false');
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409", "413", "415", "429"]));
    expect(document.components?.securitySchemes).toHaveProperty("apiKey");
    expect(document.components?.schemas).toHaveProperty("Error");
  });
});
