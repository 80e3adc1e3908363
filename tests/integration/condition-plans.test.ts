// Conditions as corrective-action plans and the client's results page (issue 17, F18): the link in
// the decision e-mail (hashed, expiring, 404/410), proof uploaded through it, the RM's proposal
// with evidence picked from the uploads, four-eyes confirmation, the gate, the lists, tenancy, and
// that the bank's internal text never reaches the client.
import { and, eq } from "drizzle-orm";
import { auditEvents, clientLinks, clients, conditions, conditionUpdates, decisions, documents, notifications, outbox } from "../../db/tables";
import { action as conditionAction, loader as conditionLoader } from "~/routes/app+/conditions+/$conditionId";
import { action as proposeAction } from "~/routes/app+/assessments+/$assessmentId_.decision";
import { action as decisionAction } from "~/routes/app+/decisions+/$decisionId";
import { loader as clientLoader } from "~/routes/app+/clients+/$clientId._index";
import { loader as portfolioLoader } from "~/routes/app+/portfolio+/conditions";
import { action as linkAction, loader as linkLoader } from "~/routes/c.$token";
import { sha256Hex } from "~/ids.server";
import { deliverableBody } from "~/services/outbox.server";
import { recordObservation } from "~/services/observations.server";
import { refreshAllGates } from "~/services/gate.server";
import { confirmCondition } from "~/services/conditions.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { createSubmittedAssessment } from "../helpers/review-factories";
import { latestProof, proofPdf } from "../helpers/condition-plan-factories";

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const RATIONALE = "INTERNAL-RATIONALE strong controls but the credit committee worries";
const JUSTIFICATION = "INTERNAL-JUSTIFICATION exception agreed with risk";
const REVIEW_COMMENT = "INTERNAL-REVIEW-COMMENT approved reluctantly";
const OBSERVATION = "INTERNAL-OBSERVATION cash withdrawals on payday";

async function approvedWithConditions(opts: { language?: "en" | "es"; firstDue?: string } = {}) {
  const inst = await createInstitution("Banco Plan");
  const rm = await createUser(inst, ["rm"], { name: "Rita RM" });
  const approver = await createUser(inst, ["approver"], { name: "Alba Approver" });
  const both = await createUser(inst, ["rm", "approver"], { name: "Beto Both" });
  const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id, language: opts.language ?? "es", client: { contactEmail: "ana@cliente.example" } });
  const rmCookie = await cookieFor(rm);
  const approverCookie = await cookieFor(approver);
  await recordObservation({ institutionId: inst, userId: rm.id, name: "Rita RM" }, sub.clientId, { codes: ["other"], note: OBSERVATION }, "en", new Date());
  const proposed = await settle(() =>
    proposeAction({
      request: formRequest(
        `/app/assessments/${sub.assessmentId}/decision`,
        {
          outcome: "approve-with-conditions",
          rationale: RATIONALE,
          justification: JUSTIFICATION,
          "conditions[0].include": "on",
          "conditions[0].text": "Publicar la política firmada",
          "conditions[0].dueDate": opts.firstDue ?? inDays(20),
          "conditions[1].include": "on",
          "conditions[1].text": "Reembolsar las comisiones de contratación",
          "conditions[1].dueDate": inDays(40),
        },
        rmCookie,
      ),
      params: { assessmentId: sub.assessmentId },
      context: {},
    }),
  );
  const decisionId = /\/app\/decisions\/([^?]+)/.exec(proposed.headers.get("Location") ?? "")?.[1];
  if (!decisionId) throw new Error(`no proposal: ${proposed.status}`);
  const request = formRequest(`/app/decisions/${decisionId}`, { intent: "approve", password: PASSWORD, comment: REVIEW_COMMENT }, approverCookie);
  const approved = await settle(() => decisionAction({ request, params: { decisionId }, context: {} }));
  expect(approved.status).toBe(302);
  const conds = (await db().select().from(conditions).where(eq(conditions.decisionId, decisionId))).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const mail = (await db().select().from(outbox).where(and(eq(outbox.institutionId, inst), eq(outbox.kind, "client.decision"))))[0]!;
  const token = /\/c\/(pvn_cli_[A-Za-z0-9_-]+)/.exec(deliverableBody(mail))?.[1];
  if (!token) throw new Error("no link in the decision e-mail");
  return { inst, rm, approver, both, sub, rmCookie, approverCookie, bothCookie: await cookieFor(both), decisionId, conds, mail, token };
}

