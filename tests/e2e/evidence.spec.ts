// Issue 14 in a real browser (walkthrough F01, F02): the RM's evidence link downloads the very
// bytes that were uploaded, and is audited; the review page previews a PDF (pdf.js, from our own
// origin, canvas and text layer) and an image beside the answer, under the app's CSP (a CSP
// violation is a console error, which fails the test); without JavaScript a PDF degrades to the
// download link and its metadata. A document used on two questions is shown in full once.
// The respondent attaches files to two questions with JavaScript on: the second "Attach" sends
// only its own file, and the inputs are cleared after each upload.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import PDFDocument from "pdfkit";
import { DEMO_USERS, e2eDatabase, expect, signInAs, test } from "./fixtures";
import { E2E_PORT } from "../../playwright.config";

const ROOT = process.cwd();
const DATA_DIR = path.resolve(ROOT, `.tmp/e2e-data-${E2E_PORT}`);
const FIXTURES = path.resolve(ROOT, `.tmp/e2e-evidence-fixtures-${E2E_PORT}`);
const SCREENSHOTS = process.env.EVIDENCE_SCREENSHOTS ? path.resolve(ROOT, process.env.EVIDENCE_SCREENSHOTS) : null;
const PDF_TEXT = "Forced labour policy 2026";

type Question = { id: string; type: string; options?: Array<{ value: string; points?: number }>; scale?: Array<{ min: number; points: number }>; evidence?: { expected: boolean } };
const questionnaire = JSON.parse(fs.readFileSync(path.join(ROOT, "questionnaires/anti-trafficking/1.json"), "utf8")) as { sections: Array<{ questions: Question[] }> };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "questionnaires/lock.json"), "utf8")) as Record<string, string>;

const sha256 = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");
const newId = () => crypto.randomBytes(12).toString("base64url");

/** A two-page PDF with real text (pdfkit, the library the app prints with). */
async function makePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A5", info: { Title: "Policy" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.fontSize(18).text(PDF_TEXT);
  doc.addPage().fontSize(14).text("Page two: grievance mechanism");
  doc.end();
  return await done;
}

/** A 160 × 90 PNG, blue on white, written by hand (RFC 2083) so no image library is needed. */
function makePng(): Buffer {
  const [w, h] = [160, 90];
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = y * (w * 3 + 1) + 1 + x * 3;
      const inside = x > 20 && x < 140 && y > 20 && y < 70;
      rows[at] = inside ? 29 : 255;
      rows[at + 1] = inside ? 78 : 255;
      rows[at + 2] = inside ? 216 : 255;
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

let pdfBytes: Buffer;
let pngBytes: Buffer;
test.beforeAll(async () => {
  pdfBytes = await makePdf();
  pngBytes = makePng();
  fs.mkdirSync(FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES, "politica-firmada.pdf"), pdfBytes);
  fs.writeFileSync(path.join(FIXTURES, "organigrama.png"), pngBytes);
});

// The app's scoring modules import JSON data, which Playwright's loader cannot; tsx runs the real
// engine (as review.spec.ts does) and prints the result.
const SCORE_SCRIPT = `
import fs from "node:fs";
import { score } from "~/domain/scoring/score";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { getQuestionnaire } from "~/services/questionnaires.server";
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const loaded = getQuestionnaire("anti-trafficking", 1);
process.stdout.write(JSON.stringify({ sha256: loaded.sha256, result: score(loaded.questionnaire, input.answers, input.context, { sha256: loaded.sha256, policy: DEFAULT_POLICY }) }));
`;

function best(q: Question): unknown {
  const options = q.options ?? [];
  switch (q.type) {
    case "boolean":
    case "single":
      if (options.every((o) => o.points === undefined)) return options.find((o) => o.value === "no")?.value ?? options[0]!.value;
      return [...options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0]!.value;
    case "multi":
      return options.filter((o) => (o.points ?? 0) > 0).map((o) => o.value);
    case "number":
    case "percent":
      return [...(q.scale ?? [])].sort((a, b) => b.points - a.points)[0]?.min ?? 0;
    case "text":
      return "See the attached documents.";
    case "date":
      return "2026-01-15";
    default:
      return ["CA"];
  }
}

/**
 * A submitted assessment whose policy PDF supports two questions (gov.policy, gov.policy-approval)
 * and whose organisation chart (PNG) supports gov.accountable-officer; both wait for review.
 */
