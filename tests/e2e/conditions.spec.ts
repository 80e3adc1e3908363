// Conditions as corrective-action plans in the browser (issue 17 "Done when", F18): RM proposes an
// approval with conditions → the approver is notified and approves → the client is notified and
// opens its private link from the decision e-mail → sees its scorecard (never the bank's
// rationale) and uploads proof → the RM, told by e-mail, proposes "met" with that upload → the
// approver, told by e-mail, confirms → the gate reflects it. Every e-mail is read from the outbox
// (the demo mailbox). Once in English with JavaScript (and axe), once in Spanish without it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEMO_USERS, e2eDatabase, expect, signInAs, test } from "./fixtures";
import { E2E_PORT } from "../../playwright.config";
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

const PASSWORD = "Provenant-demo-2026";
const DATA_DIR = path.resolve(process.cwd(), `.tmp/e2e-data-${E2E_PORT}`);

type Option = { value: string; points?: number };
type Question = { id: string; type: string; options?: Option[]; scale?: Array<{ min: number; max: number; points: number }>; evidence?: { expected: boolean } };
type Value = string | number | string[];
type AnswerSet = Record<string, { value: Value; evidence?: string[] }>;
const questionnaire = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), "questionnaires/anti-trafficking/1.json"), "utf8")) as { sections: Array<{ questions: Question[] }> };

// The app's scoring modules import JSON data, which Playwright's loader cannot; tsx runs the real
// engine (the same code the server runs) and prints the result.
const SCORE_SCRIPT = `
import fs from "node:fs";
import { score } from "~/domain/scoring/score";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { getQuestionnaire } from "~/services/questionnaires.server";
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const loaded = getQuestionnaire("anti-trafficking", 1);
process.stdout.write(JSON.stringify({ sha256: loaded.sha256, result: score(loaded.questionnaire, input.answers, input.context, { sha256: loaded.sha256, policy: DEFAULT_POLICY }) }));
`;

type Scored = {
  sha256: string;
  result: { engineVersion: string; overall: { score: number | null; band: string | null }; residualRisk: string; recommendation: string };
};

function scoreWithEngine(answers: AnswerSet, context: Record<string, unknown>): Scored {
  const out = execFileSync(path.resolve(process.cwd(), "node_modules/.bin/tsx"), ["--eval", SCORE_SCRIPT], { input: JSON.stringify({ answers, context }), encoding: "utf8" });
  return JSON.parse(out) as Scored;
}

function best(q: Question): Value {
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = q.options ?? [];
      if (options.every((o) => o.points === undefined)) return options.find((o) => o.value === "no")?.value ?? options[0]!.value;
      return [...options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0]!.value;
    }
    case "multi":
      return (q.options ?? []).filter((o) => (o.points ?? 0) > 0).map((o) => o.value);
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
 * A submitted assessment of a low-inherent-risk client whose answers are full everywhere except two
 * questions; every document is accepted except the policy's, which waits for review.
 */
