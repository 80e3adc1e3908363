// Issue 17, "respondent flow without traps": exclusive options refused by the server (F11), the
// progress counting only saved valid answers (F31), the JSON upload route and the server's size
// limit (F15), the read-back before signing (F30) and a receipt without keys (F20).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { draftAnswers, outbox } from "../../db/tables";
import { fieldName, PRESENT_FIELD } from "~/domain/answer-form";
import { MAX_DOCUMENT_BYTES } from "~/domain/file-type";
import { action as autosaveAction } from "~/routes/respond+/answers[.]save";
import { action as uploadAction } from "~/routes/respond+/evidence.upload";
import { loader as receiptPdfLoader } from "~/routes/respond+/receipt[.pdf]";
import { action as reviewAction, loader as reviewLoader } from "~/routes/respond+/review";
import { action as sectionAction, loader as sectionLoader } from "~/routes/respond+/section.$sectionKey";
import { saveAnswers } from "~/services/respondent.server";
import { bestAnswers, createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const QUESTION_KEY = /\b(gov|risk|rec|work|voice|supply|remedy|legal)\.[a-z][a-z0-9-]+/;

async function drafts(assessmentId: string) {
  return await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, assessmentId));
}

type SectionData = {
  questions: Array<{ id: string; fingerprint: string; options: Array<{ value: string; label: string; exclusive?: boolean }> }>;
  section: { answered: number; required: number };
  maxUploadBytes: number;
};

async function loadSection(sectionKey: string, cookie: string) {
  return (await settle(() => sectionLoader({ request: getRequest(`/respond/section/${sectionKey}`, cookie), params: { sectionKey }, context: {} }))).response as SectionData;
}

function upload(questionId: string, file: { name: string; bytes: Uint8Array }, cookie: string, section = "gov"): Request {
  const body = new FormData();
  body.append(PRESENT_FIELD, questionId);
  body.append("section", section);
  body.append(`file:${questionId}`, new File([new Uint8Array(file.bytes)], file.name, { type: "application/pdf" }));
  return new Request("http://localhost/respond/evidence/upload", { method: "POST", body, headers: { Cookie: cookie } });
}

