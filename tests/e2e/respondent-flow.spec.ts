// Issue 17, "respondent flow without traps", in a real browser, in Spanish, with and without
// JavaScript, on a phone-sized viewport: the country picker (F07), exclusive options (F11), errors
// beside their fields with a focused summary and a pre-upload size check (F15, F31), and the
// read-back before signing (F30).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { DEMO_USERS, e2eDatabase, expect, test } from "./fixtures";

const ROOT = process.cwd();
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "questionnaires/lock.json"), "utf8")) as Record<string, string>;

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

async function open(page: Page, token: string, section: string) {
  await page.goto(`/r/${token}`);
  await expect(page).toHaveURL(/\/respond$/);
  await page.goto(`/respond/section/${section}`);
}

const box = (page: Page, question: string, value: string) => page.locator(`input[name="v:${question}"][value="${value}"]`);

test.use({ viewport: { width: 390, height: 844 } });

test.describe("respondent controls without JavaScript, in Spanish", () => {
  test.use({ javaScriptEnabled: false });

  test("countries are checkboxes with a list of the selected ones that survives a save", async ({ page, browser }) => {
    const token = sendAssessment("es", "Cafetalera Norte S.A.");
    await open(page, token, "risk");
    const card = page.locator("#q-risk\\.sourcing-countries");
    await expect(card.getByTestId("countries-selected")).toHaveText("Todavía no ha seleccionado ningún país.");
    await expect(card.getByRole("searchbox")).toHaveCount(0);
    for (const c of ["CN", "GT", "UZ"]) await box(page, "risk.sourcing-countries", c).check();
    await card.getByLabel("Guatemala").uncheck();
    await card.getByLabel("Guatemala").check();
    await page.getByRole("button", { name: "Guardar y continuar" }).click();
    await expect(page.getByText("Sección 3 de 8")).toBeVisible();
    await page.goto("/respond/section/risk");
    await expect(card.getByTestId("countries-selected")).toHaveText("Seleccionados: China, Guatemala, Uzbekistán");
    for (const c of ["CN", "GT", "UZ"]) await expect(box(page, "risk.sourcing-countries", c)).toBeChecked();
    await expectNoSeriousViolations(browser, page);
  });

  test("'Ninguno' with another option is refused beside the field, with a focused summary, and the rest is saved", async ({ page, browser }) => {
    const token = sendAssessment("es", "Textiles del Valle S.A.");
    await open(page, token, "gov");
    await expect(page.locator("#q-gov\\.training-audiences")).toContainText("(no se puede combinar con otras respuestas)");
    await box(page, "gov.training-audiences", "supervisors").check();
    await box(page, "gov.training-audiences", "none").check();
    await page.locator('input[name="v:gov.training-coverage"]').fill("75");
    await page.getByRole("button", { name: "Guardar y continuar" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toContainText("¿Qué grupos han recibido capacitación");
    await expect(summary).toContainText("no se puede combinar con otras respuestas");
    const error = page.locator("#error-gov\\.training-audiences");
    await expect(error).toContainText("«Ninguno de los anteriores» no se puede combinar");
    // The message sits right under the options, above the comment and the evidence box.
    const options = await page.locator("#q-gov\\.training-audiences fieldset").boundingBox();
    const message = await error.boundingBox();
    expect(message!.y - (options!.y + options!.height)).toBeLessThan(40);
    await expect(box(page, "gov.training-audiences", "supervisors")).toBeChecked();
    await expect(box(page, "gov.training-audiences", "none")).toBeChecked();
    await expect(page.locator('input[name="v:gov.training-coverage"]')).toHaveValue("75");
    await summary.getByRole("link").click();
    await expect(page).toHaveURL(/#input-gov\.training-audiences$/);
    await expectNoSeriousViolations(browser, page);
  });

  test("the review step reads the answers back by section, with chips, and prefills the signatory", async ({ page, browser }) => {
    const token = sendAssessment("es", "Lácteos Sur S.A.");
    await open(page, token, "risk");
    await box(page, "risk.sourcing-countries", "PE").check();
    await page.getByRole("button", { name: "Guardar y continuar" }).click();
    await page.goto("/respond/review");
    const status = page.getByTestId("section-status");
    await expect(status.getByRole("listitem").filter({ hasText: "Gobernanza y compromiso" }).first()).toContainText("Faltan 6 obligatoria(s)");
    const readBack = page.getByTestId("readback-section").filter({ hasText: "¿En qué países" });
    await expect(readBack).toContainText("Perú");
    await expect(page.getByText("Sin responder").first()).toBeVisible();
    await expect(page.getByLabel("Nombre completo")).toHaveValue("Ana Quispe");
    await expect(page.getByLabel("Correo electrónico")).toHaveValue("ana@textiles.example");
    const body = await page.locator("main").innerText();
    expect(body).not.toMatch(/\b(gov|risk|rec|work|voice|supply|remedy|legal)\.[a-z][a-z0-9-]+/);
    await expectNoSeriousViolations(browser, page);
  });
});

test.describe("respondent controls with JavaScript, in Spanish", () => {
  test("the country filter never drops a selection; a chip unticks one country; autosave keeps the rest", async ({ page }) => {
    const token = sendAssessment("es", "Minera Andes S.A.");
    await open(page, token, "risk");
    const card = page.locator("#q-risk\\.sourcing-countries");
    const filter = card.getByRole("searchbox", { name: "Filtrar la lista de países" });
    await filter.fill("guat");
    await card.getByLabel("Guatemala", { exact: true }).check();
    await filter.fill("chin");
    await expect(box(page, "risk.sourcing-countries", "GT")).toBeHidden();
    await card.getByLabel("China", { exact: true }).check();
    await filter.fill("uzbe");
    await card.getByLabel("Uzbekistán", { exact: true }).check();
    // Hidden by the filter, still ticked.
    await expect(box(page, "risk.sourcing-countries", "GT")).toBeChecked();
    await expect(card.getByTestId("countries-selected")).toContainText("Seleccionados: China, Guatemala, Uzbekistán");
    await filter.fill("");
    await card.getByRole("button", { name: "Quitar China" }).click();
    await expect(box(page, "risk.sourcing-countries", "CN")).not.toBeChecked();
    await expect(card.getByTestId("countries-selected")).toContainText("Seleccionados: Guatemala, Uzbekistán");
    await expect(card.getByText("Guardado", { exact: true })).toBeVisible();
    await page.reload();
    await expect(card.getByTestId("countries-selected")).toContainText("Seleccionados: Guatemala, Uzbekistán");
  });

  test("'Ninguno' clears the other options and another option clears 'Ninguno'", async ({ page }) => {
    const token = sendAssessment("es", "Frutas del Pacífico S.A.");
    await open(page, token, "gov");
    await box(page, "gov.training-audiences", "supervisors").check();
    await box(page, "gov.training-audiences", "procurement").check();
    await box(page, "gov.training-audiences", "none").check();
    await expect(box(page, "gov.training-audiences", "supervisors")).not.toBeChecked();
    await expect(box(page, "gov.training-audiences", "procurement")).not.toBeChecked();
    await box(page, "gov.training-audiences", "suppliers").check();
    await expect(box(page, "gov.training-audiences", "none")).not.toBeChecked();
    await expect(page.locator("#q-gov\\.training-audiences").getByText("Guardado", { exact: true })).toBeVisible();
  });

  test("a refused number shows beside its field and leaves the progress; a large file is refused before upload; a PDF uploads with progress", async ({ page, browser }) => {
    const token = sendAssessment("es", "Azúcar Central S.A.");
    await open(page, token, "gov");
    const coverage = page.locator('input[name="v:gov.training-coverage"]');
    await coverage.fill("80");
    await expect(page.locator("#q-gov\\.training-coverage").getByText("Guardado", { exact: true })).toBeVisible();
    await expect(page.getByText("1 de 6 preguntas obligatorias respondidas en esta sección")).toBeVisible();
    await coverage.fill("150");
    const error = page.locator("#error-gov\\.training-coverage");
    await expect(error).toHaveText("No guardado: Se esperaba un porcentaje entre 0 y 100.");
    await expect(page.getByText("0 de 6 preguntas obligatorias respondidas en esta sección")).toBeVisible();
    const input = await coverage.boundingBox();
    const message = await error.boundingBox();
    expect(message!.y - (input!.y + input!.height)).toBeLessThan(40);
    await coverage.fill("80");
    await expect(error).toHaveText("");
    await expect(page.getByText("1 de 6 preguntas obligatorias respondidas en esta sección")).toBeVisible();

    const policy = page.locator("#q-gov\\.policy");
    const file = policy.getByLabel("Adjuntar un archivo (PDF, PNG, JPEG, DOCX o XLSX, hasta 10 MB)");
    let uploads = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/respond/evidence/upload")) uploads += 1;
    });
    await file.setInputFiles({ name: "informe-grande.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(11 * 1024 * 1024, 0x20) });
    await expect(policy.getByTestId("evidence-error")).toHaveText("«informe-grande.pdf» supera los 10 MB y no se subió. Elija un archivo más pequeño (o divídalo). Sus respuestas se conservan.");
    expect(await file.evaluate((el) => (el as HTMLInputElement).files?.length ?? 0)).toBe(0);
    expect(uploads).toBe(0);
    await file.setInputFiles(path.join(ROOT, "tests/fixtures/evidence/policy.pdf"));
    await expect(policy.getByTestId("evidence-error")).toHaveText("");
    await policy.getByRole("button", { name: "Adjuntar", exact: true }).click();
    await expect(policy.getByText("«policy.pdf» está adjunto.")).toBeVisible();
    await expect(policy.getByRole("link", { name: "policy.pdf" })).toBeVisible();
    expect(uploads).toBe(1);
    await expectNoSeriousViolations(browser, page);
    // "Save and continue" with a file chosen: the file goes first (with progress), then the form.
    const approval = page.locator("#q-gov\\.policy-approval");
    await approval.getByLabel("Adjuntar un archivo (PDF, PNG, JPEG, DOCX o XLSX, hasta 10 MB)").setInputFiles(path.join(ROOT, "tests/fixtures/evidence/statement.docx"));
    await page.getByRole("button", { name: "Guardar y continuar" }).click();
    await expect(page.getByText("Sección 2 de 8")).toBeVisible();
    expect(uploads).toBe(2);
    await page.goto("/respond/section/gov");
    await expect(approval.getByRole("link", { name: "statement.docx" })).toBeVisible();
    await expect(coverage).toHaveValue("80");
  });
});
