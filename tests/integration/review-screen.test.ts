// The review screen: what it shows, evidence review with re-scoring, start-review, return with
// comments, document download, and that other tenants and auditors can change nothing.
import * as reviewPage from "~/routes/app+/assessments+/$assessmentId_.review";
import { pageRenderer, visibleText } from "../helpers/render-page";
import { and, eq } from "drizzle-orm";
import { assessments, auditEvents, documents, draftAnswers, outbox, results, reviewComments } from "../../db/tables";
import { loader as reviewLoader, action as reviewAction } from "~/routes/app+/assessments+/$assessmentId_.review";
import { loader as documentLoader } from "~/routes/app+/assessments+/$assessmentId_.documents.$documentId";
import type { ScoreResult } from "~/domain/scoring/score";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { createSubmittedAssessment, DOCUMENT_BYTES } from "../helpers/review-factories";

async function setup(opts: Partial<Parameters<typeof createSubmittedAssessment>[0]> = {}) {
  const inst = await createInstitution("Banco Revisión");
  const rm = await createUser(inst, ["rm"]);
  const auditor = await createUser(inst, ["auditor"]);
  const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id, ...opts });
  return { inst, rm, auditor, sub, rmCookie: await cookieFor(rm), auditorCookie: await cookieFor(auditor) };
}

const path = (id: string) => `/app/assessments/${id}/review`;
const roundHalfUp1 = (x: number) => Math.round(x * 10 + 1e-9) / 10;

