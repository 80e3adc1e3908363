import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { documents, draftAnswers } from "../../db/tables";
import { PRESENT_FIELD, fieldName } from "~/domain/answer-form";
import { action as sectionAction } from "~/routes/respond+/section.$sectionKey";
import { loader as documentLoader } from "~/routes/respond+/documents.$documentId";
import { documentsDir, removeDocument, uploadDocument } from "~/services/documents.server";
import { saveAnswers } from "~/services/respondent.server";
import { createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { getRequest, settle } from "../helpers/requests";

const fixture = (name: string) => fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", name));

function uploadRequest(sectionKey: string, questionId: string, file: { name: string; bytes: Uint8Array; type?: string }, cookie: string, extra: Record<string, string> = {}): Request {
  const body = new FormData();
  body.append(PRESENT_FIELD, questionId);
  for (const [k, v] of Object.entries(extra)) body.append(k, v);
  body.append(`file:${questionId}`, new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  body.append("intent", `attach:${questionId}`);
  return new Request(`http://localhost/respond/section/${sectionKey}`, { method: "POST", body, headers: { Cookie: cookie } });
}

async function post(sectionKey: string, request: Request) {
  return await settle(() => sectionAction({ request, params: { sectionKey }, context: {} }));
}

async function draftRow(assessmentId: string, questionId: string) {
  return (await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, assessmentId))).find((r) => r.questionId === questionId);
}

describe("evidence documents", () => {
  it("stores an upload once by SHA-256 under DATA_DIR and attaches it to the question", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy": { value: "own-operations-only" } }, new Date());
    const result = await post("gov", uploadRequest("gov", "gov.policy", { name: "política.pdf", bytes: fixture("policy.pdf") }, cookie));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond/section/gov#q-gov.policy");
    const row = (await draftRow(f.assessmentId, "gov.policy"))!;
    expect(row.value).toBe("own-operations-only");
    expect(row.evidence).toHaveLength(1);
    const doc = (await db().select().from(documents).where(eq(documents.id, row.evidence[0]!)).limit(1))[0]!;
    expect(doc).toMatchObject({ fileName: "política.pdf", mediaType: "application/pdf", size: fixture("policy.pdf").length, uploadedBy: f.respondentId });
    expect(fs.readFileSync(path.join(documentsDir(), doc.sha256))).toEqual(fixture("policy.pdf"));
    // The same content again: a second row, one stored file.
    const again = await uploadDocument(f.context, { fileName: "copy.pdf", bytes: fixture("policy.pdf") }, new Date());
    expect(again).toMatchObject({ sha256: doc.sha256 });
    expect(fs.readdirSync(documentsDir()).filter((n) => n === doc.sha256)).toHaveLength(1);

    const download = await settle(() => documentLoader({ request: getRequest(`/respond/documents/${doc.id}`, cookie), params: { documentId: doc.id }, context: {} }));
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; filename="pol_tica.pdf"; filename\*=UTF-8''pol%C3%ADtica.pdf$/);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await (download.response as Response).arrayBuffer())).toEqual(fixture("policy.pdf"));
  });

  it("refuses an .exe renamed .pdf with 415 and keeps the draft intact", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy": { value: "no", comment: "draft note" } }, new Date());
    const result = await post("gov", uploadRequest("gov", "gov.policy", { name: "policy.pdf", bytes: fixture("setup.exe.pdf") }, cookie));
    expect(result.status).toBe(415);
    expect(result.response).toMatchObject({ upload: { questionId: "gov.policy", error: "unsupported", fileName: "policy.pdf" } });
    expect(await draftRow(f.assessmentId, "gov.policy")).toMatchObject({ value: "no", comment: "draft note", evidence: [] });
    expect(await db().select().from(documents).where(eq(documents.assessmentId, f.assessmentId))).toHaveLength(0);
  });

  it("refuses an 11 MB file with 413, still saving the answers posted with it", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy-approval": { value: "board" } }, new Date());
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(fixture("policy.pdf"));
    const result = await post("gov", uploadRequest("gov", "gov.policy", { name: "big.pdf", bytes: big }, cookie, { [fieldName.value("gov.policy")]: "own-operations-only" }));
    expect(result.status).toBe(413);
    expect(result.response).toMatchObject({ upload: { questionId: "gov.policy", error: "too-large" } });
    expect((await draftRow(f.assessmentId, "gov.policy-approval"))?.value).toBe("board");
    expect((await draftRow(f.assessmentId, "gov.policy"))?.value).toBe("own-operations-only");
    expect(await db().select().from(documents).where(eq(documents.assessmentId, f.assessmentId))).toHaveLength(0);
    expect(await uploadDocument(f.context, { fileName: "big.pdf", bytes: big }, new Date())).toEqual({ error: "too-large" });
  });

  it("answers 404 for another assessment's document id", async () => {
    const mine = await createSentAssessment();
    const other = await createSentAssessment({ institutionId: mine.institutionId });
    const uploaded = await uploadDocument(other.context, { fileName: "theirs.pdf", bytes: fixture("policy.pdf") }, new Date());
    if ("error" in uploaded) throw new Error("upload failed");
    const cookie = await respondentCookie(mine.context);
    const result = await settle(() => documentLoader({ request: getRequest(`/respond/documents/${uploaded.documentId}`, cookie), params: { documentId: uploaded.documentId }, context: {} }));
    expect(result.status).toBe(404);
    expect((await saveAnswers(mine.context, { "gov.policy": { value: "no", evidence: [uploaded.documentId] } }, new Date())).issues).toEqual([
      { questionId: "gov.policy", message: `Document “${uploaded.documentId}” is not a document of this questionnaire.` },
    ]);
  });

  it("attaches one document to several questions; removing it detaches it everywhere", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const uploaded = await uploadDocument(f.context, { fileName: "handbook.docx", bytes: fixture("statement.docx") }, new Date());
    if ("error" in uploaded) throw new Error("upload failed");
    const body = new FormData();
    for (const id of ["gov.policy", "gov.policy-approval"]) {
      body.append(PRESENT_FIELD, id);
      body.append(`attach:${id}`, uploaded.documentId);
    }
    body.append("intent", "save");
    const result = await post("gov", new Request("http://localhost/respond/section/gov", { method: "POST", body, headers: { Cookie: cookie } }));
    expect(result.status).toBe(302);
    expect((await draftRow(f.assessmentId, "gov.policy"))?.evidence).toEqual([uploaded.documentId]);
    expect((await draftRow(f.assessmentId, "gov.policy-approval"))?.evidence).toEqual([uploaded.documentId]);
    await removeDocument(f.context, uploaded.documentId, new Date());
    expect((await draftRow(f.assessmentId, "gov.policy"))?.evidence).toEqual([]);
    expect((await draftRow(f.assessmentId, "gov.policy-approval"))?.evidence).toEqual([]);
    expect((await db().select().from(documents).where(eq(documents.id, uploaded.documentId)).limit(1))[0]?.removedAt).not.toBeNull();
  });
});