function uploadRequest(token: string, conditionId: string, file: { name: string; bytes: Uint8Array; type: string } | null, note = ""): Request {
  const body = new FormData();
  body.append("conditionId", conditionId);
  body.append("note", note);
  if (file) body.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return new Request(`http://localhost/c/${token}`, { method: "POST", body });
}

const openLink = (token: string) => settle(() => linkLoader({ request: getRequest(`/c/${token}`), params: { token }, context: {} }));
const post = (token: string, request: Request) => settle(() => linkAction({ request, params: { token }, context: {} }));
const staffPost = (conditionId: string, fields: Record<string, string>, cookie: string) => settle(() => conditionAction({ request: formRequest(`/app/conditions/${conditionId}`, fields, cookie), params: { conditionId }, context: {} }));

describe("the client's link", () => {
  it("comes in the decision e-mail in the assessment's language, masked in the outbox, stored hashed, and opens the results", async () => {
    const s = await approvedWithConditions({ language: "es" });
    expect(s.mail.body).not.toContain(s.token);
    expect(s.mail.body).toMatch(/\/c\/pvn_cli_.{4}…/);
    expect(deliverableBody(s.mail)).toContain("Sus resultados y sus condiciones");
    const link = (await db().select().from(clientLinks).where(eq(clientLinks.decisionId, s.decisionId)))[0]!;
    expect(link.tokenHash).toBe(sha256Hex(s.token));
    expect(JSON.stringify(link)).not.toContain(s.token);
    const res = await openLink(s.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    const page = (res.response as { page: { lang: string; outcome: string; conditions: Array<{ text: string; standing: string }>; scorecard: { sections: unknown[]; overall: unknown } | null } }).page;
    expect(page.lang).toBe("es");
    expect(page.outcome).toBe("approve-with-conditions");
    expect(page.conditions.map((c) => c.text)).toEqual(["Publicar la política firmada", "Reembolsar las comisiones de contratación"]);
    expect(page.scorecard?.sections.length).toBeGreaterThan(0);
  });

  it("never carries the bank's rationale, justification, review comment or financial observations", async () => {
    const s = await approvedWithConditions();
    const text = JSON.stringify((await openLink(s.token)).response);
    for (const internal of [RATIONALE, JUSTIFICATION, REVIEW_COMMENT, OBSERVATION, "INTERNAL-"]) expect(text).not.toContain(internal);
    expect(deliverableBody(s.mail)).not.toContain("INTERNAL-");
    // The decision row does hold them, so the test would see them if the page read them.
    expect(JSON.stringify((await db().select().from(decisions).where(eq(decisions.id, s.decisionId)))[0])).toContain("INTERNAL-RATIONALE");
  });

  it("an unknown token is 404; an expired or revoked one is 410, for the page and the upload alike", async () => {
    const s = await approvedWithConditions();
    expect((await openLink("pvn_cli_nothere")).status).toBe(404);
    expect((await openLink("something-else")).status).toBe(404);
    await db().update(clientLinks).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(clientLinks.decisionId, s.decisionId));
    expect((await openLink(s.token)).status).toBe(410);
    expect((await post(s.token, uploadRequest(s.token, s.conds[0]!.id, null, "hello"))).status).toBe(410);
    await db().update(clientLinks).set({ expiresAt: new Date(Date.now() + 86_400_000).toISOString(), revokedAt: new Date().toISOString() }).where(eq(clientLinks.decisionId, s.decisionId));
    expect((await openLink(s.token)).status).toBe(410);
    expect(await db().select().from(conditionUpdates)).toHaveLength(0);
  });

  it("takes proof and an update per condition: a document of the assessment, the update, the audit event and the RM's notification", async () => {
    const s = await approvedWithConditions();
    const c = s.conds[0]!;
    const res = await post(s.token, uploadRequest(s.token, c.id, { name: "política.pdf", bytes: new Uint8Array(proofPdf()), type: "application/pdf" }, "Adjuntamos la política"));
    expect(res.status).toBe(302);
    const update = (await db().select().from(conditionUpdates).where(eq(conditionUpdates.conditionId, c.id)))[0]!;
    expect(update.note).toBe("Adjuntamos la política");
    const doc = (await db().select().from(documents).where(eq(documents.id, update.documentId!)))[0]!;
    expect(doc).toMatchObject({ assessmentId: s.sub.assessmentId, mediaType: "application/pdf" });
    expect((await db().select().from(auditEvents).where(and(eq(auditEvents.action, "condition.update-received"), eq(auditEvents.subjectId, c.id))))).toHaveLength(1);
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, s.rm.id), eq(notifications.kind, "condition.update")));
    expect(notes).toHaveLength(1);
    // The client sees what it sent.
    const page = (await openLink(s.token)).response as { page: { conditions: Array<{ id: string; updates: Array<{ fileName: string | null }> }> } };
    expect(page.page.conditions.find((x) => x.id === c.id)?.updates.map((u) => u.fileName)).toEqual(["política.pdf"]);
    // Refused: a type that is not evidence (415), nothing at all (400), another decision's condition (404).
    expect((await post(s.token, uploadRequest(s.token, c.id, { name: "x.exe.pdf", bytes: new TextEncoder().encode("MZ not a pdf"), type: "application/pdf" }))).status).toBe(415);
    expect((await post(s.token, uploadRequest(s.token, c.id, null, "  "))).status).toBe(400);
    const other = await approvedWithConditions();
    expect((await post(s.token, uploadRequest(s.token, other.conds[0]!.id, null, "hola"))).status).toBe(404);
    expect(await db().select().from(conditionUpdates).where(eq(conditionUpdates.conditionId, c.id))).toHaveLength(1);
  });
});

