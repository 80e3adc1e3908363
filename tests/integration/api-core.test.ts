// The integration API's framework and bank-side paths, called through the route modules with real
// Request objects: auth, scopes, validation errors, sizes, media types, pagination, idempotency,
// tenancy and rate limits (issue 9 "Tests").
import { eq } from "drizzle-orm";
import { auditEvents, clients, idempotencyKeys } from "../../db/tables";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as clientDetail from "~/routes/api+/v1+/clients.$id";
import * as clientGate from "~/routes/api+/v1+/clients.$id.gate";
import * as clientAssessments from "~/routes/api+/v1+/clients.$id.assessments";
import * as assessmentDetail from "~/routes/api+/v1+/assessments.$id";
import * as questionnairesIndex from "~/routes/api+/v1+/questionnaires._index";
import * as questionnaireDetail from "~/routes/api+/v1+/questionnaires.$key.$version";
import * as auditRoute from "~/routes/api+/v1+/audit-events";
import { apiRateLimiter } from "~/api/rate-limit";
import { revokeApiKey } from "~/services/api-keys.server";
import { ClientDetailSchema, ClientListSchema, ClientSchema, SentAssessmentSchema } from "~/schemas/api/clients";
import { AssessmentSchema, GateSchema } from "~/schemas/api/assessments";
import { AuditListSchema } from "~/schemas/api/audit";
import { ErrorSchema } from "~/schemas/api/common";
import { QuestionnaireDefinitionSchema, QuestionnaireListSchema } from "~/schemas/api/questionnaires";
import { apiBank, call, CLIENT_BODY, invitedRespondentToken, isoDate, resetRateLimit } from "../helpers/api-factories";
import { db } from "../helpers/factories";

afterEach(() => resetRateLimit());

async function createClientVia(token: string, overrides: Record<string, unknown> = {}) {
  const r = await call(clientsIndex.action, "/api/v1/clients", { token, json: { ...CLIENT_BODY, ...overrides } });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}

function expectError(r: { status: number; body: unknown }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(ErrorSchema.parse(r.body).error.code).toBe(code);
  expect(JSON.stringify(r.body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe("authentication and scopes", () => {
  it("refuses a missing, malformed, unknown and revoked key with 401 in the error shape", async () => {
    const bank = await apiBank();
    expectError(await call(clientsIndex.loader, "/api/v1/clients"), 401, "unauthorized");
    expectError(await call(clientsIndex.loader, "/api/v1/clients", { headers: { Authorization: "Basic abc" } }), 401, "unauthorized");
    expectError(await call(clientsIndex.loader, "/api/v1/clients", { token: "pvn_key_notakey" }), 401, "unauthorized");
    const ok = await call(clientsIndex.loader, "/api/v1/clients", { token: bank.rw });
    expect(ok.status).toBe(200);
    await revokeApiKey({ institutionId: bank.institutionId, userId: bank.admin.id }, bank.rwId, new Date());
    const revoked = await call(clientsIndex.loader, "/api/v1/clients", { token: bank.rw });
    expectError(revoked, 401, "unauthorized");
    expect(revoked.body.error.message).toMatch(/revoked/);
    expect(revoked.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses writes with a read-only key (403) and lets it read", async () => {
    const bank = await apiBank();
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.ro, json: CLIENT_BODY }), 403, "forbidden");
    expect(await db().select().from(clients).where(eq(clients.institutionId, bank.institutionId))).toHaveLength(0);
    expect((await call(clientsIndex.loader, "/api/v1/clients", { token: bank.ro })).status).toBe(200);
  });

  it("answers 405 for a method the path does not take", async () => {
    const bank = await apiBank();
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, method: "PUT", json: CLIENT_BODY }), 405, "method_not_allowed");
  });

  it("records when a key was last used", async () => {
    const bank = await apiBank();
    await call(clientsIndex.loader, "/api/v1/clients", { token: bank.rw });
    const { listApiKeys } = await import("~/repositories/api-keys.server");
    const row = (await listApiKeys(bank.institutionId, db())).find((k) => k.id === bank.rwId)!;
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.prefix).toBe(bank.rw.slice(0, 14));
  });

  it("limits each key's rate with 429 and Retry-After", async () => {
    const bank = await apiBank();
    apiRateLimiter.configure(3, 3);
    for (let i = 0; i < 3; i++) expect((await call(clientsIndex.loader, "/api/v1/clients", { token: bank.rw })).status).toBe(200);
    const limited = await call(clientsIndex.loader, "/api/v1/clients", { token: bank.rw });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    expect((await call(clientsIndex.loader, "/api/v1/clients", { token: bank.ro })).status).toBe(200);
  });
});

