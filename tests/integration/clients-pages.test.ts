// Client create/edit through the route actions: validation names the field and writes nothing;
// another institution's client answers 404 on the page, the edit page and every action.
import { and, eq } from "drizzle-orm";
import { auditEvents, clients, gateEvents } from "../../db/tables";
import { action as newAction, loader as newLoader } from "~/routes/app+/clients+/new";
import { action as editAction, loader as editLoader } from "~/routes/app+/clients+/$clientId.edit";
import { action as pageAction, loader as pageLoader } from "~/routes/app+/clients+/$clientId._index";
import { loader as indexLoader } from "~/routes/app+/clients+/index";
import { createClient } from "~/services/clients.server";
import { InvalidInputError } from "~/domain/errors";
import { cookieFor, createUser, db } from "../helpers/factories";
import { bankWithRm, CLIENT_INPUT, isoDate, makeClient } from "../helpers/clients-factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const FORM = {
  name: "Café del Sur Ltda.",
  country: "CO",
  sector: "01",
  registrationNumber: "900123456-7",
  contactName: "Luis Pérez",
  contactEmail: "luis@cafedelsur.example",
  sourcingCountries: ["BR", "VN"],
  goods: ["coffee"],
};

async function post(path: string, fields: Record<string, string | string[]>, cookie: string, params: Record<string, string>, fn: typeof newAction) {
  return await settle(() => fn({ request: formRequest(path, fields, cookie), params, context: {} }));
}

async function rowCounts(institutionId: string) {
  return {
    clients: (await db().select().from(clients).where(eq(clients.institutionId, institutionId))).length,
    audit: (await db().select().from(auditEvents).where(eq(auditEvents.chain, institutionId))).length,
  };
}

