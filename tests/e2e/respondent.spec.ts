// The respondent's path in a real browser: from the e-mailed link to the submitted receipt, in
// Spanish with JavaScript off (plain form posts), and with JavaScript on (autosave survives a
// closed tab). Accessibility: no serious or critical axe violations on the main pages.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { DEMO_USERS, e2eDatabase, expect, test } from "./fixtures";

type Option = { value: string; points?: number };
type Band = { min: number; max: number; points: number };
type Question = { id: string; type: string; options?: Option[]; scale?: Band[] };
type Questionnaire = { sections: Array<{ key: string; questions: Question[] }> };

const ROOT = process.cwd();
const questionnaire = JSON.parse(fs.readFileSync(path.join(ROOT, "questionnaires/anti-trafficking/1.json"), "utf8")) as Questionnaire;
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "questionnaires/lock.json"), "utf8")) as Record<string, string>;
const questions = new Map(questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));

/** Writes a client, an assessment sent by the demo RM and its primary respondent; returns the link token. */
function sendAssessment(language: "en" | "es", clientName: string): string {
  const sqlite = e2eDatabase();
  const now = new Date();
  const iso = now.toISOString();
  const id = () => crypto.randomBytes(12).toString("base64url");
  const clientId = id();
  const assessmentId = id();
  const token = `pvn_rsp_${crypto.randomBytes(32).toString("base64url")}`;
  const due = new Date(now.getTime() + 30 * 86_400_000);
  const { institutionId } = DEMO_USERS.rm;
  sqlite
    .prepare(
      "INSERT INTO clients (id, institution_id, name, country, sector, contact_email, contact_name, sourcing_countries, goods, rm_user_id, inherent_risk, gate, created_at, updated_at) VALUES (?, ?, ?, 'PE', '14', 'ana@textiles.example', 'Ana Quispe', '[\"PE\"]', '[\"cotton\"]', ?, 'high', 'pending', ?, ?)",
    )
    .run(clientId, institutionId, clientName, DEMO_USERS.rm.id, iso, iso);
  sqlite
    .prepare(
      "INSERT INTO assessments (id, institution_id, client_id, questionnaire_key, questionnaire_version, questionnaire_sha256, status, language, due_date, expires_at, sent_by, sent_at, updated_at) VALUES (?, ?, ?, 'anti-trafficking', 1, ?, 'sent', ?, ?, ?, ?, ?, ?)",
    )
    .run(assessmentId, institutionId, clientId, lock["anti-trafficking/1"], language, due.toISOString().slice(0, 10), new Date(due.getTime() + 14 * 86_400_000).toISOString(), DEMO_USERS.rm.id, iso, iso);
  sqlite
    .prepare("INSERT INTO respondents (id, institution_id, assessment_id, email, name, is_primary, token_hash, created_at) VALUES (?, ?, ?, 'ana@textiles.example', 'Ana Quispe', 1, ?, ?)")
    .run(id(), institutionId, assessmentId, crypto.createHash("sha256").update(token).digest("hex"), iso);
  sqlite.close();
  return token;
}

/**
 * axe runs inside the page, so the scan opens the same URL, with the same cookies, in a context
 * with JavaScript on (a GET: it changes nothing).
 */
async function expectNoSeriousViolations(browser: Browser, page: Page) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.addCookies(await page.context().cookies());
  const scanned = await context.newPage();
  await scanned.goto(page.url());
  const results = await new AxeBuilder({ page: scanned }).analyze();
  await context.close();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

/** Fills every question on the current section page with the answer worth most points. */
async function fillBestAnswers(page: Page) {
  const ids = await page.locator('input[type="hidden"][name="q"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  for (const id of ids) {
    const q = questions.get(id);
    if (!q) throw new Error(`unknown question ${id}`);
    const name = `v:${id}`;
    const options = q.options ?? [];
    switch (q.type) {
      case "boolean":
      case "single": {
        const best = options.reduce((a, b) => ((b.points ?? 0) > (a.points ?? 0) ? b : a), options[0]!);
        await page.locator(`input[name="${name}"][value="${best.value}"]`).check();
        break;
      }
      case "multi":
        for (const o of options.filter((o) => (o.points ?? 0) > 0)) await page.locator(`input[name="${name}"][value="${o.value}"]`).check();
        break;
      case "number":
      case "percent": {
        const scale = q.scale ?? [];
        const best = scale.reduce((a, b) => (b.points > a.points ? b : a), scale[0]!);
        await page.locator(`input[name="${name}"]`).fill(String(best.min));
        break;
      }
      case "text":
        await page.locator(`textarea[name="${name}"]`).fill("Agencia Laboral del Sur (licencia 123)");
        break;
      case "date":
        await page.locator(`input[name="${name}"]`).fill("2026-06-30");
        break;
      case "countries":
        await page.locator(`input[name="${name}"][value="PE"]`).check();
        await page.locator(`input[name="${name}"][value="CL"]`).check();
        break;
      default:
        throw new Error(`unhandled type ${q.type}`);
    }
  }
}

