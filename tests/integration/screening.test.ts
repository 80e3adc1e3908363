// Bank-side screening end to end (issue 15, O12/O13): list import in the publishers' formats,
// screening on client create/edit and of the parties an answer set names, the RM's disposition,
// the gate closed by a confirmed match and reopened by a false positive, and proposals blocked
// while a match is undisposed. Other tenants see nothing.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { auditEvents, clients, screeningDispositions, screeningEntries, screeningHits, screeningLists } from "../../db/tables";
import { action as proposeAction } from "~/routes/app+/assessments+/$assessmentId_.decision";
import { loader as clientLoader } from "~/routes/app+/clients+/$clientId._index";
import { loader as reviewLoader } from "~/routes/app+/assessments+/$assessmentId_.review";
import { action as hitAction, loader as hitLoader } from "~/routes/app+/clients+/$clientId.screening.$hitId";
import { action as listsAction, loader as listsLoader } from "~/routes/app+/admin+/screening-lists";
import { ListImportError } from "~/domain/screening/lists";
import { approveDecision } from "~/services/decisions.server";
import { importScreeningList } from "~/services/screening.server";
import { updateClient } from "~/services/clients.server";
import { cookieFor, createInstitution, createUser, db, stepUpFor } from "../helpers/factories";
import { CLIENT_INPUT, makeClient } from "../helpers/clients-factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { createSubmittedAssessment } from "../helpers/review-factories";

const FIXTURES = path.resolve("reference/screening/fixtures");
const fixture = (file: string) => ({ name: file, text: fs.readFileSync(path.join(FIXTURES, file), "utf8") });
const UFLPA = { kind: "uflpa" as const, name: "UFLPA Entity List (sample)", sourceUrl: "https://www.dhs.gov/uflpa-entity-list", retrievedDate: "2026-11-30", isSample: true };

async function bank(name = "Banco Lista") {
  const institutionId = await createInstitution(name);
  const rm = await createUser(institutionId, ["rm"], { name: "Rita RM" });
  const admin = await createUser(institutionId, ["admin"], { name: "Ada Admin" });
  const approver = await createUser(institutionId, ["approver"], { name: "Alba Approver" });
  return { institutionId, rm, admin, approver, rmCookie: await cookieFor(rm), adminCookie: await cookieFor(admin), actor: { institutionId, userId: rm.id } };
}

async function loadUflpa(b: { institutionId: string; admin: { id: string } }, now = new Date()) {
  return await importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, UFLPA, fixture("uflpa-entity-list.sample.csv"), now);
}

const hitsOf = async (clientId: string) => await db().select().from(screeningHits).where(eq(screeningHits.clientId, clientId));
const gateOf = async (clientId: string) => (await db().select().from(clients).where(eq(clients.id, clientId)).limit(1))[0]!;

async function dispose(clientId: string, hitId: string, fields: Record<string, string>, cookie: string) {
  return await settle(() => hitAction({ request: formRequest(`/app/clients/${clientId}/screening/${hitId}`, fields, cookie), params: { clientId, hitId }, context: {} }));
}

