// The golden path, steps 4–5 (PRODUCT.md): an RM reviews a scored submission, accepts a document
// (the score recomputes), proposes approve-with-conditions with two conditions; an approver opens
// the queue, approves with the password typed in the approve form (step-up), and the client's gate
// becomes conditional.
// A second run does the RM's part in Spanish with JavaScript off.
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
        "INSERT INTO clients (id, institution_id, name, country, sector, contact_email, contact_name, sourcing_countries, goods, rm_user_id, inherent_risk, residual_risk, gate, gate_reason, created_at, updated_at) VALUES (?, ?, ?, 'CA', '62', 'owner@maple.example', 'Olivia Maple', '[]', '[]', ?, 'low', ?, 'pending', 'assessment-under-way', ?, ?)",
      )
      .run(clientId, institutionId, clientName, DEMO_USERS.rm.id, result.residualRisk, iso, iso);
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

function clientGate(name: string): string | undefined {
  const sqlite = e2eDatabase();
  const row = sqlite.prepare("SELECT gate FROM clients WHERE name = ?").get(name) as { gate: string } | undefined;
  sqlite.close();
  return row?.gate;
}

test("golden path 4–5: review, accept evidence, propose with conditions, approve with the password, gate conditional", async ({ page }) => {
  const clientName = `Maple Circuits ${crypto.randomBytes(3).toString("hex")}`;
  const { assessmentId, policyDocId } = seedSubmitted(clientName, "en");

  await signInAs(page, "rm");
  await page.goto(`/app/assessments/${assessmentId}/review`);
  await expect(page.getByRole("heading", { level: 1, name: `Review: ${clientName}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Red flags" })).toBeVisible();
  await expect(page.getByText("No red flag was raised.")).toBeVisible();
  const before = await page.getByTestId("overall-score").textContent();
  await expect(page.getByTestId(`doc-state-${policyDocId}`)).toHaveText("pending review");
  await page.getByTestId(`doc-${policyDocId}`).getByRole("button", { name: "Accept gov.policy.pdf" }).click();
  // F27: the change is read from the stored results, with the band and the residual risk apart.
  await expect(page.getByRole("status")).toContainText(/^Document accepted\. Score \d+\.\d → \d+\.\d \((strong|adequate|weak|poor)\); residual risk (unchanged: \w+|\w+ → \w+)$/);
  await expect(page.getByTestId(`doc-state-${policyDocId}`)).toHaveText("accepted");
  await expect(page.getByTestId("overall-score")).not.toHaveText(before ?? "");
  await expect(page.getByTestId("history-row")).toHaveCount(2);
  await expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "Propose a decision" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Propose a decision: ${clientName}` })).toBeVisible();
  await page.getByRole("radio", { name: /^Approve with conditions/ }).check();
  await page.getByLabel("Rationale").fill("Strong controls; purchasing practices and labour sanctions to follow up.");
  // The two remediation texts of the questions below full are prefilled and ticked.
  await expect(page.getByLabel("Include condition 1")).toBeChecked();
  await expect(page.getByLabel("Include condition 2")).toBeChecked();
  await expect(page.getByLabel("Condition 3", { exact: true })).toHaveValue("");
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Propose the decision" }).click();
  await expect(page.getByRole("status")).toHaveText("Decision proposed. It now waits for an approver.");
  await expect(page.getByTestId("condition")).toHaveCount(2);
  await expect(page.getByTestId("decision-status")).toHaveText("proposed");

  // The approver signed in moments ago, which is not a signature: the approve form itself asks
  // for the password, and approving without it changes nothing.
  await signInAs(page, "approver");
  await page.goto("/app/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "Approval queue" })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(clientName) });
  await expect(row).toContainText("Approve with conditions");
  await row.getByRole("link", { name: /Open/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Decision for ${clientName}` })).toBeVisible();
  const approve = page.getByRole("group", { name: `Approve the decision for ${clientName}` });
  await expect(approve.getByRole("link", { name: "Cancel" })).toHaveAttribute("href", "/app/approvals");
  await approve.getByLabel("Comment").fill("Agreed with the two conditions.");
  await approve.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(approve.getByText("Enter your password to confirm this action.")).toBeVisible();
  await expect(page.getByTestId("decision-status")).toHaveText("proposed");
  await approve.getByLabel("Your password").fill(PASSWORD);
  await approve.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Decision approved. The client's gate is now Conditional.");
  await expect(page.getByTestId("decision-status")).toHaveText("approved");
  await expect(page.getByTestId("gate-badge")).toHaveText(/Gate: Conditional/);
  await expectNoSeriousViolations(page);
  expect(clientGate(clientName)).toBe("conditional");
  // Step 6 follows from the same approval: one signed attestation for the decision.
  const check = e2eDatabase();
  const issued = check.prepare("SELECT COUNT(*) AS n FROM attestations a JOIN clients c ON c.id = a.client_id WHERE c.name = ?").get(clientName) as { n: number };
  check.close();
  expect(issued.n).toBe(1);
});

test.describe("in Spanish without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "es-ES", extraHTTPHeaders: { "Accept-Language": "es" } });

  test("the RM rejects a document with a reason and the proposal form explains its rules", async ({ page }) => {
    const clientName = `Arce Ltda ${crypto.randomBytes(3).toString("hex")}`;
    const { assessmentId, policyDocId } = seedSubmitted(clientName, "es");
    await signInAs(page, "rm");
    await page.goto(`/app/assessments/${assessmentId}/review`);
    await expect(page.getByRole("heading", { level: 1, name: `Revisión: ${clientName}` })).toBeVisible();
    const doc = page.getByTestId(`doc-${policyDocId}`);
    await doc.getByRole("button", { name: "Rechazar gov.policy.pdf" }).click();
    await expect(page.getByText("Indique el motivo del rechazo.")).toBeVisible();
    await page.getByTestId(`doc-${policyDocId}`).getByLabel("Motivo del rechazo de gov.policy.pdf").fill("Borrador sin firma");
    await page.getByTestId(`doc-${policyDocId}`).getByRole("button", { name: "Rechazar gov.policy.pdf" }).click();
    await expect(page.getByRole("status")).toContainText("Documento rechazado.");
    await expect(page.getByTestId(`doc-state-${policyDocId}`)).toHaveText("rechazado");

    await page.goto(`/app/assessments/${assessmentId}/decision`);
    await page.locator("input[name=outcome][value=approve]").check();
    await page.getByRole("button", { name: "Proponer la decisión" }).click();
    await expect(page.getByText("Escriba el fundamento.")).toBeVisible();
    await page.getByLabel("Fundamento").fill("Controles sólidos.");
    await page.getByRole("radio", { name: /^Aprobar con condiciones/ }).check();
    for (const box of await page.getByRole("checkbox").all()) await box.uncheck();
    await page.getByRole("button", { name: "Proponer la decisión" }).click();
    await expect(page.getByText("Una aprobación con condiciones necesita al menos una condición.")).toBeVisible();
  });
});
