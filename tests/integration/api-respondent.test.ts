// The respondent API (API.md "Respondent paths"): a client firm answers from its own systems with
// the token that respondUrl carries. 401 without a token, 404 unknown, 410 revoked, 409 after
// submission, 422 with the unanswered required questions.
import { eq } from "drizzle-orm";
import { draftAnswers } from "../../db/tables";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as clientAssessments from "~/routes/api+/v1+/clients.$id.assessments";
import * as assessmentDetail from "~/routes/api+/v1+/assessments.$id";
import * as respond from "~/routes/api+/v1+/respond._index";
import * as respondAnswers from "~/routes/api+/v1+/respond.answers";
import * as respondDocuments from "~/routes/api+/v1+/respond.documents";
import * as respondSubmit from "~/routes/api+/v1+/respond.submit";
import { RespondentViewSchema, SaveAnswersResultSchema } from "~/schemas/api/respondent";
import { AssessmentSchema } from "~/schemas/api/assessments";
import { resendAssessment } from "~/services/assessments.server";
import { apiBank, bestAnswers, call, CLIENT_BODY, invitedRespondentToken, isoDate } from "../helpers/api-factories";
import { db } from "../helpers/factories";

const SIGNATORY = { name: "Ana Quispe", title: "Gerente general", email: "ana.quispe@textiles.example" };

async function sentAssessment() {
  const bank = await apiBank();
  const client = (await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY })).body as { id: string };
  const sent = await call(clientAssessments.action, "/x", {
    token: bank.rw,
    params: { id: client.id },
    json: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "es" },
  });
  return { bank, clientId: client.id, assessmentId: sent.body.id as string, token: await invitedRespondentToken(bank.institutionId) };
}

async function pdfUpload(token: string, bytes: Uint8Array<ArrayBuffer>, name: string, type = "application/pdf") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return await respondDocuments.action({ request: new Request("http://localhost/api/v1/respond/documents", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form }), params: {}, context: {} });
}

describe("respondent API", () => {
  it("shows the questionnaire without points or red-flag rules, and the draft", async () => {
    const { token, assessmentId } = await sentAssessment();
    const r = await call(respond.loader, "/api/v1/respond", { token });
    expect(r.status).toBe(200);
    expect(r.headers.get("Referrer-Policy")).toBe("no-referrer");
    const view = RespondentViewSchema.parse(r.body);
    expect(view.assessment).toMatchObject({ id: assessmentId, status: "sent", language: "es" });
    expect(view.questionnaire.sections.length).toBeGreaterThan(0);
    expect(r.text).not.toMatch(/"points"|"redFlags"|"maxPoints"|"weight"|"creditWithout"|"remediation"/);
    expect(view.draft).toEqual({});
  });

  it("answers 401 without a token, 404 for an unknown one or an API key, 410 once revoked", async () => {
    const { bank, token, assessmentId } = await sentAssessment();
    expect((await call(respond.loader, "/api/v1/respond")).status).toBe(401);
    expect((await call(respond.loader, "/api/v1/respond", { token: "pvn_rsp_unknownunknownunknownunknownunknownunk" })).body.error.code).toBe("not_found");
    expect((await call(respond.loader, "/api/v1/respond", { token: bank.rw })).status).toBe(404);
    await resendAssessment({ institutionId: bank.institutionId, userId: bank.admin.id }, assessmentId, {}, new Date());
    const gone = await call(respond.loader, "/api/v1/respond", { token });
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe("gone");
    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: {} } })).status).toBe(410);
  });

  it("merges saved answers by question and reports invalid ones without saving them", async () => {
    const { token, assessmentId } = await sentAssessment();
    const best = await bestAnswers("anti-trafficking", 1);
    const [firstId, secondId] = Object.keys(best) as [string, string];
    const saved = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: { [firstId]: best[firstId] } } });
    expect(saved.status).toBe(200);
    expect(SaveAnswersResultSchema.parse(saved.body)).toEqual({ saved: [firstId], issues: [] });
    const second = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: { [secondId]: { value: 12345678 } } } });
    expect(second.body.saved).toEqual([]);
    expect(second.body.issues[0].questionId).toBe(secondId);
    const rows = await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, assessmentId));
    expect(rows.map((r) => r.questionId)).toEqual([firstId]);
    const view = RespondentViewSchema.parse((await call(respond.loader, "/api/v1/respond", { token })).body);
    expect(view.assessment.status).toBe("in-progress");
    expect(view.draft[firstId]?.value).toEqual(best[firstId]!.value);
  });

  it("refuses malformed bodies: unknown fields, wrong types, JSON syntax, media type, method", async () => {
    const { token } = await sentAssessment();
    const unknown = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: {}, extra: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toContainEqual({ path: "extra", message: "unknown field" });
    const wrong = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: { "gov.policy": { value: { nested: true } } } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe("answers.gov.policy.value");
    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", body: "{", contentType: "application/json" })).status).toBe(400);
    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", body: "answers=1", contentType: "text/plain" })).status).toBe(415);
    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "POST", json: { answers: {} } })).status).toBe(405);
    const notTrue = await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: SIGNATORY, attest: false } });
    expect(notTrue.status).toBe(400);
    expect(notTrue.body.error.details[0].path).toBe("attest");
  });

  it("uploads evidence checked by content: a PDF is stored, a text file is refused with 415", async () => {
    const { token } = await sentAssessment();
    const pdf = new TextEncoder().encode("%PDF-1.4\n% evidence\n%%EOF\n");
    const stored = await pdfUpload(token, pdf, "policy.pdf");
    expect(stored.status).toBe(201);
    const body = (await stored.json()) as { documentId: string; sha256: string };
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const refused = await pdfUpload(token, new TextEncoder().encode("just text, named like a pdf"), "fake.pdf");
    expect(refused.status).toBe(415);
    const notMultipart = await call(respondDocuments.action, "/api/v1/respond/documents", { token, json: { file: "x" } });
    expect(notMultipart.status).toBe(415);
    const view = RespondentViewSchema.parse((await call(respond.loader, "/api/v1/respond", { token })).body);
    expect(view.documents.map((d) => d.id)).toEqual([body.documentId]);
  });

  it("refuses to submit with required questions unanswered (422), submits (200), then 409", async () => {
    const { bank, token, assessmentId } = await sentAssessment();
    const early = await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: SIGNATORY, attest: true } });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe("required_unanswered");
    expect(early.body.error.details.length).toBeGreaterThan(0);
    expect(early.body.error.details[0].path).toMatch(/^answers\./);

    const saved = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: await bestAnswers("anti-trafficking", 1) } });
    expect(saved.status).toBe(200);
    const submitted = await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: SIGNATORY, attest: true } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ status: "submitted" });
    expect((await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: SIGNATORY, attest: true } })).status).toBe(409);
    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: {} } })).status).toBe(409);

    const assessment = AssessmentSchema.parse((await call(assessmentDetail.loader, "/x", { token: bank.ro, params: { id: assessmentId } })).body);
    expect(assessment.status).toBe("submitted");
    expect(assessment.submittedAt).not.toBeNull();
    expect(assessment.result).toMatchObject({ residualRisk: expect.any(String), recommendation: expect.any(String) });
  });
});