describe("list import", () => {
  it("loads every sample list in its publisher's format, versioned, with its entry count", async () => {
    const b = await bank();
    const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8")) as { lists: Array<{ file: string; kind: "uflpa"; name: string; sourceUrl: string; retrievedDate: string }> };
    const counts: Record<string, number> = {};
    for (const l of manifest.lists) {
      const out = await importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, { kind: l.kind, name: l.name, sourceUrl: l.sourceUrl, retrievedDate: l.retrievedDate, isSample: true }, fixture(l.file), new Date());
      counts[l.file] = out.entryCount;
    }
    // The revoked WRO, the FtM Sanction entity and the OpenSanctions Address row are not listed parties.
    expect(counts).toEqual({ "uflpa-entity-list.sample.csv": 4, "cbp-wro-findings.sample.csv": 2, "cadastro-empregadores.sample.csv": 2, "opensanctions-targets.sample.simple.csv": 2, "followthemoney.sample.jsonl": 2 });
    const lists = await db().select().from(screeningLists).where(eq(screeningLists.institutionId, b.institutionId));
    expect(lists).toHaveLength(5);
    expect(lists.every((l) => l.isSample && l.sha256.length === 64 && l.retrievedDate === "2026-11-30")).toBe(true);
    const suja = await db().select().from(screeningEntries).where(and(eq(screeningEntries.institutionId, b.institutionId), eq(screeningEntries.listId, lists.find((l) => l.kind === "br-lista-suja")!.id)));
    expect(suja.map((e) => [e.name, e.country, e.listedDate])).toContainEqual(["Fazenda Fictícia Exemplo Ltda", "BR", "2025-04-09"]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.institutionId, b.institutionId), eq(auditEvents.action, "screening-list.imported")))).toHaveLength(5);
  });

  it("refreshes a list in place (same id, new entries) and refuses a bad row naming line and field", async () => {
    const b = await bank();
    const first = await loadUflpa(b);
    const text = "name,aliases,address,country,date_added\nSample Refresh Only Entity Co. Ltd.,,,China,2025-05-05\n";
    const second = await importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, UFLPA, { name: "u.csv", text }, new Date());
    expect(second.listId).toBe(first.listId);
    expect((await db().select().from(screeningEntries).where(eq(screeningEntries.listId, first.listId))).map((e) => e.name)).toEqual(["Sample Refresh Only Entity Co. Ltd."]);
    const bad = "name,aliases,address,country,date_added\nSample Bad Date Co.,,,China,11 June 2024\n";
    await expect(importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, UFLPA, { name: "bad.csv", text: bad }, new Date())).rejects.toThrow(ListImportError);
    await expect(importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, UFLPA, { name: "bad.csv", text: bad }, new Date())).rejects.toThrow(/bad\.csv, line 2: field date_added/);
    expect((await db().select().from(screeningEntries).where(eq(screeningEntries.listId, first.listId)))).toHaveLength(1);
  });

  it("admin page: lists with entry count and age; upload rescreens; bad input is a 400 naming the field; an RM gets 403", async () => {
    const b = await bank();
    const client = await makeClient(b.actor, { name: "Example Sample Cotton Textile Company Limited", country: "CN" });
    const form = new FormData();
    form.set("kind", "uflpa");
    form.set("name", "UFLPA Entity List (sample)");
    form.set("sourceUrl", "https://www.dhs.gov/uflpa-entity-list");
    form.set("retrievedDate", "2026-11-30");
    form.set("isSample", "on");
    form.set("file", new File([fixture("uflpa-entity-list.sample.csv").text], "uflpa.csv", { type: "text/csv" }));
    const res = await settle(() => listsAction({ request: new Request("http://localhost/app/admin/screening-lists", { method: "POST", body: form, headers: { Cookie: b.adminCookie } }), params: {}, context: {} }));
    expect(res.status).toBe(302);
    expect((res.response as Response).headers.get("Location")).toContain("entries=4&hits=1");
    expect((await hitsOf(client.id)).map((h) => h.listedName)).toEqual(["Example Sample Cotton Textile Co., Ltd."]);
    const page = (await listsLoader({ request: getRequest("/app/admin/screening-lists", b.adminCookie), params: {}, context: {} })) as Awaited<ReturnType<typeof listsLoader>>;
    expect(page.lists).toMatchObject([{ name: "UFLPA Entity List (sample)", entryCount: 4, retrievedDate: "2026-11-30", isSample: true }]);
    expect(page.lists[0]!.ageDays).toBeGreaterThanOrEqual(0);

    const bad = new FormData();
    bad.set("kind", "uflpa");
    bad.set("name", "");
    bad.set("sourceUrl", "not a url");
    bad.set("retrievedDate", "2026-11-30");
    const refused = await settle(() => listsAction({ request: new Request("http://localhost/app/admin/screening-lists", { method: "POST", body: bad, headers: { Cookie: b.adminCookie } }), params: {}, context: {} }));
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.response as { fieldErrors: Record<string, string[]> }).fieldErrors).sort()).toEqual(["file", "name", "sourceUrl"]);
    const rm = await settle(() => listsLoader({ request: getRequest("/app/admin/screening-lists", b.rmCookie), params: {}, context: {} }));
    expect(rm.status).toBe(403);
  });
});