async function resultsOf(assessmentId: string) {
  return (await db().select().from(results).where(eq(results.assessmentId, assessmentId))).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

async function post(assessmentId: string, fields: Record<string, string>, cookie: string) {
  return await settle(() => reviewAction({ request: formRequest(path(assessmentId), fields, cookie), params: { assessmentId }, context: {} }));
}

describe("review screen", () => {
  it("shows scores, red flags first with the answer and question, inherent risk with sources, every question and the history", async () => {
    const { sub, rmCookie } = await setup({ values: { "work.passport-retention": "yes" } });
    const res = await settle(() => reviewLoader({ request: getRequest(path(sub.assessmentId), rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }));
    expect(res.status).toBe(200);
    const view = res.response as Awaited<ReturnType<typeof reviewLoader>>;
    expect(view.result?.redFlags[0]).toMatchObject({ code: "RF-PASSPORT-RETENTION", severity: "critical", questionId: "work.passport-retention", answerLabel: expect.stringMatching(/^Yes, even if only temporarily/) });
    expect(view.result?.redFlags[0]?.questionText.length).toBeGreaterThan(10);
    expect(view.result?.residualRisk).toBe("critical");
    expect(view.result?.inherentRisk.components.map((c) => [c.kind, c.source, c.year])).toEqual([
      ["country", "TIP 2025", 2025],
      ["sector", "DOMAIN-RESEARCH §5.5", 2026],
      ["goods", "DOL 2024; GSI 2023; UFLPA 2022; UFLPA 2024; UFLPA 2025", 2025],
    ]);
    expect(view.sections.map((s) => s.key)).toEqual(["gov", "risk", "rec", "work", "voice", "supply", "remedy", "legal"]);
    const q = view.sections[0]!.questions[0]!;
    expect(q).toMatchObject({ id: "gov.policy", earned: 4, possible: 4, visible: true });
    expect(q.sources[0]).toBeTruthy();
    expect(q.documents[0]).toMatchObject({ state: "accepted", fileName: "gov.policy.pdf" });
    expect(view.history).toHaveLength(1);
    expect(view.history[0]).toMatchObject({ reason: "submission", isCurrent: true });
  });

  it("explains in Spanish when the UI is in Spanish, with the same numbers", async () => {
    const { sub, rmCookie } = await setup({ values: { "work.passport-retention": "yes" } });
    const request = new Request(`http://localhost${path(sub.assessmentId)}`, { headers: { Cookie: rmCookie, "Accept-Language": "es" } });
    const view = (await reviewLoader({ request, params: { assessmentId: sub.assessmentId }, context: {} })) as Awaited<ReturnType<typeof reviewLoader>>;
    const stored = (await resultsOf(sub.assessmentId))[0]!.result as unknown as ScoreResult;
    expect(view.result?.overall.score).toBe(stored.overall.score);
    expect(view.result?.redFlags[0]?.answerLabel).toMatch(/^Sí, aunque sea temporalmente/);
    expect(view.result?.residualRiskSteps.at(-1)?.text).toContain("alerta crítica");
  });

  it("rejecting evidence halves the points it carried (creditWithout 0.5) and re-scores exactly as the contract says", async () => {
    const { sub, rm, rmCookie } = await setup();
    const before = (await resultsOf(sub.assessmentId))[0]!.result as unknown as ScoreResult;
    const gov = before.sections.find((s) => s.key === "gov")!;
    expect(gov.questions.find((q) => q.id === "gov.policy")).toMatchObject({ earned: 4, possible: 4 });

    const docId = sub.documentOf["gov.policy"]!;
    const res = await post(sub.assessmentId, { intent: "reject-document", documentId: docId, reason: "Unsigned draft" }, rmCookie);
    expect(res.status).toBe(302);

    const all = await resultsOf(sub.assessmentId);
    expect(all.map((r) => r.reason)).toEqual(["submission", "evidence-review"]);
    const after = all[1]!.result as unknown as ScoreResult;
    const govAfter = after.sections.find((s) => s.key === "gov")!;
    expect(govAfter.questions.find((q) => q.id === "gov.policy")).toMatchObject({ earned: 2, possible: 4 });
    expect(govAfter.questions.find((q) => q.id === "gov.policy")?.why).toMatch(/rejected|0\.5/);
    // By hand: the gov section loses 2 points; the other sections are unchanged.
    expect(govAfter.earned).toBe(gov.earned - 2);
    const govScore = ((gov.earned - 2) / gov.possible) * 100;
    expect(govAfter.score).toBe(roundHalfUp1(govScore));
    const weights = before.sections.filter((s) => s.score !== null).reduce((sum, s) => sum + s.weight, 0);
    const exact = before.sections.filter((s) => s.score !== null).reduce((sum, s) => sum + s.weight * (s.key === "gov" ? govScore : (s.earned / s.possible) * 100), 0) / weights;
    expect(after.overall.score).toBe(roundHalfUp1(exact));
    expect(after.overall.score).toBeLessThan(before.overall.score!);
    expect(after.conditions.map((c) => c.questionId)).toContain("gov.policy");

    const doc = (await db().select().from(documents).where(eq(documents.id, docId)).limit(1))[0]!;
    expect(doc).toMatchObject({ reviewState: "rejected", reviewReason: "Unsigned draft", reviewedBy: rm.id });
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "document.rejected"), eq(auditEvents.subjectId, docId))).limit(1))[0]!;
    expect(event.reason).toBe("Unsigned draft");
    expect(event.before).toMatchObject({ reviewState: "accepted", result: { score: before.overall.score, residualRisk: before.residualRisk } });
    expect(event.after).toMatchObject({ reviewState: "rejected", result: { score: after.overall.score, residualRisk: after.residualRisk, resultId: all[1]!.id } });
  });

  it("accepting pending evidence restores full points; the previous result stays stored", async () => {
    const { sub, rmCookie } = await setup({ documentStates: { "gov.policy": "pending" } });
    const first = (await resultsOf(sub.assessmentId))[0]!.result as unknown as ScoreResult;
    expect(first.sections[0]!.questions[0]).toMatchObject({ id: "gov.policy", earned: 2 });
    const res = await post(sub.assessmentId, { intent: "accept-document", documentId: sub.documentOf["gov.policy"]! }, rmCookie);
    expect(res.status).toBe(302);
    expect((res.headers.get("Location") ?? "")).toContain("flash=accepted");
    const all = await resultsOf(sub.assessmentId);
    expect(all).toHaveLength(2);
    expect((all[1]!.result as unknown as ScoreResult).sections[0]!.questions[0]).toMatchObject({ id: "gov.policy", earned: 4 });
    expect((all[0]!.result as unknown as ScoreResult).overall.score).toBe(first.overall.score);

    // F27: the message is computed from the two stored results, whatever the URL says.
    const location = res.headers.get("Location") ?? "";
    expect(location).not.toMatch(/before=|after=/);
    const latest = all[1]!.result as unknown as ScoreResult;
    const render = pageRenderer("app/assessments/:assessmentId/review", reviewPage);
    const forged = `${location.split("#")[0]}&before=99.9&after=0.1`;
    const en = visibleText((await render(forged, rmCookie, "en")).html);
    const risk = { low: "low", medium: "medium", high: "high", critical: "critical" }[latest.residualRisk];
    const band = { strong: "strong", adequate: "adequate", weak: "weak", poor: "poor" }[latest.overall.band!];
    const expected = first.residualRisk === latest.residualRisk ? `Score ${first.overall.score!.toFixed(1)} → ${latest.overall.score!.toFixed(1)} (${band}); residual risk unchanged: ${risk}` : `Score ${first.overall.score!.toFixed(1)} → ${latest.overall.score!.toFixed(1)} (${band}); residual risk`;
    expect(en).toContain(expected);
    expect(en).not.toContain("99.9");
    const es = visibleText((await render(forged, rmCookie, "es")).html);
    expect(es).toContain(`Puntaje ${first.overall.score!.toFixed(1)} → ${latest.overall.score!.toFixed(1)}`);
  });

  it("refuses a rejection without a reason with 400 and changes nothing", async () => {
    const { sub, rmCookie } = await setup();
    const res = await post(sub.assessmentId, { intent: "reject-document", documentId: sub.documentOf["gov.policy"]!, reason: " " }, rmCookie);
    expect(res.status).toBe(400);
    expect(res.response).toMatchObject({ error: "review.error.reason", documentId: sub.documentOf["gov.policy"] });
    expect(await resultsOf(sub.assessmentId)).toHaveLength(1);
  });

  it("moves a submitted assessment under review, audited", async () => {
    const { sub, rmCookie } = await setup();
    const res = await post(sub.assessmentId, { intent: "start-review" }, rmCookie);
    expect(res.status).toBe(302);
    expect((await db().select().from(assessments).where(eq(assessments.id, sub.assessmentId)).limit(1))[0]?.status).toBe("under-review");
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "assessment.review-started"), eq(auditEvents.subjectId, sub.assessmentId)))).toHaveLength(1);
    expect((await post(sub.assessmentId, { intent: "start-review" }, rmCookie)).status).toBe(409);
  });

  it("returns the submission with comments: rows, the draft reopened, an e-mail in the assessment language, audit", async () => {
    const { sub, rm, rmCookie } = await setup({ language: "es", status: "under-review" });
    const res = await post(sub.assessmentId, { intent: "return", "comment:gov.policy": "Adjunte la política firmada.", "comment:rec.worker-paid-fees": "", message: "Gracias." }, rmCookie);
    expect(res.status).toBe(302);
    expect((await db().select().from(assessments).where(eq(assessments.id, sub.assessmentId)).limit(1))[0]?.status).toBe("returned");
    const comments = await db().select().from(reviewComments).where(eq(reviewComments.assessmentId, sub.assessmentId));
    expect(comments).toEqual([expect.objectContaining({ questionId: "gov.policy", comment: "Adjunte la política firmada.", answerSetId: sub.answerSetId, createdBy: rm.id })]);
    const draft = await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, sub.assessmentId));
    expect(draft).toHaveLength(Object.keys(sub.answers).length);
    expect(draft.find((d) => d.questionId === "gov.policy")).toMatchObject({ value: sub.answers["gov.policy"]!.value, evidence: [sub.documentOf["gov.policy"]] });
    const mail = (await db().select().from(outbox).where(eq(outbox.kind, "assessment.returned"))).filter((m) => m.toAddress === sub.respondentEmail);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ language: "es" });
    expect(mail[0]!.body).toContain("Adjunte la política firmada.");
    // The client reads the question, never its key (F20).
    expect(mail[0]!.body).not.toContain("gov.policy");
    expect(mail[0]!.subject).toContain("devolvió");
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "assessment.returned"), eq(auditEvents.subjectId, sub.assessmentId))).limit(1))[0]!;
    expect(event.after).toMatchObject({ status: "returned", comments: [{ questionId: "gov.policy" }] });
    // The screen lists the comment afterwards.
    const view = (await reviewLoader({ request: getRequest(path(sub.assessmentId), rmCookie), params: { assessmentId: sub.assessmentId }, context: {} })) as Awaited<ReturnType<typeof reviewLoader>>;
    expect(view.comments.map((c) => c.questionId)).toEqual(["gov.policy"]);
  });

  it("refuses a return without any comment, or on an unknown question, with 400", async () => {
    const { sub, rmCookie } = await setup();
    expect((await post(sub.assessmentId, { intent: "return", "comment:gov.policy": "  " }, rmCookie)).status).toBe(400);
    expect((await post(sub.assessmentId, { intent: "return", "comment:no.such-question": "x" }, rmCookie)).status).toBe(400);
    expect((await db().select().from(assessments).where(eq(assessments.id, sub.assessmentId)).limit(1))[0]?.status).toBe("submitted");
  });

  it("downloads a document as an attachment", async () => {
    const { sub, rmCookie } = await setup();
    const docId = sub.documentOf["gov.policy"]!;
    const res = await settle(() => documentLoader({ request: getRequest(`/app/assessments/${sub.assessmentId}/documents/${docId}`, rmCookie), params: { assessmentId: sub.assessmentId, documentId: docId }, context: {} }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="gov\.policy\.pdf"/);
    expect(Buffer.from(await (res.response as Response).arrayBuffer()).equals(DOCUMENT_BYTES)).toBe(true);
  });
});

