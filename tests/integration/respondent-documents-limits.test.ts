// Security review M5 and L1 (documents): upload quotas counted in the insert's transaction,
// refused with a translated message on the section form (the answers of the same post saved) and
// in the API's error shape; stored files deleted once no row needs them (at removal, and by the
// sweep after a grace period); unknown or foreign document ids and CRLF file names in a section
// post answered without a 500.
import { write } from "~/db.server";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { databaseIdentity } from "../../db/dialect";
import { databasePathFromUrl } from "../../db/open";
import { documents, draftAnswers } from "../../db/tables";
import { PRESENT_FIELD, fieldName } from "~/domain/answer-form";
import { UNREFERENCED_FILE_GRACE_MINUTES } from "~/domain/upload-quota";
import { newId } from "~/ids.server";
import * as respondDocuments from "~/routes/api+/v1+/respond.documents";
import { uploadProblemMessage, type UploadProblem } from "~/routes/respond+/__evidence";
import { action as sectionAction } from "~/routes/respond+/section.$sectionKey";
import { deleteIfUnreferenced, detachDocument, documentsDir, removeDocument, sweepUnreferencedDocuments, uploadDocument } from "~/services/documents.server";
import { saveAnswers } from "~/services/respondent.server";
import { createSentAssessment, respondentCookie, type RespondentFixture } from "../helpers/respondent-factories";
import { settle } from "../helpers/requests";
import { createSubmittedAssessment, storeDocumentFile } from "../helpers/review-factories";
import { createInstitution, createUser, db } from "../helpers/factories";

const MB = 1024 * 1024;
const fixture = (name: string) => fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", name));

/** A distinct small PDF per call (distinct content, so distinct stored files). */
let serial = 0;
function pdf(size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(Buffer.from(`%PDF-1.4\n% ${++serial} ${newId()}\n`));
  return bytes;
}
const fileOf = (sha256: string) => path.join(documentsDir(), sha256);

/** Document rows written straight to the table (what earlier uploads left behind). */
async function addRows(f: RespondentFixture, n: number, opts: { size?: number; uploadedBy?: string | null; uploadedAt?: Date; removed?: boolean } = {}) {
  for (let i = 0; i < n; i++) {
    await db()
      .insert(documents)
      .values({
        id: newId(),
        institutionId: f.institutionId,
        assessmentId: f.assessmentId,
        sha256: "f".repeat(64),
        fileName: `earlier-${i}.pdf`,
        mediaType: "application/pdf",
        size: opts.size ?? 1000,
        uploadedAt: (opts.uploadedAt ?? new Date(Date.now() - 86_400_000)).toISOString(),
        uploadedBy: opts.uploadedBy === undefined ? null : opts.uploadedBy,
        removedAt: opts.removed ? new Date().toISOString() : null,
      });
  }
}

async function sectionPost(sectionKey: string, cookie: string, build: (body: FormData) => void) {
  const body = new FormData();
  build(body);
  const request = new Request(`http://localhost/respond/section/${sectionKey}`, { method: "POST", body, headers: { Cookie: cookie } });
  return await settle(() => sectionAction({ request, params: { sectionKey }, context: {} }));
}

/** The gov section's first question answered, with a file attached to it in the same post. */
async function answerAndUpload(cookie: string, file: { name: string; bytes: Uint8Array<ArrayBuffer> }) {
  return await sectionPost("gov", cookie, (body) => {
    body.append(PRESENT_FIELD, "gov.policy");
    body.append(fieldName.value("gov.policy"), "own-operations-only");
    body.append(fieldName.comment("gov.policy"), "posted with the file");
    body.append("file:gov.policy", new File([file.bytes], file.name, { type: "application/pdf" }));
    body.append("intent", "attach:gov.policy");
  });
}

async function apiUpload(token: string, file: { name: string; bytes: Uint8Array<ArrayBuffer> }) {
  const form = new FormData();
  form.append("file", new File([file.bytes], file.name, { type: "application/pdf" }));
  return await respondDocuments.action({ request: new Request("http://localhost/api/v1/respond/documents", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form }), params: {}, context: {} });
}

