import { and, eq } from "drizzle-orm";
import { assessments, auditEvents, draftAnswers } from "../../db/tables";
import { answerFingerprint, fieldName, PRESENT_FIELD } from "~/domain/answer-form";
import { action as sectionAction, loader as sectionLoader } from "~/routes/respond+/section.$sectionKey";
import { action as autosaveAction } from "~/routes/respond+/answers[.]save";
import { saveAnswers } from "~/services/respondent.server";
import { addRespondentRow, createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

async function drafts(assessmentId: string) {
  return await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, assessmentId));
}

async function postSection(sectionKey: string, fields: Record<string, string | string[]>, cookie: string) {
  return await settle(() => sectionAction({ request: formRequest(`/respond/section/${sectionKey}`, fields, cookie), params: { sectionKey }, context: {} }));
}

type SectionData = { questions: Array<{ id: string; fingerprint: string; defaults: { values: string[] } }>; section: { answered: number; required: number } };

async function loadSection(sectionKey: string, cookie: string, query = "") {
  const result = await settle(() => sectionLoader({ request: getRequest(`/respond/section/${sectionKey}${query}`, cookie), params: { sectionKey }, context: {} }));
  return result.response as SectionData;
}

/** The fields a browser posts for the questions as the page rendered them, with some answers set. */
function sectionPost(page: SectionData, answers: Record<string, string | string[]>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = { [PRESENT_FIELD]: page.questions.map((q) => q.id), intent: "save" };
  for (const q of page.questions) {
    fields[fieldName.original(q.id)] = q.fingerprint;
    fields[fieldName.comment(q.id)] = "";
    const value = answers[q.id] ?? q.defaults.values;
    if (value.length > 0) fields[fieldName.value(q.id)] = value;
  }
  return fields;
}