describe("screening on create and edit", () => {
  it("flags a new client whose name is a listed entity's, audited, and shows it on the client page", async () => {
    const b = await bank();
    await loadUflpa(b);
    const client = await makeClient(b.actor, { name: "EXAMPLE SAMPLE COTTON TEXTILE CO LTD", country: "CN" });
    const [hit] = await hitsOf(client.id);
    expect(hit).toMatchObject({ subjectKind: "client", listName: "UFLPA Entity List (sample)", listedName: "Example Sample Cotton Textile Co., Ltd.", listedDate: "2024-06-11", score: 100, status: "pending", isCurrent: true });
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "client.screened"), eq(auditEvents.subjectId, client.id)))).toHaveLength(1);
    const page = (await clientLoader({ request: getRequest(`/app/clients/${client.id}`, b.rmCookie), params: { clientId: client.id }, context: {} })) as Awaited<ReturnType<typeof clientLoader>>;
    expect(page.screening).toMatchObject({ pendingCount: 1, confirmed: [], hits: [{ listedName: "Example Sample Cotton Textile Co., Ltd.", score: 100, listedDate: "2024-06-11" }] });
    // A client with an unrelated name is not flagged.
    expect(await hitsOf((await makeClient(b.actor, { name: "Textiles Andinos S.A.", country: "PE" })).id)).toEqual([]);
  });

  it("an edit to an unlisted name stops the hit counting; back to the listed name, the same hit returns", async () => {
    const b = await bank();
    await loadUflpa(b);
    const client = await makeClient(b.actor, { name: "Imaginary Sample Seafood Processing Co. Ltd.", country: "CN" });
    const { contactName: _c, registrationNumber: _r, ...rest } = CLIENT_INPUT;
    const base = { ...rest, country: "CN", contactName: "Ana", registrationNumber: "X" };
    await updateClient(b.actor, client.id, { ...base, name: "Totally Different Fishing Sample Co." }, new Date());
    expect((await hitsOf(client.id)).map((h) => h.isCurrent)).toEqual([false]);
    await updateClient(b.actor, client.id, { ...base, name: "Imaginary Sample Seafood Processing Company Limited" }, new Date());
    expect((await hitsOf(client.id)).map((h) => [h.isCurrent, h.status])).toEqual([[true, "pending"]]);
  });

  it("screens the agencies an answer set names when the portfolio is rescreened", async () => {
    const b = await bank();
    const sub = await createSubmittedAssessment({ institutionId: b.institutionId, sentBy: b.rm.id, client: { name: "Maquila Norte Sample S.A.", country: "MX" }, values: { "rec.uses-agencies": "yes", "rec.agency-list": "Agencia de Reclutamiento Ficticia Ejemplo, Guatemala, recruitment\nTransportes Seguros Sample, Mexico, transport" } });
    await importScreeningList({ institutionId: b.institutionId, userId: b.admin.id }, { kind: "ftm", name: "Vendor list (sample)", sourceUrl: "https://followthemoney.tech/", retrievedDate: "2026-11-30", isSample: true }, fixture("followthemoney.sample.jsonl"), new Date());
    expect((await hitsOf(sub.clientId)).map((h) => [h.subjectKind, h.subjectName, h.listedName, h.assessmentId])).toEqual([["agency", "Agencia de Reclutamiento Ficticia Ejemplo", "Agencia de Reclutamiento Ficticia Ejemplo", sub.assessmentId]]);
  });
});