function seedSubmitted(clientName: string, language: "en" | "es"): { assessmentId: string; policyDocId: string } {
  const bytes = Buffer.from(`%PDF-1.4\n% ${clientName}\n%%EOF\n`);
  const sha = crypto.createHash("sha256").update(bytes).digest("hex");
  fs.mkdirSync(path.join(DATA_DIR, "documents"), { recursive: true });
  fs.writeFileSync(path.join(DATA_DIR, "documents", sha), bytes);
  const id = () => crypto.randomBytes(12).toString("base64url");
  const { institutionId } = DEMO_USERS.rm;
  const clientId = id();
  const assessmentId = id();
  const answerSetId = id();
  const now = new Date();
  const iso = now.toISOString();
  const answers: AnswerSet = {};
  const docs: Array<{ id: string; questionId: string; state: "pending" | "accepted" }> = [];
  let policyDocId = "";
  for (const q of questionnaire.sections.flatMap((s) => s.questions)) {
    const value = q.id === "supply.purchasing-practices" ? "assessed-once" : q.id === "legal.labour-sanctions" ? "minor-corrected" : best(q);
    answers[q.id] = { value };
    if (q.evidence?.expected) {
      const docId = id();
      const state = q.id === "gov.policy" ? "pending" : "accepted";
      if (q.id === "gov.policy") policyDocId = docId;
      docs.push({ id: docId, questionId: q.id, state });
      answers[q.id]!.evidence = [docId];
    }
  }
  const context = { country: "CA", sector: "62", sourcingCountries: [], goods: [], documents: Object.fromEntries(docs.map((d) => [d.id, d.state])) };
  const { sha256: questionnaireSha, result } = scoreWithEngine(answers, context);
  const sqlite = e2eDatabase();
  const tx = sqlite.transaction(() => {
    sqlite
      .prepare(
        "INSERT INTO clients (id, institution_id, name, country, sector, contact_email, contact_name, sourcing_countries, goods, rm_user_id, inherent_risk, residual_risk, gate, gate_reason, created_at, updated_at) VALUES (?, ?, ?, 'CA', '62', ?, 'Olivia Maple', '[]', '[]', ?, 'low', ?, 'pending', 'assessment-under-way', ?, ?)",
      )
      .run(clientId, institutionId, clientName, `owner+${clientName.split(" ").pop()}@maple.example`, DEMO_USERS.rm.id, result.residualRisk, iso, iso);
    sqlite
      .prepare(
        "INSERT INTO assessments (id, institution_id, client_id, questionnaire_key, questionnaire_version, questionnaire_sha256, status, language, due_date, expires_at, sent_by, sent_at, started_at, submitted_at, signatory, updated_at) VALUES (?, ?, ?, 'anti-trafficking', 1, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(assessmentId, institutionId, clientId, questionnaireSha, language, new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10), new Date(now.getTime() + 30 * 86_400_000).toISOString(), DEMO_USERS.rm.id, iso, iso, iso, JSON.stringify({ name: "Olivia Maple", title: "CEO", email: "owner@maple.example" }), iso);
    sqlite
      .prepare("INSERT INTO respondents (id, institution_id, assessment_id, email, name, is_primary, token_hash, created_at) VALUES (?, ?, ?, 'owner@maple.example', 'Olivia Maple', 1, ?, ?)")
      .run(id(), institutionId, assessmentId, crypto.randomBytes(32).toString("hex"), iso);
    for (const d of docs) {
      sqlite
        .prepare("INSERT INTO documents (id, institution_id, assessment_id, sha256, file_name, media_type, size, uploaded_at, review_state) VALUES (?, ?, ?, ?, ?, 'application/pdf', ?, ?, ?)")
        .run(d.id, institutionId, assessmentId, sha, `${d.questionId}.pdf`, bytes.length, iso, d.state);
    }
    sqlite
      .prepare("INSERT INTO answer_sets (id, institution_id, assessment_id, answers, signatory, attestation_text, questionnaire_sha256, submitted_at) VALUES (?, ?, ?, ?, ?, 'I attest.', ?, ?)")
      .run(answerSetId, institutionId, assessmentId, JSON.stringify(answers), JSON.stringify({ name: "Olivia Maple", title: "CEO", email: "owner@maple.example" }), questionnaireSha, iso);
    sqlite
      .prepare("INSERT INTO results (id, institution_id, assessment_id, answer_set_id, result, engine_version, overall_score_tenths, band, residual_risk, recommendation, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submission', ?)")
      .run(id(), institutionId, assessmentId, answerSetId, JSON.stringify(result), result.engineVersion, result.overall.score === null ? null : Math.round(result.overall.score * 10), result.overall.band, result.residualRisk, result.recommendation, iso);
  });
  tx();
  sqlite.close();
  return { assessmentId, policyDocId };
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}



const words = {
  en: {
    rationale: "Rationale",
    propose: "Propose the decision",
    proposed: "Decision proposed. It now waits for an approver.",
    awaiting: (c: string) => `Decision awaiting your approval: ${c}`,
    legend: (c: string) => `Approve the decision for ${c}`,
    password: "Your password",
    approve: "Approve",
    clientSubject: "Banco Demo: the result of your due-diligence assessment",
    resultsTitle: "Your results from Banco Demo",
    scorecard: "Your scorecard",
    file: "Proof (PDF, PNG or JPEG, up to 10 MB)",
    note: "Update (what you did, or what you are sending)",
    send: "Send",
    thanks: "Thank you: Banco Demo received your update and will review it.",
    proofSubject: (c: string) => `Proof received for a condition: ${c}`,
    met: "Met: the proof shows the condition is fulfilled",
    comment: "Comment",
    sendProposal: "Send the proposal",
    proposedFlash: "Proposal saved. The approvers were notified.",
    confirmSubject: (c: string) => `Condition awaiting your confirmation: ${c}`,
    confirm: "Confirm met",
    confirmed: (gate: string) => `The condition is met. Credit gate: ${gate}.`,
    gate: { open: "Open", conditional: "Conditional" },
    standingMet: "Met",
  },
  es: {
    rationale: "Fundamento",
    propose: "Proponer la decisión",
    proposed: "Decisión propuesta. Ahora espera a un aprobador.",
    awaiting: (c: string) => `Decisión pendiente de su aprobación: ${c}`,
    legend: (c: string) => `Aprobar la decisión sobre ${c}`,
    password: "Su contraseña",
    approve: "Aprobar",
    clientSubject: "Banco Demo: resultado de su evaluación de debida diligencia",
    resultsTitle: "Sus resultados de Banco Demo",
    scorecard: "Su calificación",
    file: "Evidencia (PDF, PNG o JPEG, hasta 10 MB)",
    note: "Actualización (lo que hizo o lo que envía)",
    send: "Enviar",
    thanks: "Gracias: Banco Demo recibió su actualización y la revisará.",
    proofSubject: (c: string) => `Evidencia recibida para una condición: ${c}`,
    met: "Cumplida: la evidencia demuestra que se cumplió",
    comment: "Comentario",
    sendProposal: "Enviar la propuesta",
    proposedFlash: "Propuesta guardada. Se notificó a los aprobadores.",
    confirmSubject: (c: string) => `Condición pendiente de su confirmación: ${c}`,
    confirm: "Confirmar cumplida",
    confirmed: (gate: string) => `La condición se cumplió. Habilitación crediticia: ${gate}.`,
    gate: { open: "Abierto", conditional: "Condicional" },
    standingMet: "Cumplida",
  },
} as const;

const RATIONALE = "INTERNAL rationale: the committee wants the fee repayment watched closely.";

/** The path of the first link in the newest demo-mailbox message with this subject (and recipient). */
async function linkFromMail(page: Page, subject: string, to: string | null, pattern: RegExp): Promise<string> {
  await page.goto("/demo/mailbox");
  let mail = page.getByTestId("demo-mail").filter({ hasText: subject });
  if (to) mail = mail.filter({ hasText: to });
  await expect(mail.first()).toBeVisible();
  const body = (await mail.first().getByTestId("demo-mail-body").textContent()) ?? "";
  const url = pattern.exec(body)?.[0];
  expect(url, `a link in “${subject}”`).toBeTruthy();
  return new URL(url!).pathname;
}

function clientGate(clientName: string): string {
  const sqlite = e2eDatabase();
  const row = sqlite.prepare("SELECT gate FROM clients WHERE name = ?").get(clientName) as { gate: string };
  sqlite.close();
  return row.gate;
}

function openConditionCount(clientName: string): number {
  const sqlite = e2eDatabase();
  const row = sqlite.prepare("SELECT COUNT(*) AS n FROM conditions c JOIN clients k ON k.id = c.client_id WHERE k.name = ? AND c.status = 'open'").get(clientName) as { n: number };
  sqlite.close();
  return row.n;
}

async function walk(page: Page, lang: "en" | "es", clientName: string, opts: { axe: boolean }) {
  const w = words[lang];
  const { assessmentId } = seedSubmitted(clientName, lang);
  const contact = `owner+${clientName.split(" ").pop()}@maple.example`;

  await signInAs(page, "rm");
  await page.goto(`/app/assessments/${assessmentId}/decision`);
  await page.locator("input[name=outcome][value=approve-with-conditions]").check();
  await page.getByLabel(w.rationale).fill(RATIONALE);
  await page.getByRole("button", { name: w.propose }).click();
  await expect(page.getByRole("status")).toHaveText(w.proposed);

  // Staff e-mails follow each person's language (the demo's RM reads Spanish, its approver English).
  const staffMail = { rm: words.es, approver: words.en };

  // The approver is told by e-mail and approves from the link in it.
  await signInAs(page, "approver");
  await page.goto(await linkFromMail(page, staffMail.approver.awaiting(clientName), null, /https?:\/\/\S+\/app\/decisions\/\S+/));
  const approve = page.getByRole("group", { name: w.legend(clientName) });
  await approve.getByLabel(w.password).fill(PASSWORD);
  await approve.getByRole("button", { name: w.approve, exact: true }).click();
  await expect(page.getByTestId("decision-status")).toHaveText(lang === "es" ? "aprobada" : "approved");
  const conditionsBefore = openConditionCount(clientName);
  expect(conditionsBefore).toBeGreaterThan(0);

  // The client opens its private link from the decision e-mail: its results, in its language.
  const clientPath = await linkFromMail(page, w.clientSubject, contact, /https?:\/\/\S+\/c\/pvn_cli_[A-Za-z0-9_-]+/);
  await page.context().clearCookies();
  await page.goto(clientPath);
  await expect(page.getByRole("heading", { level: 1, name: w.resultsTitle })).toBeVisible();
  await expect(page.locator("main")).toHaveAttribute("lang", lang);
  await expect(page.getByRole("heading", { name: w.scorecard })).toBeVisible();
  await expect(page.getByTestId("overall-score")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("INTERNAL");
  await expect(page.getByTestId("client-condition")).toHaveCount(conditionsBefore);
  if (opts.axe) await expectNoSeriousViolations(page);
  const first = page.getByTestId("client-condition").first();
  await first.getByLabel(w.file).setInputFiles({ name: "fee-repayment.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% repayment proof\n%%EOF\n") });
  await first.getByLabel(w.note).fill(lang === "es" ? "Reembolsamos las comisiones; adjuntamos los recibos." : "We repaid the fees; receipts attached.");
  await first.getByRole("button", { name: w.send }).click();
  await expect(page.getByTestId("client-condition").first().getByRole("status")).toHaveText(w.thanks);
  await expect(page.getByTestId("client-condition").first().getByTestId("client-updates")).toContainText("fee-repayment.pdf");

  // The RM is told by e-mail, reviews the proof in the evidence viewer and proposes "met" with it.
  await signInAs(page, "rm");
  const conditionPath = await linkFromMail(page, staffMail.rm.proofSubject(clientName), null, /https?:\/\/\S+\/app\/conditions\/\S+/);
  await page.goto(conditionPath);
  await expect(page.getByTestId("condition-upload")).toHaveCount(1);
  await expect(page.getByTestId("condition-upload")).toContainText("fee-repayment.pdf");
  if (opts.axe) await expectNoSeriousViolations(page);
  await page.getByLabel(w.met).check();
  await page.getByLabel(/^fee-repayment\.pdf/).check();
  await page.getByLabel(w.comment).fill(lang === "es" ? "Los recibos cubren a todos los trabajadores." : "The receipts cover every worker.");
  await page.getByRole("button", { name: w.sendProposal }).click();
  await expect(page.getByTestId("flash")).toHaveText(w.proposedFlash);
  // The proposer cannot confirm.
  await expect(page.getByRole("button", { name: w.confirm })).toHaveCount(0);

  // The approver is told by e-mail and confirms; the gate follows.
  await signInAs(page, "approver");
  expect(await linkFromMail(page, staffMail.approver.confirmSubject(clientName), null, /https?:\/\/\S+\/app\/conditions\/\S+/)).toBe(conditionPath);
  await page.goto(conditionPath);
  await page.getByRole("button", { name: w.confirm }).click();
  const expectedGate = conditionsBefore > 1 ? "conditional" : "open";
  await expect(page.getByTestId("flash")).toHaveText(w.confirmed(w.gate[expectedGate]));
  await expect(page.getByTestId("standing")).toHaveText(w.standingMet);
  expect(clientGate(clientName)).toBe(expectedGate);
  expect(openConditionCount(clientName)).toBe(conditionsBefore - 1);
}

test("proposal → approval → client link → proof → RM proposes met → approver confirms → gate", async ({ page }) => {
  await walk(page, "en", `Maple Plans ${crypto.randomBytes(3).toString("hex")}`, { axe: true });
});

test.describe("in Spanish without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es" } });

  test("the same walk, in Spanish, with plain forms", async ({ page }) => {
    await walk(page, "es", `Arce Planes ${crypto.randomBytes(3).toString("hex")}`, { axe: false });
  });
});