describe("the bank's review of a condition", () => {
  it("four-eyes: the RM proposes met with one of the uploads, approvers are told, the proposer cannot confirm, another approver does, and the gate follows", async () => {
    const s = await approvedWithConditions();
    const [first, second] = s.conds as [typeof s.conds[0], typeof s.conds[0]];
    expect((await db().select().from(clients).where(eq(clients.id, s.sub.clientId)))[0]?.gate).toBe("conditional");
    // "Met" needs proof, and there is none yet.
    expect((await staffPost(first.id, { intent: "propose", outcome: "met", comment: "ok" }, s.bothCookie)).status).toBe(400);
    for (const c of [first, second]) await post(s.token, uploadRequest(s.token, c.id, { name: "proof.pdf", bytes: new Uint8Array(proofPdf()), type: "application/pdf" }));
    const page = (await settle(() => conditionLoader({ request: getRequest(`/app/conditions/${first.id}`, s.rmCookie), params: { conditionId: first.id }, context: {} }))).response as { uploads: Array<{ document: { id: string } | null }> };
    const proof = page.uploads[0]!.document!.id;
    expect(proof).toBe(await latestProof(first.id));
    // The person with both roles proposes: approvers other than them are notified, they are not.
    expect((await staffPost(first.id, { intent: "propose", outcome: "met", comment: "La política está publicada", documentId: proof }, s.bothCookie)).status).toBe(302);
    const told = await db().select().from(notifications).where(eq(notifications.kind, "condition.update"));
    expect(told.filter((n) => n.params.includes("proposed-met")).map((n) => n.userId)).toEqual([s.approver.id]);
    expect((await db().select().from(outbox).where(and(eq(outbox.institutionId, s.inst), eq(outbox.subject, "Condition awaiting your confirmation: " + (await db().select().from(clients).where(eq(clients.id, s.sub.clientId)))[0]!.name)))).length).toBe(1);
    expect((await staffPost(first.id, { intent: "confirm" }, s.bothCookie)).status).toBe(403);
    expect((await staffPost(first.id, { intent: "confirm" }, s.rmCookie)).status).toBe(403);
    expect((await db().select().from(conditions).where(eq(conditions.id, first.id)))[0]?.status).toBe("open");
    const ok = await staffPost(first.id, { intent: "confirm" }, s.approverCookie);
    expect(ok.headers.get("Location")).toBe(`/app/conditions/${first.id}?flash=confirmed&gate=conditional`);
    expect((await db().select().from(conditions).where(eq(conditions.id, first.id)))[0]).toMatchObject({ status: "met", metBy: s.approver.id, proposedBy: s.both.id, metDocumentId: proof });
    const audit = (await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, first.id)))).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["condition.update-received", "condition.proposed-met", "condition.met"]));
    // Not met: the client is shown the bank's comment and may send more.
    expect((await staffPost(second.id, { intent: "propose", outcome: "not-met", comment: "Falta la firma del gerente" }, s.rmCookie)).status).toBe(302);
    const client = (await openLink(s.token)).response as { page: { conditions: Array<{ id: string; standing: string; bankComment: string | null; acceptsUpdates: boolean }> } };
    expect(client.page.conditions.find((c) => c.id === second.id)).toMatchObject({ standing: "more-proof-needed", bankComment: "Falta la firma del gerente", acceptsUpdates: true });
    expect(client.page.conditions.find((c) => c.id === first.id)).toMatchObject({ standing: "met", acceptsUpdates: false });
    expect((await staffPost(second.id, { intent: "confirm" }, s.approverCookie)).status).toBe(409);
    await post(s.token, uploadRequest(s.token, second.id, { name: "firmada.pdf", bytes: new Uint8Array(proofPdf()), type: "application/pdf" }));
    await staffPost(second.id, { intent: "propose", outcome: "met", comment: "Firmada", documentId: await latestProof(second.id) }, s.rmCookie);
    expect((await staffPost(second.id, { intent: "confirm" }, s.approverCookie)).headers.get("Location")).toContain("gate=open");
    expect((await db().select().from(clients).where(eq(clients.id, s.sub.clientId)))[0]).toMatchObject({ gate: "open", gateReason: "approved" });
  });

  it("an overdue condition closes the gate even while a proposal waits; the confirmation reopens it", async () => {
    const s = await approvedWithConditions({ firstDue: inDays(1) });
    const first = s.conds[0]!;
    await post(s.token, uploadRequest(s.token, first.id, { name: "proof.pdf", bytes: new Uint8Array(proofPdf()), type: "application/pdf" }));
    await staffPost(first.id, { intent: "propose", outcome: "met", comment: "ok", documentId: await latestProof(first.id) }, s.rmCookie);
    const later = new Date(Date.now() + 3 * 86_400_000);
    await refreshAllGates(later);
    expect((await db().select().from(clients).where(eq(clients.id, s.sub.clientId)))[0]).toMatchObject({ gate: "closed", gateReason: "condition-overdue" });
    const out = await confirmCondition({ institutionId: s.inst, userId: s.approver.id }, first.id, later);
    expect(out.gate).toMatchObject({ gate: "conditional", reasonCode: "approved-with-conditions" });
    expect((await db().select().from(clients).where(eq(clients.id, s.sub.clientId)))[0]?.gate).toBe("conditional");
  });

  it("lists a client's conditions on its page and the portfolio's open ones by due date, with ageing and filters", async () => {
    const s = await approvedWithConditions();
    await db().update(conditions).set({ dueDate: inDays(-5) }).where(eq(conditions.id, s.conds[0]!.id));
    const clientPage = (await clientLoader({ request: getRequest(`/app/clients/${s.sub.clientId}`, s.rmCookie), params: { clientId: s.sub.clientId }, context: {} })) as { conditionList: Array<{ id: string; daysOverdue: number; standing: string }> };
    expect(clientPage.conditionList.map((c) => [c.id, c.standing, c.daysOverdue])).toEqual([
      [s.conds[0]!.id, "overdue", 5],
      [s.conds[1]!.id, "open", 0],
    ]);
    const portfolio = async (qs: string, cookie = s.rmCookie) => ((await portfolioLoader({ request: getRequest(`/app/portfolio/conditions?${qs}`, cookie), params: {}, context: {} })) as { items: Array<{ id: string; daysOverdue: number }> }).items;
    expect((await portfolio("")).map((c) => c.id)).toEqual([s.conds[0]!.id, s.conds[1]!.id]);
    expect((await portfolio("show=overdue")).map((c) => [c.id, c.daysOverdue])).toEqual([[s.conds[0]!.id, 5]]);
    expect(await portfolio("client=zzz-nobody")).toEqual([]);
    expect(await portfolio("show=awaiting")).toEqual([]);
    // Another institution sees none of them.
    const other = await createInstitution("Otro Banco");
    expect(await portfolio("", await cookieFor(await createUser(other, ["rm"])))).toEqual([]);
  });

  it("another institution's condition is 404 on the page and every action", async () => {
    const s = await approvedWithConditions();
    const other = await createInstitution("Otro Banco");
    const outsider = await cookieFor(await createUser(other, ["rm", "approver"]));
    const id = s.conds[0]!.id;
    expect((await settle(() => conditionLoader({ request: getRequest(`/app/conditions/${id}`, outsider), params: { conditionId: id }, context: {} }))).status).toBe(404);
    expect((await staffPost(id, { intent: "propose", outcome: "not-met", comment: "x" }, outsider)).status).toBe(404);
    expect((await staffPost(id, { intent: "confirm" }, outsider)).status).toBe(404);
    expect((await db().select().from(conditions).where(eq(conditions.id, id)))[0]?.proposal).toBeNull();
  });
});
