// Issue 19, TOTP end to end in the browser: an approver sets up an authenticator app on the page
// (the code is computed here from the key shown as text beside the QR code, as an app would),
// sees the recovery codes once, signs out, signs in with password and code, and approves a
// decision with a code from the app in the approve form.
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { generateSync } from "otplib";
import { E2E_AUDIT_KEY, E2E_DATABASE, E2E_PORT, E2E_SECRET } from "../../playwright.config";
import { expect, test } from "./fixtures";

const PASSWORD = "correct horse battery staple";
const CLIENT = `Hilados del Norte ${Date.now().toString(36)} S.A.`;
let seeded = { email: "", decisionId: "" };

/** Runs a seed function of tests/helpers/second-factor-e2e-seed.ts against the e2e database. */
function seed<T>(call: string): T {
  const out = execFileSync("node_modules/.bin/tsx", ["--eval", `import("./tests/helpers/second-factor-e2e-seed.ts").then(async (m) => { process.stdout.write("OUT=" + JSON.stringify(await m.${call})); })`], {
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:./${E2E_DATABASE}`, SESSION_SECRET: E2E_SECRET, AUDIT_HMAC_KEY: E2E_AUDIT_KEY, PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`, DATA_DIR: `./.tmp/e2e-data-${E2E_PORT}` },
  });
  return JSON.parse(/OUT=(.*)$/m.exec(out)?.[1] ?? "{}") as T;
}

test.beforeAll(() => {
  seeded = seed<typeof seeded>(`seedSecondFactorApprover(${JSON.stringify(CLIENT)})`);
  expect(seeded.decisionId).not.toBe("");
});

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
}

const stepNow = () => Math.floor(Date.now() / 30_000);
const codeOfStep = (secret: string, step: number) => generateSync({ secret, epoch: step * 30 });

test("set up an authenticator app, sign in with its code, approve a decision with its code", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(seeded.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app$/);

  await page.goto("/app/account");
  await expect(page.getByText("No second factor is set up.")).toBeVisible();
  await page.getByRole("link", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up an authenticator app" })).toBeVisible();
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Start setup" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectNoSeriousViolations(page);

  // Each code must belong to a later time step than the one before (a code is never taken twice).
  let lastStep = stepNow();
  await page.getByLabel("2. Code shown by the app").fill(codeOfStep(secret, lastStep));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Your authenticator app is set up.")).toBeVisible();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await expectNoSeriousViolations(page);
  await page.getByRole("link", { name: "I have saved my codes, continue" }).click();
  await expect(page.getByTestId("second-factor-status")).toContainText("Recovery codes left: 10");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  await page.goto(`/login?redirectTo=${encodeURIComponent(`/app/decisions/${seeded.decisionId}`)}`);
  await page.getByLabel("E-mail address").fill(seeded.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeVisible();
  await expectNoSeriousViolations(page);
  lastStep = Math.max(stepNow(), lastStep + 1);
  await page.getByLabel("Authenticator or recovery code").fill(codeOfStep(secret, lastStep));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Decision for ${CLIENT}` })).toBeVisible();

  const approve = page.getByRole("group", { name: `Approve the decision for ${CLIENT}` });
  await approve.getByLabel("Comment").fill("Reviewed; approved.");
  // The approve form asks for the app's code, not the password.
  await expect(approve.getByLabel("Your password")).toHaveCount(0);
  const nextStep = lastStep + 1;
  // The app shows the next code when its 30 seconds begin (at most one step after the last).
  await expect.poll(stepNow, { timeout: 35_000 }).toBeGreaterThanOrEqual(nextStep - 1);
  await approve.getByLabel("Code from your authenticator app").fill(codeOfStep(secret, Math.max(stepNow(), nextStep)));
  await approve.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Decision approved.");
  await expect(page.getByTestId("decision-status")).toHaveText("approved");
});

test.describe("in Spanish, without JavaScript", () => {
  test.use({ locale: "es-ES", javaScriptEnabled: false });

  test("set up the app (a wrong code first), keep the recovery codes, sign in with one", async ({ page }) => {
    const { email } = seed<{ email: string }>("seedSecondFactorMember()");
    const signIn = async () => {
      await page.getByLabel("Correo electrónico").fill(email);
      await page.getByLabel("Contraseña").fill(PASSWORD);
      await page.getByRole("button", { name: "Iniciar sesión" }).click();
    };
    await page.goto("/login");
    await signIn();
    await expect(page).toHaveURL(/\/app$/);
    await page.goto("/second-factor");
    await expect(page.getByRole("heading", { level: 1, name: "Configure una aplicación de autenticación" })).toBeVisible();
    await page.getByLabel("Su contraseña").fill(PASSWORD);
    await page.getByRole("button", { name: "Comenzar la configuración" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    await page.getByLabel("2. Código que muestra la aplicación").fill(codeOfStep(secret, stepNow() + 5));
    await page.getByRole("button", { name: "Activar" }).click();
    await expect(page.getByText("El código no es correcto o ya se usó.")).toBeVisible();
    await page.getByLabel("2. Código que muestra la aplicación").fill(codeOfStep(secret, stepNow()));
    await page.getByRole("button", { name: "Activar" }).click();
    await expect(page.getByText("Su aplicación de autenticación está configurada.")).toBeVisible();
    const codes = await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByRole("link", { name: "Ya guardé mis códigos, continuar" }).click();
    await page.getByRole("button", { name: "Cerrar sesión", exact: true }).click();

    await page.goto("/login");
    await signIn();
    await expect(page.getByRole("heading", { level: 1, name: "Escriba su código de acceso" })).toBeVisible();
    await page.getByLabel("Código de autenticación o de recuperación").fill(codes[0]!);
    await page.getByRole("button", { name: "Continuar" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await page.goto("/app/account");
    await expect(page.getByTestId("second-factor-status")).toContainText("Códigos de recuperación restantes: 9.");
  });
});