async function draftOf(f: RespondentFixture, questionId: string) {
  return (await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, f.assessmentId))).find((r) => r.questionId === questionId);
}

const liveRows = async (f: RespondentFixture) => (await db().select().from(documents).where(eq(documents.assessmentId, f.assessmentId))).filter((d) => d.removedAt === null);
const problemOf = (result: { response: unknown }) => (result.response as { upload: UploadProblem }).upload;

describe("upload quota per assessment", () => {
  it("refuses the 201st document on the section form with 413 and a message naming the limit, saving the answer posted with it", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await addRows(f, 200);
    const result = await answerAndUpload(cookie, { name: "policy\u202Efdp.pdf", bytes: pdf() });
    expect(result.status).toBe(413);
    const problem = problemOf(result);
    expect(problem).toMatchObject({ questionId: "gov.policy", error: "quota", fileName: "policyfdp.pdf", quota: { kind: "assessment-documents", limit: 200 } });
    expect(uploadProblemMessage(problem, "en")).toBe(
      "“policyfdp.pdf” was not attached: this questionnaire already holds 200 documents, the most it can hold. Remove a document you no longer need, then try again. Your answers are kept.",
    );
    expect(await draftOf(f, "gov.policy")).toMatchObject({ value: "own-operations-only", comment: "posted with the file", evidence: [] });
    expect(await liveRows(f)).toHaveLength(200);
  });

  it("refuses a file that would take the assessment past 200 MB, in Spanish for a Spanish respondent", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    await addRows(f, 20, { size: 10 * MB - 1000 });
    const result = await answerAndUpload(cookie, { name: "informe.pdf", bytes: pdf(40_000) });
    expect(result.status).toBe(413);
    const problem = problemOf(result);
    expect(problem.quota).toEqual({ kind: "assessment-bytes", limitMb: 200 });
    expect(uploadProblemMessage(problem, "es")).toBe(
      "«informe.pdf» no se adjuntó: los documentos de este cuestionario superarían los 200 MB en total, el máximo que admite. Quite un documento que ya no necesite y vuelva a intentarlo. Sus respuestas se conservan.",
    );
    expect((await draftOf(f, "gov.policy"))?.value).toBe("own-operations-only");
  });

  it("does not count removed documents against what the assessment holds", async () => {
    const f = await createSentAssessment();
    await addRows(f, 200, { removed: true });
    expect(await uploadDocument(f.context, { fileName: "a.pdf", bytes: pdf() }, new Date())).toHaveProperty("documentId");
  });

  it("answers the API with 413 in the documented error shape", async () => {
    const f = await createSentAssessment();
    await addRows(f, 200);
    const response = await apiUpload(f.token, { name: "a.pdf", bytes: pdf() });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        code: "document_quota_exceeded",
        message: "This assessment already holds 200 documents, the most it can hold; remove one before uploading another",
        details: [{ path: "file", message: "at most 200 documents per assessment" }],
      },
    });
  });

  it("cannot be raced: of two concurrent uploads into the last free place, exactly one is stored, and the refused one leaves no file", async () => {
    const f = await createSentAssessment();
    await addRows(f, 199);
    const [a, b] = [pdf(), pdf()];
    const results = await Promise.all([uploadDocument(f.context, { fileName: "a.pdf", bytes: a }, new Date()), uploadDocument(f.context, { fileName: "b.pdf", bytes: b }, new Date())]);
    expect(results.filter((r) => "documentId" in r)).toHaveLength(1);
    expect(results.filter((r) => "error" in r && r.error === "quota")).toHaveLength(1);
    expect(await liveRows(f)).toHaveLength(200);
    const stored = fs.readdirSync(documentsDir());
    const shaOf = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");
    expect([stored.includes(shaOf(a)), stored.includes(shaOf(b))].sort()).toEqual([false, true]);
  });
});

