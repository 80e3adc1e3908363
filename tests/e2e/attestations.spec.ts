// Golden path step 6 in the browser (issue 8): an auditor downloads an attestation PDF from
// /app/attestations and verifies it on the public /verify page by uploading it; the QR link page
// shows its standing, an id that was never issued is unknown, an altered upload is caught, and the
// public pages work without JavaScript. Accessibility: no serious or critical axe violations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_AUDIT_KEY, E2E_DATABASE, E2E_PORT, E2E_SECRET } from "../../playwright.config";
import { expect, signInAs, test } from "./fixtures";

const CLIENT = `Café Ñandú S.A. ${Date.now().toString(36)}`;
let attestationId = "";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

test.beforeAll(() => {
  // Issued through the real service against the e2e database, with the server's secrets, so the
  // server could sign with the same key later.
  const out = execFileSync(
    "node_modules/.bin/tsx",
    ["--eval", `import("./tests/helpers/attestation-factories.ts").then(async (m) => { process.stdout.write("ID=" + (await m.seedDemoAttestation(${JSON.stringify(CLIENT)}))); })`],
    {
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:./${E2E_DATABASE}`, SESSION_SECRET: E2E_SECRET, AUDIT_HMAC_KEY: E2E_AUDIT_KEY, PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`, DATA_DIR: `./.tmp/e2e-data-${E2E_PORT}` },
    },
  );
  attestationId = /ID=([A-Za-z0-9_-]+)/.exec(out)?.[1] ?? "";
  expect(attestationId).not.toBe("");
});

test("an auditor downloads an attestation and verifies it on /verify", async ({ page }, testInfo) => {
  await signInAs(page, "auditor");
  await page.goto("/app/attestations");
  await page.getByLabel(/Client name contains|El nombre del cliente contiene/).fill(CLIENT);
  await page.getByRole("button", { name: /^(Filter|Filtrar)$/ }).click();
  const row = page.getByRole("row").filter({ hasText: CLIENT });
  await expect(row).toHaveCount(1);
  await expectNoSeriousViolations(page);
  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: /Download PDF|Descargar PDF/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`attestation-${attestationId}.pdf`);
  const file = testInfo.outputPath("attestation.pdf");
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

  await page.goto("/verify");
  await page.getByLabel(/Attestation PDF|PDF de la atestación/).setInputFiles(file);
  await page.getByRole("button", { name: /^(Verify|Verificar)$/ }).click();
  await expect(page.getByRole("status")).toHaveAttribute("data-status", "valid");
  await expect(page.getByText(CLIENT)).toBeVisible();
  await expect(page.getByText(attestationId).first()).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.goto(`/verify/${attestationId}`);
  await expect(page.getByRole("status")).toHaveAttribute("data-status", "valid");
  await expectNoSeriousViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the QR link shows the standing; a never-issued id is unknown; an altered upload is caught", async ({ page }, testInfo) => {
    await page.goto(`/verify/${attestationId}`);
    await expect(page.getByRole("status")).toHaveAttribute("data-status", "valid");
    await expect(page.getByText(CLIENT)).toBeVisible();
    const unknown = await page.goto("/verify/never-issued-0000");
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole("status")).toHaveAttribute("data-status", "unknown");

    const sqlite = new Database(path.resolve(process.cwd(), E2E_DATABASE), { readonly: true });
    const row = sqlite.prepare("SELECT pdf FROM attestations WHERE id = ?").get(attestationId) as { pdf: Buffer };
    sqlite.close();
    const altered = Buffer.from(row.pdf);
    altered[100] = altered[100]! ^ 0x01;
    const file = testInfo.outputPath("altered.pdf");
    fs.writeFileSync(file, altered);
    await page.goto("/verify");
    await page.getByLabel(/Attestation PDF|PDF de la atestación/).setInputFiles(file);
    await page.getByRole("button", { name: /^(Verify|Verificar)$/ }).click();
    await expect(page.getByRole("status")).toHaveAttribute("data-status", "altered");
  });
});