describe("exclusive options (F11)", () => {
  it("marks 'None of the above' as exclusive on the page", async () => {
    const f = await createSentAssessment({ language: "es" });
    const page = await loadSection("gov", await respondentCookie(f.context));
    const audiences = page.questions.find((q) => q.id === "gov.training-audiences")!;
    expect(audiences.options.filter((o) => o.exclusive).map((o) => o.value)).toEqual(["none"]);
    const communication = page.questions.find((q) => q.id === "gov.policy-communication")!;
    expect(communication.options.filter((o) => o.exclusive).map((o) => o.value)).toEqual(["not-communicated"]);
  });

  it("refuses 'none' with other options in a section post, names the field, keeps the draft and saves the rest", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.training-audiences": { value: ["supervisors"] } }, new Date());
    const page = await loadSection("gov", cookie);
    const fp = (id: string) => page.questions.find((q) => q.id === id)!.fingerprint;
    const fields = {
      [PRESENT_FIELD]: ["gov.training-audiences", "gov.training-coverage"],
      [fieldName.original("gov.training-audiences")]: fp("gov.training-audiences"),
      [fieldName.value("gov.training-audiences")]: ["senior-management", "none"],
      [fieldName.original("gov.training-coverage")]: fp("gov.training-coverage"),
      [fieldName.value("gov.training-coverage")]: "80",
      intent: "save",
    };
    const result = await settle(() => sectionAction({ request: formRequest("/respond/section/gov", fields, cookie), params: { sectionKey: "gov" }, context: {} }));
    expect(result.status).toBe(400);
    const data = result.response as { errors: Record<string, string[]>; posted: Record<string, { values: string[] }> };
    expect(Object.keys(data.errors)).toEqual(["gov.training-audiences"]);
    const message = data.errors["gov.training-audiences"]![0]!;
    expect(message).toMatch(/^«Ninguno[^»]*» no se puede combinar con otras respuestas \(/);
    expect(message).not.toMatch(/"none"|senior-management/);
    // What was ticked comes back, so nothing typed is lost.
    expect(data.posted["gov.training-audiences"]!.values).toEqual(["senior-management", "none"]);
    const rows = await drafts(f.assessmentId);
    expect(rows.find((r) => r.questionId === "gov.training-coverage")!.value).toBe(80);
    expect(rows.find((r) => r.questionId === "gov.training-audiences")!.value).toEqual(["supervisors"]);
  });

  it("refuses the combination through autosave and the API's service too", async () => {
    const f = await createSentAssessment({ language: "en" });
    const cookie = await respondentCookie(f.context);
    const response = (await autosaveAction({
      request: formRequest("/respond/answers.save", { [PRESENT_FIELD]: "voice.channel-features", [fieldName.value("voice.channel-features")]: ["anonymous", "none"] }, cookie),
      params: {},
      context: {},
    })) as Response;
    const body = (await response.json()) as { saved: string[]; issues: Array<{ questionId: string; message: string }> };
    expect(body.saved).toEqual([]);
    expect(body.issues).toEqual([{ questionId: "voice.channel-features", message: expect.stringMatching(/^"None of these" cannot be combined with other answers \(Anonymous/) }]);
    const viaService = await saveAnswers(f.context, { "legal.statement-content": { value: ["policies", "none"] } }, new Date());
    expect(viaService.saved).toEqual([]);
    expect(viaService.issues[0]!.questionId).toBe("legal.statement-content");
    expect(await saveAnswers(f.context, { "legal.statement-content": { value: ["none"] } }, new Date())).toEqual({ saved: ["legal.statement-content"], issues: [] });
  });

  it("does not count a stored contradictory answer as answered, and blocks submission on it (F31)", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { ...bestAnswers(f.questionnaire) }, new Date());
    const before = (await loadSection("gov", cookie)).section;
    expect(before.answered).toBe(before.required);
    // A draft written before the rule existed.
    await db()
      .update(draftAnswers)
      .set({ value: ["senior-management", "none"], updatedAt: new Date().toISOString() })
      .where(eq(draftAnswers.questionId, "gov.training-audiences"));
    const after = (await loadSection("gov", cookie)).section;
    expect(after.answered).toBe(before.required - 1);
    const review = (await settle(() => reviewLoader({ request: getRequest("/respond/review", cookie), params: {}, context: {} }))).response as {
      unanswered: Array<{ questionId: string }>;
    };
    expect(review.unanswered.map((u) => u.questionId)).toEqual(["gov.training-audiences"]);
  });
});

describe("uploads with progress (F15)", () => {
  it("passes the server's size limit to the page", async () => {
    const f = await createSentAssessment();
    expect((await loadSection("gov", await respondentCookie(f.context))).maxUploadBytes).toBe(MAX_DOCUMENT_BYTES);
  });

  it("attaches a file sent to the upload route and answers JSON, without touching answers", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy": { value: "own-operations-only" } }, new Date());
    const pdf = fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence/policy.pdf"));
    const response = (await uploadAction({ request: upload("gov.policy", { name: "política.pdf", bytes: pdf }, cookie), params: {}, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toEqual({ attached: true });
    const row = (await drafts(f.assessmentId)).find((r) => r.questionId === "gov.policy")!;
    expect(row.value).toBe("own-operations-only");
    expect(row.evidence).toHaveLength(1);
  });

  it("refuses a file over the limit with a message in the respondent's language", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(Buffer.from("%PDF-1.4\n"));
    const response = (await uploadAction({ request: upload("gov.policy", { name: "grande.pdf", bytes: big }, cookie), params: {}, context: {} })) as Response;
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ attached: false, message: "El archivo no se adjuntó: supera los 10 MB. Sus respuestas se conservan." });
    expect((await drafts(f.assessmentId)).some((r) => r.evidence.length > 0)).toBe(false);
  });

  it("answers no one without a respondent session, and nothing for a question outside the section", async () => {
    const f = await createSentAssessment({ language: "en" });
    const pdf = fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence/policy.pdf"));
    const anonymous = await settle(() => uploadAction({ request: upload("gov.policy", { name: "p.pdf", bytes: pdf }, ""), params: {}, context: {} }));
    expect(anonymous.status).not.toBe(200);
    const cookie = await respondentCookie(f.context);
    const elsewhere = (await uploadAction({ request: upload("rec.agency-list", { name: "p.pdf", bytes: pdf }, cookie, "gov"), params: {}, context: {} })) as Response;
    expect(elsewhere.status).toBe(404);
    expect((await drafts(f.assessmentId)).some((r) => r.evidence.length > 0)).toBe(false);
  });

  it("refuses an unsupported file beside its question, naming the file", async () => {
    const f = await createSentAssessment({ language: "en" });
    const cookie = await respondentCookie(f.context);
    const response = (await uploadAction({ request: upload("gov.policy", { name: "tool.exe", bytes: Buffer.from("MZ\x90\x00binary") }, cookie), params: {}, context: {} })) as Response;
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toContain("tool.exe");
  });
});