describe("upload rate per respondent", () => {
  it("refuses a 31st upload within 10 minutes with 429 and Retry-After, counting removed uploads too", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await addRows(f, 20, { uploadedBy: f.respondentId, uploadedAt: new Date(Date.now() - 9 * 60_000) });
    await addRows(f, 10, { uploadedBy: f.respondentId, uploadedAt: new Date(Date.now() - 60_000), removed: true });
    const result = await answerAndUpload(cookie, { name: "one-more.pdf", bytes: pdf() });
    expect(result.status).toBe(429);
    const retryAfter = Number(result.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const problem = problemOf(result);
    expect(problem.quota).toMatchObject({ kind: "respondent-uploads", limit: 30, minutes: 10 });
    expect(uploadProblemMessage(problem, "en")).toBe(
      "“one-more.pdf” was not attached: you can upload at most 30 files every 10 minutes. Try again in about 1 min. Your answers are kept.",
    );
    expect((await draftOf(f, "gov.policy"))?.value).toBe("own-operations-only");
  });

  it("does not count another respondent's uploads, or uploads older than the window", async () => {
    const f = await createSentAssessment();
    await addRows(f, 30, { uploadedBy: "someone-else", uploadedAt: new Date(Date.now() - 60_000) });
    await addRows(f, 30, { uploadedBy: f.respondentId, uploadedAt: new Date(Date.now() - 11 * 60_000) });
    expect(await uploadDocument(f.context, { fileName: "a.pdf", bytes: pdf() }, new Date())).toHaveProperty("documentId");
  });

  it("refuses more than 100 MB within 10 minutes on the API with 429, Retry-After and the error shape", async () => {
    const f = await createSentAssessment();
    await addRows(f, 10, { uploadedBy: f.respondentId, uploadedAt: new Date(Date.now() - 2 * 60_000), size: 10 * MB });
    const response = await apiUpload(f.token, { name: "a.pdf", bytes: pdf() });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(7 * 60);
    expect(retryAfter).toBeLessThanOrEqual(8 * 60);
    const body = (await response.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe("upload_rate_limited");
    expect(body.error.message).toBe(`At most 100 MB of uploads per 10 minutes; retry in ${retryAfter} s`);
    expect(body.error.details).toEqual([{ path: "file", message: "at most 100 MB of uploads per 10 minutes" }]);
  });
});

describe("stored files no document needs are deleted", () => {
  it("removing a document deletes its file only once no row of any institution shares the content", async () => {
    const mine = await createSentAssessment();
    const theirs = await createSentAssessment({ institutionId: await createInstitution("Otro Banco") });
    const bytes = pdf();
    const a = await uploadDocument(mine.context, { fileName: "a.pdf", bytes }, new Date());
    const b = await uploadDocument(theirs.context, { fileName: "b.pdf", bytes }, new Date());
    if (!("documentId" in a) || !("documentId" in b)) throw new Error("upload refused");
    expect(a.sha256).toBe(b.sha256);
    await removeDocument(mine.context, a.documentId, new Date());
    expect(fs.existsSync(fileOf(a.sha256))).toBe(true);
    await removeDocument(theirs.context, b.documentId, new Date());
    expect(fs.existsSync(fileOf(a.sha256))).toBe(false);
  });

  it("detaching a document from its last question on the section form deletes its file", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const uploaded = await answerAndUpload(cookie, { name: "a.pdf", bytes: pdf() });
    expect(uploaded.status).toBe(302);
    const doc = (await liveRows(f))[0]!;
    expect(fs.existsSync(fileOf(doc.sha256))).toBe(true);
    const detached = await sectionPost("gov", cookie, (body) => {
      body.append(PRESENT_FIELD, "gov.policy");
      body.append("intent", `detach|gov.policy|${doc.id}`);
    });
    expect(detached.status).toBe(302);
    expect(await liveRows(f)).toHaveLength(0);
    expect(fs.existsSync(fileOf(doc.sha256))).toBe(false);
  });

  it("keeps the file of a removed document that a submitted answer set names as evidence", async () => {
    const inst = await createInstitution("Banco Archivo");
    const rm = await createUser(inst, ["rm"]);
    const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id });
    const docId = sub.documentOf["gov.policy"]!;
    const sha256 = (await db().select().from(documents).where(eq(documents.id, docId)).limit(1))[0]!.sha256;
    await db().update(documents).set({ removedAt: new Date().toISOString() }).where(eq(documents.sha256, sha256));
    expect(await deleteIfUnreferenced(sha256)).toBe(false);
    expect(fs.existsSync(fileOf(sha256))).toBe(true);
    const later = new Date(Date.now() + 2 * UNREFERENCED_FILE_GRACE_MINUTES * 60_000);
    expect((await sweepUnreferencedDocuments(later)).deleted).not.toContain(sha256);
    expect(fs.existsSync(fileOf(sha256))).toBe(true);
  });

  it("an upload of the same content while a removal deletes the file still ends with the file stored", async () => {
    const f = await createSentAssessment();
    const bytes = pdf();
    const first = await uploadDocument(f.context, { fileName: "first.pdf", bytes }, new Date());
    if (!("documentId" in first)) throw new Error("upload refused");
    // The second upload finds the file present and waits for the write lock, which this test holds;
    // the removal of the first runs in that gap (inside the held write), sees no other row and
    // deletes the file.
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    const removal = write({ institutionId: f.institutionId }, async () => {
      await gate;
      await removeDocument(f.context, first.documentId, new Date());
      expect(fs.existsSync(fileOf(first.sha256))).toBe(false);
    });
    const second = uploadDocument(f.context, { fileName: "second.pdf", bytes }, new Date());
    // Let the upload run its checks and find the file stored (it then queues for the write lock).
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    go();
    await removal;
    const stored = await second;
    if (!("documentId" in stored)) throw new Error("upload refused");
    expect(fs.readFileSync(fileOf(stored.sha256))).toEqual(Buffer.from(bytes));
  });

  it("the sweep deletes an old unreferenced file and keeps a referenced one and a fresh unreferenced one", async () => {
    const f = await createSentAssessment();
    const now = new Date();
    const old = new Date(now.getTime() - (UNREFERENCED_FILE_GRACE_MINUTES + 1) * 60_000);
    const referenced = await uploadDocument(f.context, { fileName: "kept.pdf", bytes: pdf() }, now);
    if (!("documentId" in referenced)) throw new Error("upload refused");
    fs.utimesSync(fileOf(referenced.sha256), old, old);
    const oldOrphan = storeDocumentFile(Buffer.from(pdf()));
    fs.utimesSync(fileOf(oldOrphan), old, old);
    const freshOrphan = storeDocumentFile(Buffer.from(pdf()));
    const oldPart = `${fileOf(oldOrphan)}.0123456789ab.part`;
    fs.writeFileSync(oldPart, "interrupted");
    fs.utimesSync(oldPart, old, old);
    const report = await sweepUnreferencedDocuments(now);
    expect(report.deleted).toContain(oldOrphan);
    expect(report.deleted).not.toContain(referenced.sha256);
    expect(report.deleted).not.toContain(freshOrphan);
    expect(report.partialFilesDeleted).toBe(1);
    expect(fs.existsSync(fileOf(oldOrphan))).toBe(false);
    expect(fs.existsSync(oldPart)).toBe(false);
    expect(fs.existsSync(fileOf(referenced.sha256))).toBe(true);
    expect(fs.existsSync(fileOf(freshOrphan))).toBe(true);
    // Once old enough, the fresh orphan goes too; the referenced file never does.
    const later = await sweepUnreferencedDocuments(new Date(now.getTime() + (UNREFERENCED_FILE_GRACE_MINUTES + 1) * 60_000));
    expect(later.deleted).toContain(freshOrphan);
    expect(later.deleted).not.toContain(referenced.sha256);
    expect(fs.existsSync(fileOf(referenced.sha256))).toBe(true);
  });
});

