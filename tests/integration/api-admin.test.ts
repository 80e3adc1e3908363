// The staff pages of the integration API: API keys (admin only, step-up to create, shown once,
// audited without the key), webhooks (register, secret shown once, test event, deactivate,
// deliveries) and the API reference page.
import { eq } from "drizzle-orm";
import { apiKeys, auditEvents, webhookDeliveries } from "../../db/tables";
import * as apiKeysPage from "~/routes/app+/admin+/api-keys";
import * as webhooksPage from "~/routes/app+/admin+/webhooks";
import * as deliveriesPage from "~/routes/app+/admin+/webhooks_.$id";
import * as docsPage from "~/routes/app+/api-docs";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import { sha256Hex } from "~/ids.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { call } from "../helpers/api-factories";

async function admin(name = "Banco Admin") {
  const institutionId = await createInstitution(name);
  const user = await createUser(institutionId, ["admin"], { name: "Ada Admin" });
  return { institutionId, user, cookie: await cookieFor(user) };
}

describe("API keys page", () => {
  it("creates a key shown once, stored as its hash, audited without the key, usable at once", async () => {
    const a = await admin();
    const result = await settle(() => apiKeysPage.action({ request: formRequest("/app/admin/api-keys", { intent: "create", name: "Core banking", scope: "read-write", password: PASSWORD }, a.cookie), params: {}, context: {} }));
    expect(result.status).toBe(200);
    const key = (result.response as { created: { key: string } }).created.key;
    expect(key).toMatch(/^pvn_key_[A-Za-z0-9_-]{43}$/);
    const row = (await db().select().from(apiKeys).where(eq(apiKeys.institutionId, a.institutionId)).limit(1))[0]!;
    expect(row).toMatchObject({ name: "Core banking", scope: "read-write", canReadAudit: false, keyHash: sha256Hex(key) });
    const events = await db().select().from(auditEvents).where(eq(auditEvents.subjectId, row.id));
    expect(events.map((e) => e.action)).toEqual(["api-key.created"]);
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain(key.slice(8));
    expect((await call(clientsIndex.loader, "/api/v1/clients", { token: key })).status).toBe(200);
    const listed = (await settle(() => apiKeysPage.loader({ request: getRequest("/app/admin/api-keys", a.cookie), params: {}, context: {} }))).response as { keys: Array<{ prefix: string }> };
    expect(listed.keys.map((k) => k.prefix)).toEqual([key.slice(0, 14)]);
    expect(JSON.stringify(listed)).not.toContain(key);
  });

  it("creating a key takes the password in the same post, however recent the sign-in", async () => {
    const a = await admin();
    const recent = await cookieFor(a.user, { verifiedAt: new Date(Date.now() - 60_000) });
    const result = await settle(() => apiKeysPage.action({ request: formRequest("/app/admin/api-keys", { intent: "create", name: "Late", scope: "read" }, recent), params: {}, context: {} }));
    expect(result.status).toBe(400);
    expect((result.response as { reply: { error: Record<string, string[]> }; created: null }).reply.error.password).toEqual(["stepUp.required"]);
    expect(await db().select().from(apiKeys).where(eq(apiKeys.institutionId, a.institutionId))).toHaveLength(0);
  });

  it("revokes a key (audited); another institution's key id is 404; non-admins get 403; bad input 400", async () => {
    const a = await admin();
    const created = await settle(() => apiKeysPage.action({ request: formRequest("/x", { intent: "create", name: "ERP", scope: "read", canReadAudit: "on", password: PASSWORD }, a.cookie), params: {}, context: {} }));
    const key = (created.response as { created: { key: string } }).created.key;
    const row = (await db().select().from(apiKeys).where(eq(apiKeys.institutionId, a.institutionId)).limit(1))[0]!;
    expect(row.canReadAudit).toBe(true);
    const other = await admin("Banco Otro");
    const foreign = await settle(() => apiKeysPage.action({ request: formRequest("/x", { intent: "revoke", keyId: row.id }, other.cookie), params: {}, context: {} }));
    expect(foreign.status).toBe(404);
    const revoked = await settle(() => apiKeysPage.action({ request: formRequest("/x", { intent: "revoke", keyId: row.id }, a.cookie), params: {}, context: {} }));
    expect(revoked.headers.get("Location")).toBe("/app/admin/api-keys?flash=revoked");
    expect((await db().select().from(auditEvents).where(eq(auditEvents.subjectId, row.id))).map((e) => e.action)).toEqual(["api-key.created", "api-key.revoked"]);
    expect((await call(clientsIndex.loader, "/api/v1/clients", { token: key })).status).toBe(401);
    const rm = await createUser(a.institutionId, ["rm"]);
    const rmCookie = await cookieFor(rm);
    expect((await settle(() => apiKeysPage.loader({ request: getRequest("/x", rmCookie), params: {}, context: {} }))).status).toBe(403);
    const blank = await settle(() => apiKeysPage.action({ request: formRequest("/x", { intent: "create", name: " ", scope: "admin" }, a.cookie), params: {}, context: {} }));
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.response)).toContain("api.error.name");
  });
});