describe("saving answers", () => {
  it("merges concurrent saves of different questions (service)", async () => {
    const f = await createSentAssessment();
    const colleague = await addRespondentRow(f, "colleague@textiles.example");
    const now = new Date();
    const a = await saveAnswers(f.context, { "gov.policy": { value: "own-operations-agencies-suppliers" } }, now);
    const b = await saveAnswers(colleague.context, { "gov.training-coverage": { value: 85 } }, now);
    expect(a).toEqual({ saved: ["gov.policy"], issues: [] });
    expect(b).toEqual({ saved: ["gov.training-coverage"], issues: [] });
    const rows = await drafts(f.assessmentId);
    expect(rows.map((r) => [r.questionId, r.value, r.updatedBy]).sort()).toEqual([
      ["gov.policy", "own-operations-agencies-suppliers", f.respondentId],
      ["gov.training-coverage", 85, colleague.respondentId],
    ]);
    const saved = await db().select().from(auditEvents).where(and(eq(auditEvents.chain, f.institutionId), eq(auditEvents.action, "answer.saved")));
    expect(saved).toHaveLength(2);
    expect(saved[0]!.actorType).toBe("respondent");
    expect(saved[0]!.after).toMatchObject({ questionIds: ["gov.policy"], respondentId: f.respondentId });
  });

  it("moves the assessment from sent to in-progress on the first save", async () => {
    const f = await createSentAssessment();
    await saveAnswers(f.context, { "gov.policy": { value: "no" } }, new Date());
    const row = (await db().select().from(assessments).where(eq(assessments.id, f.assessmentId)).limit(1))[0]!;
    expect(row.status).toBe("in-progress");
    expect(row.startedAt).not.toBeNull();
  });

  it("reports invalid answers in the chosen language and saves the valid ones", async () => {
    const f = await createSentAssessment({ language: "es" });
    const result = await saveAnswers(f.context, { "gov.training-coverage": { value: 140 }, "gov.policy": { value: "no" }, "nope.nope": { value: "x" } }, new Date());
    expect(result.saved).toEqual(["gov.policy"]);
    expect(result.issues).toEqual([
      { questionId: "gov.training-coverage", message: "Se esperaba un porcentaje entre 0 y 100." },
      { questionId: "nope.nope", message: 'No existe la pregunta "nope.nope" en este cuestionario.' },
    ]);
  });

  it("keeps both colleagues' answers when two sessions post the same section", async () => {
    const f = await createSentAssessment();
    const colleague = await addRespondentRow(f, "colleague@textiles.example");
    const cookieA = await respondentCookie(f.context);
    const cookieB = await respondentCookie(colleague.context);
    // Both open the section before either saves.
    const pageA = await loadSection("gov", cookieA);
    const pageB = await loadSection("gov", cookieB);
    const a = await postSection("gov", sectionPost(pageA, { "gov.policy": "own-operations-only" }), cookieA);
    expect(a.status).toBe(302);
    const b = await postSection("gov", sectionPost(pageB, { "gov.accountable-officer": "named-officer" }), cookieB);
    expect(b.status).toBe(302);
    const rows = Object.fromEntries((await drafts(f.assessmentId)).map((r) => [r.questionId, r]));
    expect(rows["gov.policy"]?.value).toBe("own-operations-only");
    expect(rows["gov.policy"]?.updatedBy).toBe(f.respondentId);
    expect(rows["gov.accountable-officer"]?.value).toBe("named-officer");
    expect(rows["gov.accountable-officer"]?.updatedBy).toBe(colleague.respondentId);
    expect(Object.keys(rows)).toHaveLength(2);
  });

  it("without JavaScript: keeps invalid input with its error, saves the rest, and never loses the draft", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy-approval": { value: "board" } }, new Date());
    const page = await loadSection("gov", cookie);
    const result = await postSection("gov", sectionPost(page, { "gov.training-coverage": "250", "gov.policy": "no" }), cookie);
    expect(result.status).toBe(400);
    const body = result.response as { errors: Record<string, string[]>; posted: Record<string, { values: string[] }> };
    expect(body.errors["gov.training-coverage"]).toEqual(["Expected a percentage between 0 and 100."]);
    expect(body.posted["gov.training-coverage"]?.values).toEqual(["250"]);
    const rows = Object.fromEntries((await drafts(f.assessmentId)).map((r) => [r.questionId, r.value]));
    expect(rows).toEqual({ "gov.policy-approval": "board", "gov.policy": "no" });
  });

  it("moves to the next section when the section is valid", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const page = await loadSection("gov", cookie);
    const result = await postSection("gov", sectionPost(page, { "gov.policy": "no" }), cookie);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond/section/risk");
    expect(result.headers.get("Referrer-Policy")).toBe("no-referrer");
  });

  it("shows follow-up questions opened by the answers just saved (server-side showIf)", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const before = await loadSection("rec", cookie);
    expect(before.questions.map((q) => q.id)).not.toContain("rec.agency-list");
    const result = await postSection("rec", sectionPost(before, { "rec.uses-agencies": "yes" }), cookie);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond/section/rec?new=rec.agency-list%2Crec.agency-controls#q-rec.agency-list");
    const after = await loadSection("rec", cookie, "?new=rec.agency-list");
    expect(after.questions.map((q) => q.id)).toContain("rec.agency-list");
  });

  it("autosaves one question through the resource route, with the same validation", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const ok = await autosaveAction({
      request: formRequest("/respond/answers.save", { [PRESENT_FIELD]: "work.max-weekly-hours", [fieldName.value("work.max-weekly-hours")]: "48", [fieldName.original("work.max-weekly-hours")]: answerFingerprint(undefined, null) }, cookie),
      params: {},
      context: {},
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(await ok.json()).toEqual({ saved: ["work.max-weekly-hours"], issues: [] });
    const bad = await autosaveAction({ request: formRequest("/respond/answers.save", { [PRESENT_FIELD]: "risk.assessment-date", [fieldName.value("risk.assessment-date")]: "2026-02-30" }, cookie), params: {}, context: {} });
    expect(await bad.json()).toEqual({ saved: [], issues: [{ questionId: "risk.assessment-date", message: '"2026-02-30" is not a real calendar date.' }] });
    expect((await drafts(f.assessmentId)).map((r) => r.questionId)).toEqual(["work.max-weekly-hours"]);
  });
});