describe("bodies and validation", () => {
  it("refuses malformed JSON with 400", async () => {
    const bank = await apiBank();
    const r = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, body: '{"name": "x",', contentType: "application/json" });
    expectError(r, 400, "malformed_json");
  });

  it("refuses wrong types with 400 naming the field", async () => {
    const bank = await apiBank();
    const r = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, sourcingCountries: "PE" } });
    expectError(r, 400, "validation_failed");
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain("sourcingCountries");
  });

  it("refuses unknown fields with 400 naming each one", async () => {
    const bank = await apiBank();
    const r = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, riskOverride: "low" } });
    expectError(r, 400, "validation_failed");
    expect(r.body.error.details).toContainEqual({ path: "riskOverride", message: "unknown field" });
    const nested = await call(clientAssessments.action, "/api/v1/clients/x/assessments", {
      token: bank.rw,
      params: { id: (await createClientVia(bank.rw)).id },
      json: { questionnaire: { key: "anti-trafficking", version: 1, extra: true }, dueDate: isoDate(30), language: "en" },
    });
    expect(nested.body.error.details).toContainEqual({ path: "questionnaire.extra", message: "unknown field" });
  });

  it("refuses a body over 1 MB with 413 and a non-JSON media type with 415", async () => {
    const bank = await apiBank();
    const huge = JSON.stringify({ ...CLIENT_BODY, name: "x".repeat(1024 * 1024 + 10) });
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, body: huge, contentType: "application/json" }), 413, "payload_too_large");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        controller.close();
      },
    });
    const chunked = await clientsIndex.action({
      request: new Request("http://localhost/api/v1/clients", { method: "POST", headers: { Authorization: `Bearer ${bank.rw}`, "Content-Type": "application/json" }, body: stream, duplex: "half" } as RequestInit),
      params: {},
      context: {},
    });
    expect(chunked.status).toBe(413);
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, body: "name=x", contentType: "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, body: JSON.stringify(CLIENT_BODY) }), 415, "unsupported_media_type");
  });

  it("refuses an empty body and semantic errors from the service with a clear status", async () => {
    const bank = await apiBank();
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, body: "", contentType: "application/json" }), 400, "malformed_json");
    const r = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, country: "XX" } });
    expectError(r, 400, "validation_failed");
    expect(r.body.error.details[0]).toMatchObject({ path: "country" });
    expect(r.body.error.details[0].message).not.toMatch(/^clients\./);
  });
});