describe("webhooks pages", () => {
  it("registers an endpoint (secret shown once), sends a test event, lists deliveries, deactivates", async () => {
    const a = await admin();
    const bad = await settle(() => webhooksPage.action({ request: formRequest("/x", { intent: "create", url: "http://erp.example/hook", events: ["gate.changed"] }, a.cookie), params: {}, context: {} }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.response)).toContain("api.error.url");
    const created = await settle(() => webhooksPage.action({ request: formRequest("/x", { intent: "create", url: "https://erp.example/hook", events: ["gate.changed", "decision.approved"] }, a.cookie), params: {}, context: {} }));
    expect(created.status).toBe(200);
    expect((created.response as { created: { secret: string } }).created.secret).toMatch(/^whsec_/);
    const listed = (await settle(() => webhooksPage.loader({ request: getRequest("/x", a.cookie), params: {}, context: {} }))).response as { webhooks: Array<{ id: string; events: string[] }> };
    expect(listed.webhooks[0]!.events).toEqual(["gate.changed", "decision.approved"]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    const id = listed.webhooks[0]!.id;

    const test = await settle(() => webhooksPage.action({ request: formRequest("/x", { intent: "send-test" }, a.cookie), params: {}, context: {} }));
    expect(test.headers.get("Location")).toBe("/app/admin/webhooks?flash=test&count=1");
    expect((await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id))).map((d) => d.event)).toEqual(["webhook.test"]);
    const deliveries = (await settle(() => deliveriesPage.loader({ request: getRequest("/x", a.cookie), params: { id }, context: {} }))).response as { deliveries: Array<{ event: string; status: string }> };
    expect(deliveries.deliveries).toMatchObject([{ event: "webhook.test", status: "pending" }]);

    const other = await admin("Banco Otro");
    expect((await settle(() => deliveriesPage.loader({ request: getRequest("/x", other.cookie), params: { id }, context: {} }))).status).toBe(404);
    expect((await settle(() => webhooksPage.action({ request: formRequest("/x", { intent: "deactivate", webhookId: id }, other.cookie), params: {}, context: {} }))).status).toBe(404);
    const off = await settle(() => webhooksPage.action({ request: formRequest("/x", { intent: "deactivate", webhookId: id }, a.cookie), params: {}, context: {} }));
    expect(off.headers.get("Location")).toBe("/app/admin/webhooks?flash=deactivated");
    expect((await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.action)).toEqual(["webhook.created", "webhook.deactivated"]);
  });

  it("is for admins only", async () => {
    const a = await admin();
    const auditor = await createUser(a.institutionId, ["auditor"]);
    expect((await settle(async () => webhooksPage.loader({ request: getRequest("/x", await cookieFor(auditor)), params: {}, context: {} }))).status).toBe(403);
  });
});

describe("API reference page", () => {
  it("renders every operation for signed-in staff and redirects others to sign in", async () => {
    const a = await admin();
    const rm = await createUser(a.institutionId, ["rm"]);
    const page = (await settle(async () => docsPage.loader({ request: getRequest("/app/api-docs", await cookieFor(rm)), params: {}, context: {} }))).response as {
      operations: Array<{ method: string; path: string; auth: string; requestBody: Array<{ schema: string }>; parameters: Array<{ name: string }> }>;
      schemas: Array<{ name: string }>;
    };
    const gate = page.operations.find((o) => o.method === "GET" && o.path === "/api/v1/clients/{id}/gate")!;
    expect(gate.auth).toBe("apiKey");
    expect(gate.parameters.map((p) => p.name)).toEqual(["id"]);
    const create = page.operations.find((o) => o.method === "POST" && o.path === "/api/v1/clients")!;
    expect(create.requestBody[0]!.schema).toContain("CreateClient");
    expect(page.schemas.map((s) => s.name)).toEqual(expect.arrayContaining(["Client", "CreateClient", "Gate", "Error"]));
    expect(page.operations.find((o) => o.path === "/api/v1/respond")!.auth).toBe("respondentToken");
    const anonymous = await settle(() => docsPage.loader({ request: getRequest("/app/api-docs"), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
  });
});
