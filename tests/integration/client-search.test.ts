// One search rule for every list and the API (issue 14, F08): "cafe", "ÑANDÚ" and "nandu" find
// "Café Ñandú S.A." in the clients list, the assessments list, the attestations list and the API's
// client list; the search column follows renames; the start-up backfill fills rows that predate
// it; another institution's namesake never appears.
import { eq } from "drizzle-orm";
import { clients } from "../../db/tables";
import { loader as clientsLoader } from "~/routes/app+/clients+/index";
import { loader as portfolioRedirect } from "~/routes/app+/portfolio+/clients";
import { loader as assessmentsLoader } from "~/routes/app+/portfolio+/assessments";
import { loader as attestationsLoader } from "~/routes/app+/attestations+/_index";
import { loader as apiClients } from "~/routes/api+/v1+/clients._index";
import { createApiKey } from "~/services/api-keys.server";
import { issueAttestation } from "~/services/attestations.server";
import { updateClient } from "~/services/clients.server";
import { backfillClientSearchKeys } from "~/services/search-keys.server";
import { cookieFor, db } from "../helpers/factories";
import { createApprovedDecision, createBank, CLIENT_NAME } from "../helpers/attestation-factories";
import { CLIENT_INPUT, makeClient, send } from "../helpers/clients-factories";
import { call } from "../helpers/api-factories";
import { getRequest, settle } from "../helpers/requests";

const QUERIES = ["cafe", "ÑANDÚ", "nandu", "Café Ñandú", "  CAFÉ   ñandu "];

async function setup() {
  const bank = await createBank("Banco Búsqueda");
  const actor = { institutionId: bank.institutionId, userId: bank.rm.id };
  const decision = await createApprovedDecision(bank, { clientName: CLIENT_NAME });
  await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "es", now: new Date() });
  await send(actor, decision.clientId);
  const other = await makeClient(actor, { name: "Electrónica del Pacífico S.A.", registrationNumber: "RUC 20-ÑU-77" });
  await send(actor, other.id);
  const stranger = await createBank("Banco Ajeno");
  await makeClient({ institutionId: stranger.institutionId, userId: stranger.rm.id }, { name: CLIENT_NAME });
  const cookie = await cookieFor(bank.rm);
  const { key } = await createApiKey({ institutionId: bank.institutionId, userId: bank.admin.id }, { name: "search", scope: "read", canReadAudit: false }, new Date());
  return { bank, actor, cookie, key, nanduId: decision.clientId, other };
}

async function clientNames(q: string, cookie: string) {
  const r = await settle(() => clientsLoader({ request: getRequest(`/app/clients?q=${encodeURIComponent(q)}`, cookie), params: {}, context: {} }));
  expect(r.status).toBe(200);
  return (r.response as Awaited<ReturnType<typeof clientsLoader>>).page.rows.map((c) => c.name);
}

describe("accent- and case-insensitive search", () => {
  it("finds Café Ñandú S.A. by every spelling in the clients, assessments and attestations lists and the API", async () => {
    const { cookie, key } = await setup();
    for (const q of QUERIES) {
      expect(await clientNames(q, cookie)).toEqual([CLIENT_NAME]);
      const a = await settle(() => assessmentsLoader({ request: getRequest(`/app/portfolio/assessments?q=${encodeURIComponent(q)}`, cookie), params: {}, context: {} }));
      // The decided assessment and the re-assessment sent after it.
      expect((a.response as Awaited<ReturnType<typeof assessmentsLoader>>).page.rows.map((r) => r.clientName)).toEqual([CLIENT_NAME, CLIENT_NAME]);
      const t = await settle(() => attestationsLoader({ request: getRequest(`/app/attestations?q=${encodeURIComponent(q)}`, cookie), params: {}, context: {} }));
      expect((t.response as Awaited<ReturnType<typeof attestationsLoader>>).rows.map((r) => r.clientName)).toEqual([CLIENT_NAME]);
      const api = await call(apiClients, `/api/v1/clients?q=${encodeURIComponent(q)}`, { token: key });
      expect(api.status).toBe(200);
      expect((api.body.data as Array<{ name: string }>).map((c) => c.name)).toEqual([CLIENT_NAME]);
    }
    for (const q of ["electronica", "PACIFICO", "pacífico"]) expect(await clientNames(q, cookie)).toEqual(["Electrónica del Pacífico S.A."]);
    // The registration number follows the same rule, in the lists and the API.
    expect(await clientNames("ruc 20-nu", cookie)).toEqual(["Electrónica del Pacífico S.A."]);
    expect(((await call(apiClients, "/api/v1/clients?q=20-%C3%B1u", { token: key })).body.data as Array<{ name: string }>).map((c) => c.name)).toEqual(["Electrónica del Pacífico S.A."]);
    expect(await clientNames("nandu pacifico", cookie)).toEqual([]);
    // LIKE wildcards are literal.
    expect(await clientNames("%", cookie)).toEqual([]);
    expect(await clientNames("_", cookie)).toEqual([]);
  });

  it("follows a rename, and the old /app/portfolio/clients link lands on the one list with its filters", async () => {
    const { actor, cookie, other } = await setup();
    await updateClient(actor, other.id, { ...CLIENT_INPUT, name: "Río Bravo Agrícola" }, new Date());
    expect(await clientNames("rio bravo", cookie)).toEqual(["Río Bravo Agrícola"]);
    expect(await clientNames("electronica", cookie)).toEqual([]);
    // The edit kept the registration number of CLIENT_INPUT: its search column follows too.
    expect(await clientNames("ruc 20123456789", cookie)).toEqual(["Río Bravo Agrícola"]);
    const r = await settle(() => portfolioRedirect({ request: getRequest("/app/portfolio/clients?q=nandu&gate=closed", cookie), params: {}, context: {} }));
    expect(r.status).toBe(301);
    expect((r.response as Response).headers.get("Location")).toBe("/app/clients?q=nandu&gate=closed");
  });

  it("the start-up backfill fills the search columns of rows written before they existed", async () => {
    const { bank, cookie, nanduId } = await setup();
    await db().update(clients).set({ nameSearch: null, registrationSearch: null }).where(eq(clients.institutionId, bank.institutionId));
    expect(await clientNames("nandu", cookie)).toEqual([]);
    expect(await backfillClientSearchKeys()).toBeGreaterThanOrEqual(2);
    expect(await clientNames("nandu", cookie)).toEqual([CLIENT_NAME]);
    const row = (await db().select().from(clients).where(eq(clients.id, nanduId)).limit(1))[0]!;
    expect(row.nameSearch).toBe("cafe nandu s.a.");
    expect(await backfillClientSearchKeys()).toBe(0);
  });
});
