// Notifications in the browser (issue 17, F13): an RM proposes a decision; the approver sees the
// unread count in the header and the notification on the notifications page, opens it (it is then
// read) and approves; the RM, as proposer, is notified in turn and the client's decision e-mail
// (with the attestation attached) is in the outbox (the demo mailbox). Once in English with
// JavaScript, once in Spanish without it. Axe reports no serious or critical violation.
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


function unread(userId: string): number {
  const sqlite = e2eDatabase();
  const row = sqlite.prepare("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL").get(userId) as { n: number };
  sqlite.close();
  return row.n;
}

async function expectBadge(page: Page, count: number) {
  if (count === 0) await expect(page.getByTestId("unread-badge")).toHaveCount(0);
  else await expect(page.getByTestId("unread-badge")).toHaveText(String(count));
}

const words = {
  en: {
    header: "Notifications",
    awaiting: (c: string) => `Decision awaiting your approval: ${c}`,
    approved: (c: string) => `Decision approved: ${c}`,
    open: "Open",
    rationale: "Rationale",
    propose: "Propose the decision",
    proposed: "Decision proposed. It now waits for an approver.",
    legend: (c: string) => `Approve the decision for ${c}`,
    password: "Your password",
    approve: "Approve",
    markAll: "Mark all as read",
    decisionHeading: (c: string) => `Decision for ${c}`,
    clientSubject: "Banco Demo: the result of your due-diligence assessment",
    kindApproved: "A decision I proposed or on my client is approved",
    kindSecurity: /^An API key is created in my institution/,
    savePrefs: "Save notification settings",
    prefsSaved: "Notification settings saved.",
  },
  es: {
    header: "Notificaciones",
    awaiting: (c: string) => `Decisión pendiente de su aprobación: ${c}`,
    approved: (c: string) => `Decisión aprobada: ${c}`,
    open: "Abrir",
    rationale: "Fundamento",
    propose: "Proponer la decisión",
    proposed: "Decisión propuesta. Ahora espera a un aprobador.",
    legend: (c: string) => `Aprobar la decisión sobre ${c}`,
    password: "Su contraseña",
    approve: "Aprobar",
    markAll: "Marcar todas como leídas",
    decisionHeading: (c: string) => `Decisión sobre ${c}`,
    clientSubject: "Banco Demo: resultado de su evaluación de debida diligencia",
    kindApproved: "Se aprueba una decisión que propuse o de mi cliente",
    kindSecurity: /^Se crea una clave de API en mi institución/,
    savePrefs: "Guardar configuración de notificaciones",
    prefsSaved: "Configuración de notificaciones guardada.",
  },
} as const;

async function walk(page: Page, lang: "en" | "es", clientName: string, opts: { axe: boolean }) {
  const w = words[lang];
  const { assessmentId } = seedSubmitted(clientName, lang);

  await signInAs(page, "rm");
  await page.goto(`/app/assessments/${assessmentId}/decision`);
  await page.locator("input[name=outcome][value=approve-with-conditions]").check();
  await page.getByLabel(w.rationale).fill(lang === "es" ? "Controles sólidos en toda la cadena." : "Strong controls across the chain.");
  await page.getByRole("button", { name: w.propose }).click();
  await expect(page.getByRole("status")).toHaveText(w.proposed);

  // The approver: the header counts what is unread, the page lists it newest first.
  const approverUnread = unread(DEMO_USERS.approver.id);
  expect(approverUnread).toBeGreaterThan(0);
  await signInAs(page, "approver");
  await page.goto("/app");
  await expectBadge(page, approverUnread);
  await page.getByTestId("notifications-link").click();
  await expect(page.getByRole("heading", { level: 1, name: w.header })).toBeVisible();
  const item = page.getByTestId("notification").filter({ hasText: w.awaiting(clientName) });
  await expect(item).toHaveCount(1);
  await expect(page.getByTestId("notification").first()).toContainText(clientName);
  await expect(item).not.toContainText(/\d{4}-\d\d-\d\d/);
  // Axe runs in the page: only where JavaScript is on.
  if (opts.axe) await expectNoSeriousViolations(page);
  await item.getByRole("button", { name: `${w.open}: ${w.awaiting(clientName)}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: w.decisionHeading(clientName) })).toBeVisible();
  await expectBadge(page, approverUnread - 1);

  const approve = page.getByRole("group", { name: w.legend(clientName) });
  await approve.getByLabel(w.password).fill(PASSWORD);
  await approve.getByRole("button", { name: w.approve, exact: true }).click();
  await expect(page.getByTestId("decision-status")).toHaveText(lang === "es" ? "aprobada" : "approved");

  // The proposer is told.
  const rmUnread = unread(DEMO_USERS.rm.id);
  await signInAs(page, "rm");
  await page.goto("/app/notifications");
  await expectBadge(page, rmUnread);
  await expect(page.getByTestId("notification").filter({ hasText: w.approved(clientName) })).toHaveCount(1);
  await page.getByRole("button", { name: w.markAll }).click();
  await expectBadge(page, 0);

  // The account page: e-mail or in-app only per kind; the security notice cannot be unticked.
  await page.goto("/app/account");
  const approvedBox = page.getByLabel(w.kindApproved);
  await expect(approvedBox).toBeChecked();
  await approvedBox.uncheck();
  await expect(page.getByLabel(w.kindSecurity)).toBeDisabled();
  if (opts.axe) await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: w.savePrefs }).click();
  await expect(page.getByRole("status")).toHaveText(w.prefsSaved);
  await expect(page.getByLabel(w.kindApproved)).not.toBeChecked();
  await page.getByLabel(w.kindApproved).check();
  await page.getByRole("button", { name: w.savePrefs }).click();
  await expect(page.getByLabel(w.kindApproved)).toBeChecked();

  // The client's decision e-mail, read from the outbox (the demo mailbox shows it as delivered).
  await page.goto("/demo/mailbox");
  const mail = page.getByTestId("demo-mail").filter({ hasText: w.clientSubject }).filter({ hasText: `owner+${clientName.split(" ").pop()}@maple.example` });
  await expect(mail).toHaveCount(1);
  await expect(mail.getByTestId("demo-mail-attachment")).toContainText(lang === "es" ? "Constancia-" : "Attestation-");
}

test("RM proposes → approver sees the count and the notification, opens it, approves → proposer notified", async ({ page }) => {
  await walk(page, "en", `Maple Alerts ${crypto.randomBytes(3).toString("hex")}`, { axe: true });
});

test.describe("in Spanish without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es" } });

  test("the same walk, in Spanish, with plain forms", async ({ page }) => {
    await walk(page, "es", `Arce Avisos ${crypto.randomBytes(3).toString("hex")}`, { axe: false });
  });
});