describe("creating a client", () => {
  it("creates the client with its inherent risk, a closed never-assessed gate and an audit event", async () => {
    const bank = await bankWithRm();
    const result = await post("/app/clients/new", FORM, bank.cookie, {}, newAction);
    expect(result.status).toBe(302);
    const location = (result.response as Response).headers.get("Location")!;
    expect(location).toMatch(/^\/app\/clients\/[^/?]+\?flash=created$/);
    const id = location.split("/")[3]!.split("?")[0]!;
    const row = (await db().select().from(clients).where(eq(clients.id, id)).limit(1))[0]!;
    expect(row).toMatchObject({ institutionId: bank.institutionId, name: FORM.name, country: "CO", sector: "01", sourcingCountries: ["BR", "VN"], goods: ["coffee"], gate: "closed", gateReason: "never-assessed" });
    expect(["low", "medium", "high", "very-high"]).toContain(row.inherentRisk);
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, "client.created"))).limit(1))[0]!;
    expect(event).toMatchObject({ subjectId: id, actorId: bank.rm.id });
    expect(event.after).toMatchObject({ name: FORM.name, inherentRisk: row.inherentRisk });
    expect(await db().select().from(gateEvents).where(eq(gateEvents.clientId, id))).toEqual([expect.objectContaining({ gate: "closed", reason: "never-assessed", previousGate: null })]);

    const page = await settle(() => pageLoader({ request: getRequest(`/app/clients/${id}`, bank.cookie), params: { clientId: id }, context: {} }));
    expect(page.status).toBe(200);
    const view = page.response as Awaited<ReturnType<typeof pageLoader>>;
    expect(view.risk.components.map((c) => c.kind)).toEqual(["country", "sector", "goods"]);
    for (const c of view.risk.components) {
      expect(c.source.length).toBeGreaterThan(0);
      expect(c.year).toBeGreaterThan(2000);
      expect(c.explanation.length).toBeGreaterThan(0);
    }
    expect(view.send.suggested?.value).toBe(row.inherentRisk === "low" ? "anti-trafficking-sme/2" : "anti-trafficking/2");
    expect(view.gates).toHaveLength(1);
    // Every country here has a verified TIP 2025 placement: nothing to review.
    expect(view.risk.reviewFlags).toEqual([]);
  });

  it("asks for a manual review when a country has no verified TIP placement, in the page's language (ADR 004)", async () => {
    const bank = await bankWithRm();
    const result = await post("/app/clients/new", { ...FORM, sourcingCountries: ["GT"] }, bank.cookie, {}, newAction);
    const id = (result.response as Response).headers.get("Location")!.split("/")[3]!.split("?")[0]!;
    const page = await settle(() => pageLoader({ request: getRequest(`/app/clients/${id}`, bank.cookie), params: { clientId: id }, context: {} }));
    const view = page.response as Awaited<ReturnType<typeof pageLoader>>;
    expect(view.risk.reviewFlags).toEqual([expect.objectContaining({ code: "tip-placement-unverified", message: expect.stringContaining("Guatemala (GT)"), messageEs: expect.stringContaining("Guatemala (GT)") })]);
    expect(view.risk.components.find((c) => c.kind === "country")?.explanation).toContain("no verified TIP placement");
  });

  it.each([
    { field: "country", value: "XX", message: "clients.error.country" },
    { field: "sector", value: "999", message: "clients.error.sector" },
    { field: "contactEmail", value: "not-an-email", message: "form.invalidEmail" },
    { field: "name", value: "", message: "form.required" },
  ])("refuses a bad $field with 400 naming the field, and writes nothing", async ({ field, value, message }) => {
    const bank = await bankWithRm();
    const before = await rowCounts(bank.institutionId);
    const result = await post("/app/clients/new", { ...FORM, [field]: value }, bank.cookie, {}, newAction);
    expect(result.status).toBe(400);
    const reply = (result.response as { reply: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).reply;
    expect(reply.error[field]).toEqual([message]);
    expect(Object.keys(reply.error)).toEqual([field]);
    expect(reply.initialValue.registrationNumber).toBe(FORM.registrationNumber);
    expect(await rowCounts(bank.institutionId)).toEqual(before);
  });

  it("refuses a bad sourcing country and an unknown good, naming the list item", async () => {
    const bank = await bankWithRm();
    const result = await post("/app/clients/new", { ...FORM, sourcingCountries: ["BR", "ZZ"], goods: ["coffee", "unicorns"] }, bank.cookie, {}, newAction);
    expect(result.status).toBe(400);
    const errors = (result.response as { reply: { error: Record<string, string[]> } }).reply.error;
    expect(errors["sourcingCountries[1]"]).toEqual(["clients.error.country"]);
    expect(errors["goods[1]"]).toEqual(["clients.error.good"]);
  });

  it("refuses a responsible RM from another institution", async () => {
    const bank = await bankWithRm();
    const other = await bankWithRm("Banco Dos");
    const before = await rowCounts(bank.institutionId);
    const result = await post("/app/clients/new", { ...FORM, rmUserId: other.rm.id }, bank.cookie, {}, newAction);
    expect(result.status).toBe(400);
    expect((result.response as { reply: { error: Record<string, string[]> } }).reply.error.rmUserId).toEqual(["clients.error.rm"]);
    expect(await rowCounts(bank.institutionId)).toEqual(before);
  });

  it("the service (used by the API) throws InvalidInputError with field paths", async () => {
    const bank = await bankWithRm();
    await expect(createClient(bank.actor, { ...CLIENT_INPUT, country: "XX", contactEmail: "nope" }, new Date())).rejects.toThrow(InvalidInputError);
    try {
      await createClient(bank.actor, { ...CLIENT_INPUT, country: "XX", contactEmail: "nope" }, new Date());
    } catch (error) {
      expect((error as InvalidInputError).details.map((d) => d.path).sort()).toEqual(["contactEmail", "country"]);
    }
  });

  it("refuses roles without create:client (an approver) with 403", async () => {
    const bank = await bankWithRm();
    const approver = await createUser(bank.institutionId, ["approver"]);
    const cookie = await cookieFor(approver);
    expect((await post("/app/clients/new", FORM, cookie, {}, newAction)).status).toBe(403);
    expect((await settle(() => newLoader({ request: getRequest("/app/clients/new", cookie), params: {}, context: {} }))).status).toBe(403);
  });
});