describe("clients", () => {
  it("creates a client with its inherent risk and audits it as the API key", async () => {
    const bank = await apiBank();
    const r = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY });
    expect(r.status).toBe(201);
    const client = ClientSchema.parse(r.body);
    expect(client.inherentRisk.components.map((c) => c.kind).sort()).toEqual(["country", "goods", "sector"]);
    expect(client.inherentRisk.reviewFlags).toEqual([]);
    const unverified = ClientSchema.parse((await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, sourcingCountries: ["GT"] } })).body);
    expect(unverified.inherentRisk.reviewFlags).toEqual([{ code: "tip-placement-unverified", countries: ["GT"], message: expect.stringContaining("No verified TIP placement for Guatemala (GT)") }]);
    expect(client.gate).toBe("closed");
    expect(r.headers.get("Location")).toBe(`/api/v1/clients/${client.id}`);
    const event = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, client.id)))[0]!;
    expect(event).toMatchObject({ action: "client.created", actorType: "api-key", actorId: bank.rwId });
  });

  it("lists with filters and cursor pagination; a bad cursor or limit is a 400", async () => {
    const bank = await apiBank();
    for (let i = 0; i < 5; i++) await createClientVia(bank.rw, { name: `Cliente ${i}`, registrationNumber: `R-${i}` });
    const first = await call(clientsIndex.loader, "/api/v1/clients?limit=2", { token: bank.rw });
    expect(first.status).toBe(200);
    const page1 = ClientListSchema.parse(first.body);
    expect(page1.data.map((c) => c.name)).toEqual(["Cliente 4", "Cliente 3"]);
    const seen = [...page1.data.map((c) => c.id)];
    let cursor = page1.nextCursor;
    while (cursor) {
      const next = ClientListSchema.parse((await call(clientsIndex.loader, `/api/v1/clients?limit=2&cursor=${cursor}`, { token: bank.rw })).body);
      seen.push(...next.data.map((c) => c.id));
      cursor = next.nextCursor;
    }
    expect(new Set(seen).size).toBe(5);
    const searched = await call(clientsIndex.loader, "/api/v1/clients?q=R-3", { token: bank.rw });
    expect(searched.body.data.map((c: { name: string }) => c.name)).toEqual(["Cliente 3"]);
    expect((await call(clientsIndex.loader, "/api/v1/clients?status=open", { token: bank.rw })).body.data).toEqual([]);
    expect((await call(clientsIndex.loader, "/api/v1/clients?status=closed", { token: bank.rw })).body.data).toHaveLength(5);
    expect((await call(clientsIndex.loader, "/api/v1/clients?residualRisk=low", { token: bank.rw })).body.data).toEqual([]);
    expectError(await call(clientsIndex.loader, "/api/v1/clients?cursor=not-a-cursor", { token: bank.rw }), 400, "validation_failed");
    expectError(await call(clientsIndex.loader, "/api/v1/clients?limit=201", { token: bank.rw }), 400, "validation_failed");
    expectError(await call(clientsIndex.loader, "/api/v1/clients?status=maybe", { token: bank.rw }), 400, "validation_failed");
    expectError(await call(clientsIndex.loader, "/api/v1/clients?colour=red", { token: bank.rw }), 400, "validation_failed");
  });

  it("shows a client with its latest assessment; another institution's ids are 404", async () => {
    const bank = await apiBank();
    const other = await apiBank("Banco Otro");
    const client = await createClientVia(bank.rw);
    const empty = await call(clientDetail.loader, `/api/v1/clients/${client.id}`, { token: bank.rw, params: { id: client.id } });
    expect(ClientDetailSchema.parse(empty.body)).toMatchObject({ latestAssessment: null, decision: null });
    const sent = await call(clientAssessments.action, `/api/v1/clients/${client.id}/assessments`, {
      token: bank.rw,
      params: { id: client.id },
      json: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "en" },
    });
    expect(sent.status).toBe(201);
    const body = SentAssessmentSchema.parse(sent.body);
    // The link goes to the client's contact only; the bank's API never gets it back (H3).
    expect(body.respondentEmail).toBe(CLIENT_BODY.contactEmail);
    expect(JSON.stringify(sent.body)).not.toMatch(/pvn_rsp_/);
    const detail = ClientDetailSchema.parse((await call(clientDetail.loader, "", { token: bank.rw, params: { id: client.id } })).body);
    expect(detail.latestAssessment).toMatchObject({ id: body.id, status: "sent" });

    for (const [fn, params] of [
      [clientDetail.loader, { id: client.id }],
      [clientGate.loader, { id: client.id }],
      [assessmentDetail.loader, { id: body.id }],
    ] as const) {
      expectError(await call(fn, "/api/v1/x", { token: other.rw, params }), 404, "not_found");
    }
    expectError(
      await call(clientAssessments.action, "/api/v1/x", { token: other.rw, params: { id: client.id }, json: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "en" } }),
      404,
      "not_found",
    );
    expectError(await call(clientDetail.loader, "/api/v1/x", { token: bank.rw, params: { id: "no such id!" } }), 404, "not_found");
  });
});