describe("a store shared by two databases", () => {
  it("deletes nothing once another database has recorded files there, and says so", async () => {
    const f = await createSentAssessment();
    const uploaded = await uploadDocument(f.context, { fileName: "a.pdf", bytes: pdf() }, new Date());
    if (!("documentId" in uploaded)) throw new Error("upload refused");
    const list = path.join(documentsDir(), ".databases");
    const before = fs.readFileSync(list, "utf8");
    expect(before.trim().split("\n")).toEqual([databaseIdentity(process.env.DATABASE_URL!, databasePathFromUrl)]);
    fs.appendFileSync(list, "/srv/other/provenant.db\n");
    const orphan = storeDocumentFile(Buffer.from(pdf()));
    const old = new Date(Date.now() - (UNREFERENCED_FILE_GRACE_MINUTES + 1) * 60_000);
    fs.utimesSync(fileOf(orphan), old, old);
    try {
      vi.spyOn(console, "warn").mockImplementation(() => undefined);
      await removeDocument(f.context, uploaded.documentId, new Date());
      expect(fs.existsSync(fileOf(uploaded.sha256))).toBe(true);
      const report = await sweepUnreferencedDocuments(new Date());
      expect(report).toMatchObject({ shared: true, deleted: [] });
      expect(fs.existsSync(fileOf(orphan))).toBe(true);
    } finally {
      fs.writeFileSync(list, before);
    }
    // Alone again: the orphan is swept and the removed document's file can go.
    expect((await sweepUnreferencedDocuments(new Date())).deleted).toContain(orphan);
    expect(await deleteIfUnreferenced(uploaded.sha256)).toBe(true);
  });
});

