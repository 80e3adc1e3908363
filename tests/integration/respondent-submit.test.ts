import { and, eq } from "drizzle-orm";
import { answerSets, assessments, auditEvents, draftAnswers, outbox, respondents, results, reviewComments, webhookDeliveries } from "../../db/tables";
import { action as reviewAction, loader as reviewLoader } from "~/routes/respond+/review";
import { loader as sectionLoader } from "~/routes/respond+/section.$sectionKey";
import { loader as receiptPdfLoader } from "~/routes/respond+/receipt[.pdf]";
import { loader as welcomeLoader } from "~/routes/respond+/_index";
import { action as colleaguesAction } from "~/routes/respond+/colleagues";
import { addColleague, saveAnswers } from "~/services/respondent.server";
import { deliverableBody } from "~/services/outbox.server";
import { submitAssessment } from "~/services/submission.server";
import { newId } from "~/ids.server";
import { addRespondentRow, bestAnswers, createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const signatory = { name: "Ana Quispe", title: "Gerente de Cumplimiento", email: "ana@textiles.example" };

async function submitForm(cookie: string, fields: Record<string, string> = { ...signatory, attest: "on" }) {
  return await settle(() => reviewAction({ request: formRequest("/respond/review", fields, cookie), params: {}, context: {} }));
}

describe("review and submit", () => {
  it("refuses to submit while required questions are unanswered, with the list, and writes nothing", async () => {
    const f = await createSentAssessment();
    await saveAnswers(f.context, { "gov.policy": { value: "no" } }, new Date());
    const result = await submitAssessment(f.context, { signatory, attest: true }, new Date());
    expect(result).toMatchObject({ error: "required-unanswered" });
    const missing = (result as { missing: string[] }).missing;
    expect(missing).toContain("gov.policy-approval");
    expect(missing).not.toContain("gov.policy");
    expect(missing).not.toContain("rec.agency-list");
    const cookie = await respondentCookie(f.context);
    const page = await submitForm(cookie);
    expect(page.status).toBe(422);
    expect((page.response as { refused: string[] }).refused).toEqual(missing);
    const checklist = await settle(() => reviewLoader({ request: getRequest("/respond/review", cookie), params: {}, context: {} }));
    expect((checklist.response as { unanswered: Array<{ questionId: string }> }).unanswered.map((u) => u.questionId)).toEqual(missing);
    expect(await db().select().from(answerSets).where(eq(answerSets.assessmentId, f.assessmentId))).toHaveLength(0);
    expect((await db().select().from(assessments).where(eq(assessments.id, f.assessmentId)).limit(1))[0]?.status).toBe("in-progress");
  });

  it("validates the signatory and the attestation checkbox in the chosen language", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    const result = await submitForm(cookie, { name: "", title: "CFO", email: "not-an-email" });
    expect(result.status).toBe(400);
    const reply = (result.response as { reply: { error: Record<string, string[]> } }).reply;
    expect(reply.error).toMatchObject({ name: ["form.required"], email: ["form.email"], attest: ["submit.attestRequired"] });
  });

  it("submits: answer set, result, audit, webhook event, RM e-mail; then read-only; twice → 409", async () => {
    const f = await createSentAssessment({ webhook: true, language: "es" });
    const answers = bestAnswers(f.questionnaire);
    const colleague = await addRespondentRow(f, "colleague@textiles.example");
    const half = Object.entries(answers);
    expect((await saveAnswers(f.context, Object.fromEntries(half.slice(0, 30)), new Date())).issues).toEqual([]);
    expect((await saveAnswers(colleague.context, Object.fromEntries(half.slice(30)), new Date())).issues).toEqual([]);
    const cookie = await respondentCookie(f.context);
    const checklist = await settle(() => reviewLoader({ request: getRequest("/respond/review", cookie), params: {}, context: {} }));
    const page = checklist.response as { unanswered: unknown[]; missingEvidence: unknown[]; attestation: string };
    expect(page.unanswered).toEqual([]);
    expect(page.missingEvidence.length).toBeGreaterThan(10);
    expect(page.attestation).toContain("Textiles Andinos S.A.");

    const result = await submitForm(cookie);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond/receipt");

    const assessment = (await db().select().from(assessments).where(eq(assessments.id, f.assessmentId)).limit(1))[0]!;
    expect(assessment.status).toBe("submitted");
    expect(assessment.submittedAt).not.toBeNull();
    expect(assessment.signatory).toEqual(signatory);
    const sets = await db().select().from(answerSets).where(eq(answerSets.assessmentId, f.assessmentId));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.signatory).toEqual(signatory);
    expect(sets[0]!.questionnaireSha256).toBe(assessment.questionnaireSha256);
    expect(sets[0]!.attestationText).toMatch(/^Confirmo que las respuestas/);
    expect(Object.keys(sets[0]!.answers)).not.toContain("remedy.case-details");
    const stored = await db().select().from(results).where(eq(results.assessmentId, f.assessmentId));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ answerSetId: sets[0]!.id, reason: "submission" });
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.chain, f.institutionId), eq(auditEvents.action, "assessment.submitted")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "respondent", actorId: f.respondentId, subjectId: f.assessmentId });
    const deliveries = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.institutionId, f.institutionId));
    expect(deliveries.map((d) => d.event)).toContain("assessment.submitted");
    const mail = await db().select().from(outbox).where(and(eq(outbox.institutionId, f.institutionId), eq(outbox.kind, "assessment.submitted")));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddress).toBe(f.rm.email);
    expect(mail[0]!.subject).toContain("Textiles Andinos S.A.");

    expect(await submitAssessment(f.context, { signatory, attest: true }, new Date())).toEqual({ error: "conflict" });
    const again = await submitForm(cookie);
    expect(again.status).toBe(409);
    expect(await db().select().from(answerSets).where(eq(answerSets.assessmentId, f.assessmentId))).toHaveLength(1);

    const section = await settle(() => sectionLoader({ request: getRequest("/respond/section/gov", cookie), params: { sectionKey: "gov" }, context: {} }));
    expect((section.response as { editable: boolean }).editable).toBe(false);
    await expect(saveAnswers(f.context, { "gov.policy": { value: "no" } }, new Date())).rejects.toThrow(/no longer takes answers/);

    const pdf = await settle(() => receiptPdfLoader({ request: getRequest("/respond/receipt.pdf", cookie), params: {}, context: {} }));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="receipt-anti-trafficking-\d{4}-\d\d-\d\d\.pdf"$/);
    const bytes = Buffer.from(await (pdf.response as Response).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1")).toContain("DejaVuSans");
  });

  it("shows a returned submission's comments, reopens the draft from the answers, and resubmits", async () => {
    const f = await createSentAssessment();
    await saveAnswers(f.context, bestAnswers(f.questionnaire), new Date());
    expect(await submitAssessment(f.context, { signatory, attest: true }, new Date())).toEqual({ status: "submitted" });
    const set = (await db().select().from(answerSets).where(eq(answerSets.assessmentId, f.assessmentId)).limit(1))[0]!;
    // What the bank's return leaves behind (issue 7): status returned, comments, and (here) no draft copy.
    await db().update(assessments).set({ status: "returned" }).where(eq(assessments.id, f.assessmentId));
    await db().delete(draftAnswers).where(eq(draftAnswers.assessmentId, f.assessmentId));
    await db().insert(reviewComments).values({ id: newId(), institutionId: f.institutionId, assessmentId: f.assessmentId, answerSetId: set.id, questionId: "gov.policy", comment: "Please attach the signed policy.", createdBy: f.rm.id, createdAt: new Date().toISOString() });

    const cookie = await respondentCookie(f.context);
    const welcome = await settle(() => welcomeLoader({ request: getRequest("/respond", cookie), params: {}, context: {} }));
    expect((welcome.response as { reviewComments: unknown[] }).reviewComments).toEqual([{ questionId: "gov.policy", question: expect.any(String), sectionKey: "gov", comment: "Please attach the signed policy." }]);
    const section = await settle(() => sectionLoader({ request: getRequest("/respond/section/gov", cookie), params: { sectionKey: "gov" }, context: {} }));
    const page = section.response as { editable: boolean; questions: Array<{ id: string; reviewComments: string[]; answered: boolean }> };
    expect(page.editable).toBe(true);
    expect(page.questions.find((q) => q.id === "gov.policy")).toMatchObject({ reviewComments: ["Please attach the signed policy."], answered: true });

    expect((await saveAnswers(f.context, { "gov.policy": { value: "own-operations-only" } }, new Date())).saved).toEqual(["gov.policy"]);
    expect((await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, f.assessmentId))).length).toBeGreaterThan(40);
    expect(await submitAssessment(f.context, { signatory, attest: true }, new Date())).toEqual({ status: "submitted" });
    const sets = await db().select().from(answerSets).where(eq(answerSets.assessmentId, f.assessmentId));
    expect(sets).toHaveLength(2);
    expect(sets.map((s) => (s.answers as Record<string, { value: unknown }>)["gov.policy"]?.value).sort()).toEqual(["own-operations-agencies-suppliers", "own-operations-only"]);
  });
});