describe("assessments and gate", () => {
  it("sends an assessment (201), refuses a second one while it is under way (409), and shows it", async () => {
    const bank = await apiBank();
    const client = await createClientVia(bank.rw);
    const body = { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "es" };
    const sent = await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: body });
    expect(sent.status).toBe(201);
    expectError(await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: body }), 409, "conflict");
    const past = await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: { ...body, dueDate: "2020-01-01" } });
    expectError(past, 422, "unprocessable");
    const shown = AssessmentSchema.parse((await call(assessmentDetail.loader, "/x", { token: bank.rw, params: { id: sent.body.id } })).body);
    expect(shown).toMatchObject({ id: sent.body.id, clientId: client.id, status: "sent", language: "es", result: null, submittedAt: null });
    expect(shown.questionnaire.sha256).toMatch(/^[0-9a-f]{64}$/);
    const gate = GateSchema.parse((await call(clientGate.loader, "/x", { token: bank.rw, params: { id: client.id } })).body);
    expect(gate).toMatchObject({ clientId: client.id, gate: "pending", decision: null, attestationId: null });
  });

  it("reads a new client's gate as closed, never assessed", async () => {
    const bank = await apiBank();
    const client = await createClientVia(bank.rw);
    const gate = await call(clientGate.loader, "/x", { token: bank.ro, params: { id: client.id } });
    expect(gate.body).toMatchObject({ gate: "closed", reasonCode: "never-assessed", conditions: [], validUntil: null });
  });
});

describe("idempotency", () => {
  it("replays the stored response for the same key and body, and refuses another body with 409", async () => {
    const bank = await apiBank();
    const headers = { "Idempotency-Key": "create-textiles-1" };
    const first = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    const again = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await db().select().from(clients).where(eq(clients.institutionId, bank.institutionId))).toHaveLength(1);
    const different = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, name: "Otra" }, headers });
    expectError(different, 409, "idempotency_key_reused");
    // Keys are per institution: another bank may use the same key.
    const other = await apiBank("Banco Otro");
    expect((await call(clientsIndex.action, "/api/v1/clients", { token: other.rw, json: CLIENT_BODY, headers })).status).toBe(201);
  });

  it("creates once when two requests with one key arrive together", async () => {
    const bank = await apiBank();
    const headers = { "Idempotency-Key": "concurrent-1" };
    const [a, b] = await Promise.all([
      call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers }),
      call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.text).toBe(a.text);
    expect(await db().select().from(clients).where(eq(clients.institutionId, bank.institutionId))).toHaveLength(1);
  });

  it("waits for a request another instance is serving with the key, then replays its response", async () => {
    const bank = await apiBank();
    const headers = { "Idempotency-Key": "other-instance-1" };
    // Another instance claimed the key a moment ago and is still creating.
    const first = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    const stored = (await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "other-instance-1")))[0]!;
    await db().update(idempotencyKeys).set({ status: 0, responseBody: "" }).where(eq(idempotencyKeys.key, "other-instance-1"));
    const waiting = call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db().update(idempotencyKeys).set({ status: stored.status, responseBody: stored.responseBody }).where(eq(idempotencyKeys.key, "other-instance-1"));
    const replayed = await waiting;
    expect(replayed.status).toBe(201);
    expect(replayed.text).toBe(first.text);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await db().select().from(clients).where(eq(clients.institutionId, bank.institutionId))).toHaveLength(1);
  });

  it("takes over a key whose instance died mid-request (in progress for over a minute)", async () => {
    const bank = await apiBank();
    await db().insert(idempotencyKeys).values({ institutionId: bank.institutionId, key: "abandoned-1", method: "POST", path: "/api/v1/clients", requestHash: "x", status: 0, responseBody: "", createdAt: new Date(Date.now() - 120_000).toISOString() });
    const headers = { "Idempotency-Key": "abandoned-1" };
    // The abandoned claim was for another body: once taken over, this request is served as new.
    const response = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    expect(response.status).toBe(409);
    await db().update(idempotencyKeys).set({ requestHash: (await import("~/ids.server")).sha256Hex(`POST /api/v1/clients\n${JSON.stringify(CLIENT_BODY)}`) }).where(eq(idempotencyKeys.key, "abandoned-1"));
    const served = await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers });
    expect(served.status).toBe(201);
    expect(served.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await db().select().from(clients).where(eq(clients.institutionId, bank.institutionId))).toHaveLength(1);
  });

  it("does not store failures, so a corrected retry with the same key goes through", async () => {
    const bank = await apiBank();
    const headers = { "Idempotency-Key": "retry-after-fix" };
    expect((await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: { ...CLIENT_BODY, country: "XX" }, headers })).status).toBe(400);
    expect((await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers })).status).toBe(201);
    expectError(await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY, headers: { "Idempotency-Key": "bad key with spaces" } }), 400, "validation_failed");
  });

  it("replays an assessment send, so a retried request never sends twice", async () => {
    const bank = await apiBank();
    const client = await createClientVia(bank.rw);
    const json = { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "en" };
    const opts = { token: bank.rw, params: { id: client.id }, json, headers: { "Idempotency-Key": "send-1" } };
    const first = await call(clientAssessments.action, `/api/v1/clients/${client.id}/assessments`, opts);
    const again = await call(clientAssessments.action, `/api/v1/clients/${client.id}/assessments`, opts);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Neither the response nor its stored replay carries the respondent link.
    const token = await invitedRespondentToken(bank.institutionId);
    expect(JSON.stringify(first.body)).not.toContain(token);
    const stored = await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.institutionId, bank.institutionId));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.responseBody).not.toContain(token);
  });
});