test.describe("respondent without JavaScript, in Spanish", () => {
  test.use({ javaScriptEnabled: false, acceptDownloads: true });

  test("completes the full questionnaire, attaches a PDF, submits and downloads the receipt", async ({ page, browser }) => {
    const token = sendAssessment("es", "Textiles Andinos S.A.");
    const exchange = await page.request.get(`/r/${token}`, { maxRedirects: 0 });
    expect(exchange.status()).toBe(302);
    expect(exchange.headers()["location"]).toBe("/respond");
    expect(exchange.headers()["referrer-policy"]).toMatch(/no-referrer$/);
    const response = await page.goto(`/r/${token}`);
    expect(response?.headers()["referrer-policy"]).toMatch(/no-referrer$/);
    await expect(page).toHaveURL(/\/respond$/);
    expect(page.url()).not.toContain(token);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Banco Demo solicita a Textiles Andinos S.A. que complete un cuestionario de debida diligencia");
    await expect(page.getByText("Fecha límite")).toBeVisible();
    await expectNoSeriousViolations(browser, page);
    await page.getByRole("link", { name: "Comenzar el cuestionario" }).click();

    await expect(page.getByText("Sección 1 de 8")).toBeVisible();
    await expectNoSeriousViolations(browser, page);
    // Evidence: attach the signed policy to the first question.
    const policy = page.locator("#q-gov\\.policy");
    await policy.getByLabel("Adjuntar un archivo (PDF, PNG, JPEG, DOCX o XLSX, hasta 10 MB)").setInputFiles(path.join(ROOT, "tests/fixtures/evidence/policy.pdf"));
    await policy.getByRole("button", { name: "Adjuntar", exact: true }).click();
    await expect(page.locator("#q-gov\\.policy").getByRole("link", { name: "policy.pdf" })).toBeVisible();

    // A wrong answer is refused with its message and the page keeps what was typed.
    await fillBestAnswers(page);
    await page.locator('input[name="v:gov.training-coverage"]').fill("150");
    await page.getByRole("button", { name: "Guardar y continuar" }).click();
    const coverage = page.locator('input[name="v:gov.training-coverage"]');
    await expect(coverage).toHaveValue("150");
    await expect(coverage).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#error-gov\\.training-coverage")).toHaveText("Se esperaba un porcentaje entre 0 y 100.");

    for (let step = 0; step < 30 && /\/respond\/section\//.test(page.url()); step++) {
      await fillBestAnswers(page);
      // Without JavaScript each click is a full page load: wait for it before reading the next page.
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: /Guardar y (continuar|revisar)/ }).click()]);
    }
    await expect(page).toHaveURL(/\/respond\/review$/);
    await expect(page.getByText("Todas las preguntas obligatorias están respondidas.")).toBeVisible();
    await expectNoSeriousViolations(browser, page);

    await page.getByRole("button", { name: "Enviar el cuestionario" }).click();
    await expect(page.getByText("Marque la casilla para confirmar la declaración.")).toBeVisible();
    await page.getByLabel("Nombre completo").fill("Ana Quispe");
    await page.getByLabel("Cargo").fill("Gerente de Cumplimiento");
    await page.getByLabel("Correo electrónico").fill("ana@textiles.example");
    await page.getByLabel("Confirmo la declaración anterior").check();
    await page.getByRole("button", { name: "Enviar el cuestionario" }).click();

    await expect(page).toHaveURL(/\/respond\/receipt$/);
    await expect(page.getByRole("heading", { level: 1, name: "Comprobante de envío" })).toBeVisible();
    await expect(page.getByText(lock["anti-trafficking/1"]!)).toBeVisible();
    await expectNoSeriousViolations(browser, page);
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Descargar el comprobante (PDF)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^receipt-anti-trafficking-\d{4}-\d\d-\d\d\.pdf$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

    // After submission the answers are read-only.
    await page.goto("/respond/section/gov");
    await expect(page.getByText("Este cuestionario ya fue enviado; las respuestas siguientes son de solo lectura.")).toBeVisible();
    await expect(page.locator('input[name="v:gov.policy"]')).toHaveCount(0);
  });
});

test.describe("respondent with JavaScript", () => {
  test("autosaves answers, so closing the tab mid-way loses nothing", async ({ page, context }) => {
    const token = sendAssessment("en", "Andes Coffee Ltd.");
    await page.goto(`/r/${token}`);
    await page.getByRole("link", { name: "Start the questionnaire" }).click();
    await expect(page.getByText("Section 1 of 8")).toBeVisible();
    const policy = page.locator("#q-gov\\.policy");
    await policy.getByLabel("Yes, it covers our own operations, the labour agencies we use and our suppliers").check();
    await expect(policy.getByText("Saved", { exact: true })).toBeVisible();
    const coverage = page.locator("#q-gov\\.training-coverage");
    await coverage.getByRole("spinbutton").fill("85");
    await expect(coverage.getByText("Saved", { exact: true })).toBeVisible();
    await coverage.getByRole("spinbutton").fill("185");
    await expect(coverage.getByText("Not saved: Expected a percentage between 0 and 100.")).toBeVisible();
    await page.close();

    const again = await context.newPage();
    await again.goto("/respond/section/gov");
    await expect(again.locator("#q-gov\\.policy input[type=radio]:checked")).toHaveCount(1);
    await expect(again.locator("#q-gov\\.training-coverage").getByRole("spinbutton")).toHaveValue("85");
    await expect(again.getByText("1 of 6 required questions answered in this section").or(again.getByText("2 of 6 required questions answered in this section"))).toBeVisible();
  });

  test("a follow-up question appears after its answer is autosaved", async ({ page }) => {
    const token = sendAssessment("en", "Pacific Shrimp S.A.");
    await page.goto(`/r/${token}`);
    await page.goto("/respond/section/rec");
    await expect(page.locator("#q-rec\\.agency-list")).toHaveCount(0);
    await page.locator('input[name="v:rec.uses-agencies"][value="yes"]').check();
    await expect(page.locator("#q-rec\\.agency-list")).toBeVisible();
    await page.getByLabel("List the agencies and contractors used in the last 12 months", { exact: false }).fill("Agencia Uno");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(/\/respond\/section\/work$/);
    await expect(page.getByText("Section 4 of 8")).toBeVisible();
  });
});