describe("colleagues", () => {
  it("lets the primary contact invite a colleague with their own link, e-mailed in the assessment language", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    const result = await settle(() => colleaguesAction({ request: formRequest("/respond/colleagues", { email: "Pedro@Textiles.example", name: "Pedro" }, cookie), params: {}, context: {} }));
    expect(result.status).toBe(302);
    const rows = await db().select().from(respondents).where(eq(respondents.assessmentId, f.assessmentId));
    const added = rows.find((r) => !r.isPrimary)!;
    expect(added).toMatchObject({ email: "pedro@textiles.example", name: "Pedro" });
    const mail = (await db().select().from(outbox).where(and(eq(outbox.institutionId, f.institutionId), eq(outbox.kind, "respondent.colleague-invitation"))).limit(1))[0]!;
    expect(mail).toMatchObject({ toAddress: "pedro@textiles.example", language: "es" });
    expect(deliverableBody(mail)).toMatch(/\/r\/pvn_rsp_[A-Za-z0-9_-]{43}/);
    expect(mail.body).not.toMatch(/pvn_rsp_[A-Za-z0-9_-]{20,}/);
    const audit = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, f.institutionId), eq(auditEvents.action, "respondent.colleague-added"))).limit(1))[0]!;
    expect(JSON.stringify(audit)).not.toContain("pvn_rsp_");
    const duplicate = await settle(() => colleaguesAction({ request: formRequest("/respond/colleagues", { email: "pedro@textiles.example" }, cookie), params: {}, context: {} }));
    expect(duplicate.status).toBe(400);
    expect(JSON.stringify(duplicate.response)).toContain("ya está invitado");
  });

  it("refuses colleagues' invitations from a non-primary respondent (403)", async () => {
    const f = await createSentAssessment();
    const colleague = await addRespondentRow(f, "colleague@textiles.example");
    await expect(addColleague(colleague.context, { email: "x@textiles.example" }, new Date())).rejects.toThrow(/primary contact/);
    const cookie = await respondentCookie(colleague.context);
    const result = await settle(() => colleaguesAction({ request: formRequest("/respond/colleagues", { email: "x@textiles.example" }, cookie), params: {}, context: {} }));
    expect(result.status).toBe(403);
  });
});
