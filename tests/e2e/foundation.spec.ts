import { DEMO_USERS, e2eDatabase, expect, signInAs, test } from "./fixtures";

test.describe("sign-in form (real)", () => {
  test("signs in with the demo admin, then signs out", async ({ page, consoleErrors }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill(DEMO_USERS.admin.email);
    await page.getByLabel("Password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("current-institution")).toHaveText("Banco Demo");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1/);
    await expect(page.getByRole("status")).toHaveText("You have been signed out.");
    expect(consoleErrors).toEqual([]);
  });

  test("shows a clear error for a wrong password", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill(DEMO_USERS.rm.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The e-mail address or password is not correct.");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form works and validates", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill("not-an-email");
    await page.getByLabel("Password").fill("x");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a valid e-mail address.")).toBeVisible();
    await page.getByLabel("E-mail address").fill(DEMO_USERS.approver.email);
    await page.getByLabel("Password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });

  test("an admin invites a user, the e-mail lands in the outbox, and roles can be changed", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/app/admin/users");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("This field is required.").first()).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("Camila Torres");
    await page.getByLabel("E-mail", { exact: true }).fill("camila.torres@bancodemo.example");
    await page.locator("form#invite").getByLabel("Relationship manager").check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status")).toContainText("Invitation sent to camila.torres@bancodemo.example");
    const row = page.getByRole("row", { name: /Camila Torres/ });
    await expect(row).toContainText("Invited");
    await row.getByLabel("Auditor").check();
    await row.getByRole("button", { name: "Save roles" }).click();
    await expect(page.getByRole("status")).toHaveText("Roles saved.");
    await page.goto("/app/admin/outbox");
    await expect(page.getByText("You are invited to Banco Demo on Provenant").first()).toBeVisible();
  });

  test("the language switch persists and translates the app", async ({ page }) => {
    await signInAs(page, "rm");
    await page.goto("/app");
    await page.getByLabel("Language").selectOption("es");
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Resumen" })).toBeVisible();
    await page.goto("/app/account");
    await expect(page.getByRole("heading", { level: 1, name: "Su cuenta" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });
});

test.describe("roles and tenancy", () => {
  test("an RM cannot open the audit log (403 page) and an unknown page is a 404 page", async ({ page }) => {
    await signInAs(page, "rm");
    const audit = await page.goto("/app/admin/audit");
    expect(audit?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    const missing = await page.goto("/app/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("the auditor verifies the audit chain", async ({ page }) => {
    await signInAs(page, "auditor");
    await page.goto("/app/admin/audit");
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByRole("status")).toContainText("The chain is intact");
  });

  test("another institution's users are invisible to a bank admin", async ({ page, browser }) => {
    await signInAs(page, "admin");
    const other = await browser.newPage();
    await signInAs(other, "otherAdmin");
    await other.goto("/app");
    await expect(other.getByTestId("current-institution")).toHaveText("Northwind Trust");
    // The Northwind admin is not visible to Banco Demo's admin: tenancy.
    await page.goto("/app/admin/users");
    await expect(page.getByText("admin@northwind.example")).toHaveCount(0);
    const sqlite = e2eDatabase();
    const count = (sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(DEMO_USERS.otherAdmin.id) as { n: number }).n;
    sqlite.close();
    expect(count).toBeGreaterThan(0);
    await other.close();
  });
});
