import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { searchKey } from "../../app/domain/search-key";
import { DEMO_USERS, e2eDatabase, expect, signInAs, test } from "./fixtures";

/** Two clients of Banco Demo written straight into the e2e database: one high risk and closed. */
function seedClients(): { high: string; low: string } {
  const sqlite = e2eDatabase();
  const suffix = crypto.randomBytes(3).toString("hex");
  const now = new Date().toISOString();
  const insert = sqlite.prepare(
    "INSERT INTO clients (id, institution_id, name, name_search, country, sector, contact_email, sourcing_countries, goods, rm_user_id, inherent_risk, residual_risk, gate, gate_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '14', ?, '[]', '[]', ?, ?, ?, ?, ?, ?, ?)",
  );
  const high = `Textiles Altura ${suffix}`;
  const low = `Café Sereno ${suffix}`;
  insert.run(`cli_e2e_h_${suffix}`, DEMO_USERS.rm.institutionId, high, searchKey(high), "GT", `h-${suffix}@client.example`, DEMO_USERS.rm.id, "high", "high", "closed", "declined", now, now);
  insert.run(`cli_e2e_l_${suffix}`, DEMO_USERS.rm.institutionId, low, searchKey(low), "CR", `l-${suffix}@client.example`, DEMO_USERS.rm.id, "low", "low", "open", "approved", now, now);
  sqlite.close();
  return { high, low };
}

test("the dashboard shows its charts with numbers, and a figure opens the filtered list", async ({ page }) => {
  const names = seedClients();
  await signInAs(page, "rm");
  await page.goto("/app");
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();
  const residual = page.getByTestId("chart-residual");
  await expect(residual.locator("svg").first()).toBeVisible();
  await expect(page.getByTestId("chart-gate").locator("svg").first()).toBeVisible();
  const audit = await new AxeBuilder({ page }).analyze();
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  const highLink = page.getByTestId("chart-residual-figures").getByRole("link", { name: /High/ });
  await expect(highLink).toContainText(/\d+ High \(\d+%\)/);
  await highLink.click();
  await expect(page).toHaveURL(/\/app\/clients\?residualRisk=high$/);
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  const table = page.getByTestId("clients-table");
  await expect(table.getByRole("link", { name: names.high })).toBeVisible();
  await expect(table.getByRole("link", { name: names.low })).toHaveCount(0);
  await expect(page.getByLabel("Residual risk")).toHaveValue("high");
  const listAudit = await new AxeBuilder({ page }).analyze();
  expect(listAudit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the list filters by a plain GET form and offers CSV and XLSX downloads", async ({ page }) => {
    const names = seedClients();
    await signInAs(page, "rm");
    await page.goto("/app/portfolio/clients");
    await page.getByLabel("Search by client name").fill(names.low);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("list-count")).toHaveText("1 matching");
    await expect(page.getByTestId("clients-table").getByRole("link", { name: names.low })).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByTestId("export-xlsx").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^clients-\d{4}-\d\d-\d\d\.xlsx$/);
  });

  test("the one clients list finds a name without its accents or case, and picks red flags by title", async ({ page }) => {
    const names = seedClients();
    await signInAs(page, "rm");
    // The portfolio's old address lands on the one list.
    await page.goto("/app/portfolio/clients");
    await expect(page).toHaveURL(/\/app\/clients$/);
    await expect(page.getByRole("link", { name: "New client" })).toBeVisible();
    await page.getByLabel("Search by client name").fill(names.low.toUpperCase().replace("É", "E"));
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("list-count")).toHaveText("1 matching");
    const table = page.getByTestId("clients-table");
    await expect(table.getByRole("link", { name: names.low })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Residual risk" })).toBeVisible();
    const flags = page.getByLabel("Red flag");
    await expect(flags).toHaveJSProperty("tagName", "SELECT");
    const labels = await flags.locator("option").allTextContents();
    expect(labels.filter((l) => /RF-/.test(l))).toEqual([]);
  });
});