describe("disposition, gate and proposal", () => {
  async function listedSubmittedClient() {
    const b = await bank();
    const sub = await createSubmittedAssessment({ institutionId: b.institutionId, sentBy: b.rm.id, client: { name: "Placeholder Demo Aluminium Industries Group Co., Ltd.", country: "CN" } });
    await loadUflpa(b);
    const [hit] = await hitsOf(sub.clientId);
    return { b, sub, hit: hit! };
  }

  it("blocks a proposal while a match is undisposed, with a message on the form", async () => {
    const { b, sub, hit } = await listedSubmittedClient();
    expect(hit.status).toBe("pending");
    const res = await settle(() => proposeAction({ request: formRequest(`/app/assessments/${sub.assessmentId}/decision`, { outcome: "approve", rationale: "Good answers", justification: "Mitigated by the bank's own site visit" }, b.rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.response)).toContain("rule.screening-undisposed");
    expect((await dispose(sub.clientId, hit.id, { disposition: "false-positive", reason: "Different registration number and province" }, b.rmCookie)).status).toBe(302);
    const ok = await settle(() => proposeAction({ request: formRequest(`/app/assessments/${sub.assessmentId}/decision`, { outcome: "approve", rationale: "Good answers", justification: "Mitigated by the bank's own site visit" }, b.rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }));
    expect(ok.status).toBe(302);
  });

  it("needs a reason (400 on the field, nothing written), records the disposition audited, and a true match closes an open gate; a false positive reopens it", async () => {
    const { b, sub, hit } = await listedSubmittedClient();
    const missing = await dispose(sub.clientId, hit.id, { disposition: "true-match", reason: "  " }, b.rmCookie);
    expect(missing.status).toBe(400);
    expect((missing.response as { fieldErrors: Record<string, string[]> }).fieldErrors.reason).toEqual(["screening.error.reason"]);
    expect(await db().select().from(screeningDispositions).where(eq(screeningDispositions.hitId, hit.id))).toEqual([]);

    // Approve the client first (false positive, propose, approve) so the gate is open.
    await dispose(sub.clientId, hit.id, { disposition: "false-positive", reason: "Checked the registry: another firm" }, b.rmCookie);
    const proposed = await settle(() => proposeAction({ request: formRequest(`/app/assessments/${sub.assessmentId}/decision`, { outcome: "approve", rationale: "Good answers", justification: "Mitigated by the bank's own site visit" }, b.rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }));
    const decisionId = /\/app\/decisions\/([^?]+)/.exec((proposed.response as Response).headers.get("Location") ?? "")![1]!;
    const now = new Date();
    await approveDecision({ institutionId: b.institutionId, userId: b.approver.id, name: "Alba Approver", stepUp: await stepUpFor({ id: b.approver.id, institutionId: b.institutionId }, "decision.approve", now) }, decisionId, { comment: null }, now);
    expect((await gateOf(sub.clientId)).gate).toBe("open");

    expect((await dispose(sub.clientId, hit.id, { disposition: "true-match", reason: "Same address and registration number as the listing" }, b.rmCookie)).status).toBe(302);
    expect(await gateOf(sub.clientId)).toMatchObject({ gate: "closed", gateReason: "listed-entity" });
    const page = (await clientLoader({ request: getRequest(`/app/clients/${sub.clientId}`, b.rmCookie), params: { clientId: sub.clientId }, context: {} })) as Awaited<ReturnType<typeof clientLoader>>;
    expect(page.screening.confirmed).toEqual([expect.objectContaining({ listName: "UFLPA Entity List (sample)", listedDate: "2025-01-15" })]);
    const review = (await reviewLoader({ request: getRequest(`/app/assessments/${sub.assessmentId}/review`, b.rmCookie), params: { assessmentId: sub.assessmentId }, context: {} })) as Awaited<ReturnType<typeof reviewLoader>>;
    expect(review.screening.confirmed).toHaveLength(1);
    const audits = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "screening-match.disposed"), eq(auditEvents.subjectId, sub.clientId)));
    expect(audits.map((a) => a.reason)).toEqual(["Checked the registry: another firm", "Same address and registration number as the listing"]);

    expect((await dispose(sub.clientId, hit.id, { disposition: "false-positive", reason: "Listing concerns the parent's other subsidiary" }, b.rmCookie)).status).toBe(302);
    expect(await gateOf(sub.clientId)).toMatchObject({ gate: "open", gateReason: "approved" });
    expect(await db().select().from(screeningDispositions).where(eq(screeningDispositions.hitId, hit.id))).toHaveLength(3);
  });

  it("another institution's user gets 404 for the match page and its disposition", async () => {
    const { sub, hit } = await listedSubmittedClient();
    const other = await bank("Banco Otro");
    expect((await settle(() => hitLoader({ request: getRequest(`/app/clients/${sub.clientId}/screening/${hit.id}`, other.rmCookie), params: { clientId: sub.clientId, hitId: hit.id }, context: {} }))).status).toBe(404);
    expect((await dispose(sub.clientId, hit.id, { disposition: "true-match", reason: "x" }, other.rmCookie)).status).toBe(404);
    expect((await hitsOf(sub.clientId))[0]?.status).toBe("pending");
  });
});