describe("read-back before signing (F30) and client-facing text (F20)", () => {
  it("shows the answers section by section as labels, missing items per section, and the invited person as signatory", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    await saveAnswers(f.context, { "gov.policy": { value: "own-operations-only" }, "risk.sourcing-countries": { value: ["PE", "CN"] } }, new Date());
    const page = (await settle(() => reviewLoader({ request: getRequest("/respond/review", cookie), params: {}, context: {} }))).response as {
      readBack: Array<{ key: string; title: string; answers: Array<{ questionId: string; answer: string }>; missingRequired: unknown[]; missingEvidence: unknown[] }>;
      signatory: { name: string; email: string };
    };
    expect(page.readBack.map((s) => s.key)).toEqual(["gov", "risk", "rec", "work", "voice", "supply", "remedy", "legal"]);
    const gov = page.readBack[0]!;
    expect(gov.title).toBe("Gobernanza y compromiso");
    const policy = gov.answers.find((a) => a.questionId === "gov.policy")!;
    expect(policy.answer).not.toBe("own-operations-only");
    expect(policy.answer.length).toBeGreaterThan(10);
    expect(page.readBack[1]!.answers.find((a) => a.questionId === "risk.sourcing-countries")!.answer).toBe("Perú, China");
    expect(gov.missingRequired.length).toBe(gov.answers.length - 1);
    expect(gov.missingEvidence).toHaveLength(1);
    expect(page.signatory).toEqual({ name: "Ana Quispe", email: "ana@textiles.example" });
  });

  it("issues a receipt without question keys, with page numbers and no near-blank page", async () => {
    const f = await createSentAssessment({ language: "es" });
    const cookie = await respondentCookie(f.context);
    const answers = bestAnswers(f.questionnaire);
    expect((await saveAnswers(f.context, answers, new Date())).issues).toEqual([]);
    const submitted = await settle(() =>
      reviewAction({ request: formRequest("/respond/review", { name: "Ana Quispe", title: "Gerente", email: "ana@textiles.example", attest: "on" }, cookie), params: {}, context: {} }),
    );
    expect(submitted.status).toBe(302);
    const pdf = (await settle(() => receiptPdfLoader({ request: getRequest("/respond/receipt.pdf", cookie), params: {}, context: {} }))).response as Response;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "receipt-"));
    const file = path.join(dir, "receipt.pdf");
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(text).not.toMatch(QUESTION_KEY);
    expect(text).not.toContain("anti-trafficking");
    expect(text).toContain("Textiles Andinos S.A.");
    for (let n = 1; n <= pages; n++) {
      const pageText = execFileSync("pdftotext", ["-enc", "UTF-8", "-f", String(n), "-l", String(n), file, "-"], { encoding: "utf8" });
      expect(pageText).toContain(`Página ${n} de ${pages}`);
      // Not a near-blank page: more than a page number and a line or two.
      expect(pageText.replace(/\s+/g, " ").trim().length, `page ${n}`).toBeGreaterThan(300);
    }
    // The RM's notice of the submission names the questionnaire by its title.
    const mails = await db().select().from(outbox);
    expect(mails.some((m) => m.kind === "assessment.submitted" && !QUESTION_KEY.test(m.body))).toBe(true);
  });
});