function seedSubmitted(clientName: string): { assessmentId: string; pdfId: string; pngId: string } {
  fs.mkdirSync(path.join(DATA_DIR, "documents"), { recursive: true });
  for (const bytes of [pdfBytes, pngBytes]) fs.writeFileSync(path.join(DATA_DIR, "documents", sha256(bytes)), bytes);
  const { institutionId } = DEMO_USERS.rm;
  const [clientId, assessmentId, answerSetId, respondentId, pdfId, pngId] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const iso = new Date().toISOString();
  const answers: Record<string, { value: unknown; evidence?: string[] }> = {};
  for (const q of questionnaire.sections.flatMap((s) => s.questions)) answers[q.id] = { value: best(q) };
  answers["gov.policy"]!.evidence = [pdfId];
  answers["gov.policy-approval"]!.evidence = [pdfId];
  answers["gov.accountable-officer"]!.evidence = [pngId];
  const context = { country: "CA", sector: "62", sourcingCountries: [], goods: [], documents: { [pdfId]: "pending", [pngId]: "pending" } };
  const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--eval", SCORE_SCRIPT], { input: JSON.stringify({ answers, context }), encoding: "utf8" });
  const { sha256: questionnaireSha, result } = JSON.parse(out) as { sha256: string; result: { engineVersion: string; overall: { score: number | null; band: string | null }; residualRisk: string; recommendation: string } };
  expect(questionnaireSha).toBe(lock["anti-trafficking/1"]);
  const sqlite = e2eDatabase();
  sqlite.transaction(() => {
    sqlite
      .prepare(
        "INSERT INTO clients (id, institution_id, name, country, sector, contact_email, contact_name, sourcing_countries, goods, rm_user_id, inherent_risk, residual_risk, gate, gate_reason, created_at, updated_at) VALUES (?, ?, ?, 'CA', '62', 'lucia@evidencia.example', 'Lucía Ramírez', '[]', '[]', ?, 'low', ?, 'pending', 'assessment-under-way', ?, ?)",
      )
      .run(clientId, institutionId, clientName, DEMO_USERS.rm.id, result.residualRisk, iso, iso);
    sqlite
      .prepare(
        "INSERT INTO assessments (id, institution_id, client_id, questionnaire_key, questionnaire_version, questionnaire_sha256, status, language, due_date, expires_at, sent_by, sent_at, started_at, submitted_at, signatory, updated_at) VALUES (?, ?, ?, 'anti-trafficking', 1, ?, 'submitted', 'es', ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(assessmentId, institutionId, clientId, questionnaireSha, "2027-01-15", "2027-02-15T00:00:00.000Z", DEMO_USERS.rm.id, iso, iso, iso, JSON.stringify({ name: "Lucía Ramírez", title: "CEO", email: "lucia@evidencia.example" }), iso);
    sqlite
      .prepare("INSERT INTO respondents (id, institution_id, assessment_id, email, name, is_primary, token_hash, created_at) VALUES (?, ?, ?, 'lucia@evidencia.example', 'Lucía Ramírez', 1, ?, ?)")
      .run(respondentId, institutionId, assessmentId, crypto.randomBytes(32).toString("hex"), iso);
    const insertDoc = sqlite.prepare(
      "INSERT INTO documents (id, institution_id, assessment_id, sha256, file_name, media_type, size, uploaded_at, uploaded_by, review_state) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-30T15:04:00.000Z', ?, 'pending')",
    );
    insertDoc.run(pdfId, institutionId, assessmentId, sha256(pdfBytes), "Política firmada.pdf", "application/pdf", pdfBytes.length, respondentId);
    insertDoc.run(pngId, institutionId, assessmentId, sha256(pngBytes), "organigrama.png", "image/png", pngBytes.length, respondentId);
    sqlite
      .prepare("INSERT INTO answer_sets (id, institution_id, assessment_id, answers, signatory, attestation_text, questionnaire_sha256, submitted_at) VALUES (?, ?, ?, ?, ?, 'I attest.', ?, ?)")
      .run(answerSetId, institutionId, assessmentId, JSON.stringify(answers), JSON.stringify({ name: "Lucía Ramírez", title: "CEO", email: "lucia@evidencia.example" }), questionnaireSha, iso);
    sqlite
      .prepare("INSERT INTO results (id, institution_id, assessment_id, answer_set_id, result, engine_version, overall_score_tenths, band, residual_risk, recommendation, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submission', ?)")
      .run(newId(), institutionId, assessmentId, answerSetId, JSON.stringify(result), result.engineVersion, result.overall.score === null ? null : Math.round(result.overall.score * 10), result.overall.band, result.residualRisk, result.recommendation, iso);
  })();
  sqlite.close();
  return { assessmentId, pdfId, pngId };
}

function downloadEvents(documentId: string): Array<{ actor_id: string; after: string }> {
  const sqlite = e2eDatabase();
  const rows = sqlite.prepare("SELECT actor_id, after FROM audit_events WHERE action = 'document.downloaded' AND subject_id = ?").all(documentId) as Array<{ actor_id: string; after: string }>;
  sqlite.close();
  return rows;
}

test.describe("the bank's evidence, with JavaScript", () => {
  test.use({ acceptDownloads: true });

  test("downloads the exact bytes, audited, and previews the PDF and the image beside the answer", async ({ page }) => {
    const { assessmentId, pdfId, pngId } = seedSubmitted(`Evidencias Quetzal ${crypto.randomBytes(3).toString("hex")}`);
    await signInAs(page, "rm");
    await page.goto(`/app/assessments/${assessmentId}/review`);

    const card = page.getByTestId(`doc-${pdfId}`);
    await expect(card.getByTestId(`doc-meta-${pdfId}`)).toHaveText(/^\d+ KB · uploaded by Lucía Ramírez on November 30, 2026$/);
    // Shown in full once, naming both questions; the second question points to it.
    await expect(card.getByTestId(`doc-supports-${pdfId}`).getByRole("listitem")).toHaveCount(2);
    await expect(page.getByTestId(`doc-${pdfId}`)).toHaveCount(1);
    await expect(page.getByTestId(`doc-ref-gov.policy-approval-${pdfId}`)).toContainText("Política firmada.pdf: preview, download and review are with the question");

    // The PDF: pdf.js drew page 1 on the canvas, and its text layer holds the page's words.
    // Far down the page, the PDF waits to be scrolled near before it is fetched.
    const pdf = card.getByTestId("pdf-preview");
    await expect(pdf).toHaveAttribute("data-state", "loading");
    await pdf.scrollIntoViewIfNeeded();
    await expect(pdf).toHaveAttribute("data-state", "ready");
    await expect(pdf.getByText("Page 1 of 2")).toBeVisible();
    await expect(pdf.locator(".textLayer")).toContainText(PDF_TEXT);
    const canvas = pdf.getByRole("img", { name: "Preview of Política firmada.pdf" });
    const drawn = await canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark += 1;
      return { width: c.width, dark };
    });
    expect(drawn.width).toBeGreaterThan(100);
    expect(drawn.dark).toBeGreaterThan(100);
    await pdf.getByRole("button", { name: "Next page" }).click();
    await expect(pdf.getByText("Page 2 of 2")).toBeVisible();
    await expect(pdf.locator(".textLayer")).toContainText("Page two: grievance mechanism");

    // The image, from the inline preview route.
    const image = page.getByTestId(`doc-${pngId}`).getByRole("img", { name: "Preview of organigrama.png" });
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(160);
    if (SCREENSHOTS) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await card.screenshot({ path: path.join(SCREENSHOTS, "review-pdf-preview.png") });
      await page.getByTestId(`doc-${pngId}`).screenshot({ path: path.join(SCREENSHOTS, "review-image-preview.png") });
      await page.locator("#q-gov\\.policy-approval").screenshot({ path: path.join(SCREENSHOTS, "review-shared-reference.png") });
    }

    // The link downloads the file itself: the uploaded bytes, under its name, and an audit event.
    expect(downloadEvents(pdfId)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Download Política firmada.pdf" }).click()]);
    expect(download.suggestedFilename()).toBe("Política firmada.pdf");
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(pdfBytes));
    const events = downloadEvents(pdfId);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_id).toBe(DEMO_USERS.rm.id);
    expect(JSON.parse(events[0]!.after)).toMatchObject({ sha256: sha256(pdfBytes) });
  });
});