describe("review: tenancy and the auditor", () => {
  it("another institution's assessment or document is 404 on the loader, the download and every action", async () => {
    const { sub } = await setup();
    const other = await createInstitution("Otro Banco");
    const outsider = await createUser(other, ["rm"]);
    const cookie = await cookieFor(outsider);
    const id = sub.assessmentId;
    const docId = sub.documentOf["gov.policy"]!;
    expect((await settle(() => reviewLoader({ request: getRequest(path(id), cookie), params: { assessmentId: id }, context: {} }))).status).toBe(404);
    expect((await settle(() => documentLoader({ request: getRequest(`/app/assessments/${id}/documents/${docId}`, cookie), params: { assessmentId: id, documentId: docId }, context: {} }))).status).toBe(404);
    const all: Array<Record<string, string>> = [
      { intent: "start-review" },
      { intent: "accept-document", documentId: docId },
      { intent: "reject-document", documentId: docId, reason: "x" },
      { intent: "return", "comment:gov.policy": "x" },
    ];
    for (const fields of all) {
      expect((await post(id, fields, cookie)).status, fields.intent).toBe(404);
    }
    // A document of another assessment, even of the same institution, is not reachable through this one.
    const mine = await createSubmittedAssessment({ institutionId: other, sentBy: outsider.id });
    expect((await post(mine.assessmentId, { intent: "accept-document", documentId: docId }, cookie)).status).toBe(404);
    expect((await db().select().from(documents).where(eq(documents.id, docId)).limit(1))[0]?.reviewState).toBe("accepted");
  });

  it("an auditor reads the review but every action is 403", async () => {
    const { sub, auditorCookie } = await setup({ documentStates: { "gov.policy": "pending" } });
    const view = await settle(() => reviewLoader({ request: getRequest(path(sub.assessmentId), auditorCookie), params: { assessmentId: sub.assessmentId }, context: {} }));
    expect(view.status).toBe(200);
    expect((view.response as { canReview: boolean }).canReview).toBe(false);
    const docId = sub.documentOf["gov.policy"]!;
    const all: Array<Record<string, string>> = [
      { intent: "start-review" },
      { intent: "accept-document", documentId: docId },
      { intent: "reject-document", documentId: docId, reason: "x" },
      { intent: "return", "comment:gov.policy": "x" },
    ];
    for (const fields of all) {
      expect((await post(sub.assessmentId, fields, auditorCookie)).status, fields.intent).toBe(403);
    }
    expect(await resultsOf(sub.assessmentId)).toHaveLength(1);
  });
});