describe("editing a client", () => {
  it("updates the profile, recomputes the inherent risk and audits before/after", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor, { country: "CL", sector: "62", sourcingCountries: [], goods: [] });
    const result = await post(`/app/clients/${client.id}/edit`, { ...FORM, name: client.name, country: "CL", sector: "62", goods: [], sourcingCountries: ["CN"] }, bank.cookie, { clientId: client.id }, editAction);
    expect(result.status).toBe(302);
    const row = (await db().select().from(clients).where(eq(clients.id, client.id)).limit(1))[0]!;
    expect(row.sourcingCountries).toEqual(["CN"]);
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, client.id), eq(auditEvents.action, "client.updated"))).limit(1))[0]!;
    expect(event.before).toMatchObject({ sourcingCountries: [] });
    expect(event.after).toMatchObject({ sourcingCountries: ["CN"] });
    expect(event.before).not.toHaveProperty("name");
  });
});

describe("tenant isolation", () => {
  it("another institution's client id answers 404 on the page, the edit page and every action, and changes nothing", async () => {
    const owner = await bankWithRm("Banco Dueño");
    const intruder = await bankWithRm("Banco Intruso");
    const client = await makeClient(owner.actor);
    const params = { clientId: client.id };
    const c = intruder.cookie;
    expect((await settle(() => pageLoader({ request: getRequest(`/app/clients/${client.id}`, c), params, context: {} }))).status).toBe(404);
    expect((await settle(() => editLoader({ request: getRequest(`/app/clients/${client.id}/edit`, c), params, context: {} }))).status).toBe(404);
    expect((await post(`/app/clients/${client.id}/edit`, FORM, c, params, editAction)).status).toBe(404);
    expect((await post(`/app/clients/${client.id}/edit`, { name: "" }, c, params, editAction)).status).toBe(404);
    const sendFields = { intent: "send", questionnaire: "anti-trafficking/1", dueDate: isoDate(new Date(), 20), language: "es" };
    expect((await post(`/app/clients/${client.id}`, sendFields, c, params, pageAction)).status).toBe(404);
    expect((await post(`/app/clients/${client.id}`, { intent: "send" }, c, params, pageAction)).status).toBe(404);
    expect((await db().select().from(clients).where(eq(clients.id, client.id)).limit(1))[0]!.name).toBe(client.name);
    expect((await db().select().from(auditEvents).where(eq(auditEvents.chain, intruder.institutionId))).filter((e) => e.subjectId === client.id)).toEqual([]);
    const list = (await settle(() => indexLoader({ request: getRequest("/app/clients", c), params: {}, context: {} }))).response as Awaited<ReturnType<typeof indexLoader>>;
    expect(list.page.rows).toEqual([]);
  });

  it("the clients index searches by name within the institution", async () => {
    const bank = await bankWithRm();
    await makeClient(bank.actor, { name: "Alpaca Wool Co" });
    await makeClient(bank.actor, { name: "Banana 100% Export" });
    const search = async (q: string) =>
      ((await settle(() => indexLoader({ request: getRequest(`/app/clients?q=${encodeURIComponent(q)}`, bank.cookie), params: {}, context: {} }))).response as Awaited<ReturnType<typeof indexLoader>>).page.rows.map((x) => x.name);
    expect(await search("alpaca")).toEqual(["Alpaca Wool Co"]);
    expect(await search("100%")).toEqual(["Banana 100% Export"]);
    expect(await search("%")).toEqual(["Banana 100% Export"]);
    expect(await search("")).toEqual(["Alpaca Wool Co", "Banana 100% Export"]);
  });
});