describe("questionnaires", () => {
  it("lists versions and returns a full definition with derived maxPoints", async () => {
    const bank = await apiBank();
    const list = QuestionnaireListSchema.parse((await call(questionnairesIndex.loader, "/x", { token: bank.ro })).body);
    expect(list.data.map((q) => `${q.key}/${q.version}`)).toContain("anti-trafficking/1");
    const def = await call(questionnaireDetail.loader, "/x", { token: bank.ro, params: { key: "anti-trafficking", version: "1" } });
    const parsed = QuestionnaireDefinitionSchema.parse(def.body);
    expect(parsed.maxPoints).toBeGreaterThan(0);
    expect(parsed.sections[0]!.questions[0]!.maxPoints).toBeTypeOf("number");
    expectError(await call(questionnaireDetail.loader, "/x", { token: bank.ro, params: { key: "anti-trafficking", version: "99" } }), 404, "not_found");
  });
});

describe("audit events", () => {
  it("needs a key with audit access and returns the chain with hashes, paged by cursor", async () => {
    const bank = await apiBank();
    expectError(await call(auditRoute.loader, "/x", { token: bank.rw }), 403, "forbidden");
    const auditor = await bank.key({ name: "auditor", scope: "read", canReadAudit: true });
    const r = await call(auditRoute.loader, "/api/v1/audit-events?limit=2", { token: auditor.key });
    expect(r.status).toBe(200);
    const page1 = AuditListSchema.parse(r.body);
    expect(page1.data).toHaveLength(2);
    expect(page1.data[1]!.prevHash).toBe(page1.data[0]!.hash);
    const page2 = AuditListSchema.parse((await call(auditRoute.loader, `/api/v1/audit-events?limit=2&cursor=${page1.nextCursor}`, { token: auditor.key })).body);
    expect(page2.data[0]!.prevHash).toBe(page1.data[1]!.hash);
    expect(page2.data[0]!.seq).toBe(page1.data[1]!.seq + 1);
    // No key ever appears in the log.
    expect(JSON.stringify(page1.data) + JSON.stringify(page2.data)).not.toContain(auditor.key);
    const future = await call(auditRoute.loader, "/api/v1/audit-events?since=2999-01-01T00:00:00Z", { token: auditor.key });
    expect(future.body.data).toEqual([]);
    expectError(await call(auditRoute.loader, "/api/v1/audit-events?since=yesterday", { token: auditor.key }), 400, "validation_failed");
    expectError(await call(auditRoute.loader, "/api/v1/audit-events?cursor=abc", { token: auditor.key }), 400, "validation_failed");
  });
});