test.describe("the bank's evidence, without JavaScript, in Spanish", () => {
  test.use({ javaScriptEnabled: false, locale: "es-419", extraHTTPHeaders: { "Accept-Language": "es" } });

  test("a PDF degrades to the download link and its metadata; the image still shows", async ({ page }) => {
    const { assessmentId, pdfId, pngId } = seedSubmitted(`Evidencias Maya ${crypto.randomBytes(3).toString("hex")}`);
    await signInAs(page, "rm");
    await page.goto(`/app/assessments/${assessmentId}/review`);
    const card = page.getByTestId(`doc-${pdfId}`);
    await expect(card.getByRole("link", { name: "Descargar Política firmada.pdf" })).toHaveAttribute("href", `/app/assessments/${assessmentId}/documents/${pdfId}`);
    await expect(card.getByTestId(`doc-meta-${pdfId}`)).toHaveText(/^\d+ KB · subido por Lucía Ramírez el 30 de noviembre de 2026$/);
    await expect(card.locator("canvas")).toHaveCount(0);
    await expect(page.getByTestId(`doc-${pngId}`).getByRole("img", { name: "Vista previa de organigrama.png" })).toBeVisible();
    const response = await page.request.get(`/app/assessments/${assessmentId}/documents/${pdfId}`);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(sha256(await response.body())).toBe(sha256(pdfBytes));
    if (SCREENSHOTS) await card.screenshot({ path: path.join(SCREENSHOTS, "review-nojs-es.png") });
  });
});