describe("unknown document ids and CRLF file names in a section post (L1)", () => {
  async function twoAssessments() {
    const mine = await createSentAssessment();
    const theirs = await createSentAssessment({ institutionId: await createInstitution("Banco Ajeno") });
    const foreign = await uploadDocument(theirs.context, { fileName: "ajeno-confidencial.pdf", bytes: pdf() }, new Date());
    if (!("documentId" in foreign)) throw new Error("upload refused");
    return { mine, cookie: await respondentCookie(mine.context), foreignId: foreign.documentId };
  }

  it.each([
    ["another institution's", (foreignId: string) => foreignId],
    ["a made-up", () => newId()],
  ])("attaching %s document id saves the answer and says the document is no longer available, without naming it", async (_label, idOf) => {
    const { mine, cookie, foreignId } = await twoAssessments();
    const result = await sectionPost("gov", cookie, (body) => {
      body.append(PRESENT_FIELD, "gov.policy");
      body.append(fieldName.value("gov.policy"), "own-operations-only");
      body.append("attach:gov.policy", idOf(foreignId));
      body.append("intent", "attach:gov.policy");
    });
    expect(result.status).toBeLessThan(500);
    expect(result.status).toBe(409);
    const problem = problemOf(result);
    expect(problem).toEqual({ questionId: "gov.policy", error: "unavailable-attach", fileName: "" });
    expect(uploadProblemMessage(problem, "en")).toBe("The document you tried to attach is no longer available. Your answers are kept.");
    expect(uploadProblemMessage(problem, "es")).toBe("El documento que intentó adjuntar ya no está disponible. Sus respuestas se conservan.");
    expect(JSON.stringify(result.response)).not.toContain(foreignId);
    expect(JSON.stringify(result.response)).not.toContain("ajeno");
    expect(await draftOf(mine, "gov.policy")).toMatchObject({ value: "own-operations-only", evidence: [] });
  });

  it("attaching one's own removed document names it", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const uploaded = await uploadDocument(f.context, { fileName: "código de conducta.pdf", bytes: pdf() }, new Date());
    if (!("documentId" in uploaded)) throw new Error("upload refused");
    await removeDocument(f.context, uploaded.documentId, new Date());
    const result = await sectionPost("gov", cookie, (body) => {
      body.append(PRESENT_FIELD, "gov.policy");
      body.append(fieldName.value("gov.policy"), "own-operations-only");
      body.append("attach:gov.policy", uploaded.documentId);
      body.append("intent", "save");
    });
    expect(result.status).toBe(409);
    expect(uploadProblemMessage(problemOf(result), "en")).toBe("“código de conducta.pdf” could not be attached: it is no longer available (it was removed). Your answers are kept.");
    expect((await draftOf(f, "gov.policy"))?.value).toBe("own-operations-only");
  });

  it("detaching an unknown or foreign document id saves the answer and shows a message, naming no id", async () => {
    const { mine, cookie, foreignId } = await twoAssessments();
    for (const id of [foreignId, newId(), ""]) {
      const result = await sectionPost("gov", cookie, (body) => {
        body.append(PRESENT_FIELD, "gov.policy");
        body.append(fieldName.value("gov.policy"), "no");
        body.append("intent", `detach|gov.policy|${id}`);
      });
      expect(result.status, id).toBe(409);
      const problem = problemOf(result);
      expect(problem).toEqual({ questionId: "gov.policy", error: "unavailable-remove", fileName: "" });
      expect(uploadProblemMessage(problem, "en")).toBe("The document you tried to remove is no longer available. Your answers are kept.");
      expect((await draftOf(mine, "gov.policy"))?.value).toBe("no");
    }
    // A question that is not on the page: the message goes to the top of the page.
    const elsewhere = await sectionPost("gov", cookie, (body) => {
      body.append(PRESENT_FIELD, "gov.policy");
      body.append(fieldName.value("gov.policy"), "no");
      body.append("intent", `detach|no.such-question|${foreignId}`);
    });
    expect(elsewhere.status).toBe(409);
    expect(problemOf(elsewhere).questionId).toBeNull();
  });

  it("the service refuses a foreign document for attach and detach without touching the draft", async () => {
    const { mine, foreignId } = await twoAssessments();
    await saveAnswers(mine.context, { "gov.policy": { value: "no" } }, new Date());
    expect(await detachDocument(mine.context, foreignId, "gov.policy", new Date())).toEqual({ unavailable: true, fileName: null });
    expect(await draftOf(mine, "gov.policy")).toMatchObject({ value: "no", evidence: [] });
  });

  it.each([
    ["CRLF", "invoice\r\nfinal.pdf", "invoice final.pdf"],
    ["CRLF CRLF and a header", "report\r\n\r\nX-Injected: 1.pdf", "report X-Injected: 1.pdf"],
    ["a lone LF", "a\nb.pdf", "a b.pdf"],
    ["an unescaped quote", 'a"b.pdf', "ab.pdf"],
    ["a bidi override", "invoice\u202Efdp.exe", "invoicefdp.exe"],
  ])("a file name with a raw %s is cleaned, the answer and the document saved", async (_label, rawName, cleaned) => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const boundary = "----provenant-test-boundary";
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.concat([
      Buffer.from(field(PRESENT_FIELD, "gov.policy") + field(fieldName.value("gov.policy"), "own-operations-only")),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file:gov.policy"; filename="${rawName}"\r\nContent-Type: application/pdf\r\n\r\n`),
      fixture("policy.pdf"),
      Buffer.from(`\r\n${field("intent", "attach:gov.policy")}--${boundary}--\r\n`),
    ]);
    const request = new Request("http://localhost/respond/section/gov", {
      method: "POST",
      body,
      headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(body.length) },
    });
    const result = await settle(() => sectionAction({ request, params: { sectionKey: "gov" }, context: {} }));
    expect(result.status).toBeLessThan(500);
    expect(result.status).toBe(302);
    const draft = (await draftOf(f, "gov.policy"))!;
    expect(draft.value).toBe("own-operations-only");
    expect(draft.evidence).toHaveLength(1);
    const doc = (await db().select().from(documents).where(eq(documents.id, draft.evidence[0]!)).limit(1))[0]!;
    expect(doc.fileName).toBe(cleaned);
    expect(fs.readFileSync(fileOf(doc.sha256))).toEqual(fixture("policy.pdf"));
  });
});