/** A client, an assessment sent by the demo RM in Spanish and its primary respondent; the link token. */
function sendAssessment(clientName: string): { token: string; assessmentId: string } {
  const sqlite = e2eDatabase();
  const iso = new Date().toISOString();
  const [clientId, assessmentId] = [newId(), newId()];
  const token = `pvn_rsp_${crypto.randomBytes(32).toString("base64url")}`;
  const { institutionId } = DEMO_USERS.rm;
  sqlite
    .prepare(
      "INSERT INTO clients (id, institution_id, name, country, sector, contact_email, contact_name, sourcing_countries, goods, rm_user_id, inherent_risk, gate, created_at, updated_at) VALUES (?, ?, ?, 'GT', '14', 'lucia@evidencia.example', 'Lucía Ramírez', '[\"GT\"]', '[\"cotton\"]', ?, 'high', 'pending', ?, ?)",
    )
    .run(clientId, institutionId, clientName, DEMO_USERS.rm.id, iso, iso);
  sqlite
    .prepare(
      "INSERT INTO assessments (id, institution_id, client_id, questionnaire_key, questionnaire_version, questionnaire_sha256, status, language, due_date, expires_at, sent_by, sent_at, updated_at) VALUES (?, ?, ?, 'anti-trafficking', 1, ?, 'sent', 'es', '2027-01-15', '2027-02-15T00:00:00.000Z', ?, ?, ?)",
    )
    .run(assessmentId, institutionId, clientId, lock["anti-trafficking/1"], DEMO_USERS.rm.id, iso, iso);
  sqlite
    .prepare("INSERT INTO respondents (id, institution_id, assessment_id, email, name, is_primary, token_hash, created_at) VALUES (?, ?, ?, 'lucia@evidencia.example', 'Lucía Ramírez', 1, ?, ?)")
    .run(newId(), institutionId, assessmentId, sha256(Buffer.from(token)), iso);
  sqlite.close();
  return { token, assessmentId };
}

test("F02: the respondent's second Attach sends only its own file, and each input is cleared after its upload", async ({ page }) => {
  const { token, assessmentId } = sendAssessment(`Textiles Quetzal ${crypto.randomBytes(3).toString("hex")}`);
  await page.goto(`/r/${token}`);
  await page.goto("/respond/section/gov");
  const policy = page.locator("#q-gov\\.policy");
  const approval = page.locator("#q-gov\\.policy-approval");
  const fileLabel = "Adjuntar un archivo (PDF, PNG, JPEG, DOCX o XLSX, hasta 10 MB)";
  const chosen = (block: typeof policy) => block.getByLabel(fileLabel).evaluate((el) => (el as HTMLInputElement).files?.length ?? 0);

  await policy.getByLabel(fileLabel).setInputFiles(path.join(FIXTURES, "politica-firmada.pdf"));
  await policy.getByRole("button", { name: "Adjuntar", exact: true }).click();
  await expect(policy.getByRole("link", { name: "politica-firmada.pdf" })).toBeVisible();
  await expect.poll(() => chosen(policy)).toBe(0);

  await approval.getByLabel(fileLabel).setInputFiles(path.join(FIXTURES, "organigrama.png"));
  await approval.getByRole("button", { name: "Adjuntar", exact: true }).click();
  await expect(approval.getByRole("link", { name: "organigrama.png" })).toBeVisible();
  await expect.poll(() => chosen(approval)).toBe(0);
  await expect(policy.locator('a[href^="/respond/documents/"]')).toHaveCount(1);

  // The picker on the second question lists the policy once, naming the question it supports.
  await expect(approval.getByRole("combobox", { name: "O adjuntar un documento ya subido" }).getByRole("option", { name: /^politica-firmada\.pdf \(evidencia de: “.+”\)$/ })).toHaveCount(1);

  const sqlite = e2eDatabase();
  const names = (sqlite.prepare("SELECT file_name FROM documents WHERE assessment_id = ? AND removed_at IS NULL ORDER BY file_name").all(assessmentId) as Array<{ file_name: string }>).map((r) => r.file_name);
  sqlite.close();
  expect(names).toEqual(["organigrama.png", "politica-firmada.pdf"]);
  if (SCREENSHOTS) await page.locator("#q-gov\\.policy-approval").screenshot({ path: path.join(SCREENSHOTS, "respondent-f02.png") });
});
