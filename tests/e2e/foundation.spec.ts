import { DEMO_USERS, e2eDatabase, expect, signInAs, test } from "./fixtures";

test.describe("sign-in form (real)", () => {
  test("signs in with the demo admin, then signs out", async ({ page, consoleErrors }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail address").fill(DEMO_USERS.admin.email);
    await page.getByLabel("Password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();
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
    await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();
  });

  test("an admin invites a user, the e-mail lands in the outbox, and roles can be changed", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/app/admin/users");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByText("This field is required.").first()).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("Camila Torres");
    await page.getByLabel("E-mail", { exact: true }).fill("camila.torres@bancodemo.example");
    await page.locator("form#invite").getByLabel("Relationship manager").check();
    // Inviting grants roles: the admin's password goes with the invitation.
    await page.locator("form#invite").getByLabel("Your password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Invitation sent to camila.torres@bancodemo.example");
    const row = page.getByRole("row", { name: /Camila Torres/ });
    await expect(row).toContainText("Invited");
    await row.getByLabel("Auditor").check();
    await row.getByRole("button", { name: "Save roles" }).click();
    // Changing roles is confirmed with the password, on a form naming the person and the roles.
    const confirm = page.getByRole("region", { name: "Change the roles of Camila Torres" });
    await expect(confirm).toContainText("New roles: Relationship manager, Auditor.");
    await confirm.getByLabel("Your password").fill("Provenant-demo-2026");
    await confirm.getByRole("button", { name: "Change the roles" }).click();
    await expect(page.getByRole("status")).toHaveText("Roles saved.");
    await page.goto("/app/admin/outbox");
    await expect(page.getByText("You are invited to Banco Demo on Provenant").first()).toBeVisible();
  });

  test("the language switch persists and translates the app", async ({ page }) => {
    await signInAs(page, "rm");
    await page.goto("/app");
    await page.getByLabel("Language").selectOption("es");
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cartera" })).toBeVisible();
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

test.describe("account forms without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an invited user sets a password from the e-mail link and is signed in", async ({ page, browser }) => {
    await signInAs(page, "admin");
    await page.goto("/app/admin/users");
    await page.getByLabel("Name", { exact: true }).fill("Sofía Núñez");
    await page.getByLabel("E-mail", { exact: true }).fill("sofia.nunez@bancodemo.example");
    await page.locator("form#invite").getByLabel("Compliance approver").check();
    await page.locator("#invite-language").selectOption("es");
    await page.locator("form#invite").getByLabel("Your password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("sofia.nunez@bancodemo.example");

    // The staff outbox shows the invitation link masked; the invitee's copy (the demo mailbox) has it.
    await page.goto("/demo/mailbox");
    const mail = page.getByTestId("demo-mail").filter({ hasText: "sofia.nunez@bancodemo.example" }).first();
    await expect(mail).toContainText("Lo invitaron a Banco Demo en Provenant");
    const link = await mail.getByTestId("demo-mail-body").getByRole("link", { name: /\/invitations\//, includeHidden: true }).getAttribute("href");
    expect(link).toMatch(/^http:\/\/\S+\/invitations\/[A-Za-z0-9_-]{43}$/);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const invitee = await context.newPage();
    await invitee.goto(new URL(link!).pathname);
    await invitee.getByLabel("New password").fill("short");
    await invitee.getByLabel("Repeat the password").fill("short");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(invitee.getByText("Use at least 12 characters.")).toBeVisible();
    await invitee.getByLabel("New password").fill("a long enough passphrase");
    await invitee.getByLabel("Repeat the password").fill("a long enough passphrase");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(invitee.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();
    await expect(invitee.getByText("Compliance approver")).toBeVisible();
    // The link is spent.
    const reuse = await invitee.goto(new URL(link!).pathname);
    expect(reuse?.status()).toBe(410);
    await context.close();
  });

  test("a user with roles in two institutions switches between them", async ({ page }) => {
    await signInAs(page, "auditor");
    await page.goto("/app");
    await expect(page.getByTestId("current-institution")).toHaveText("Banco Demo");
    await page.getByLabel("Institution").selectOption({ label: "Northwind Trust" });
    await page.getByRole("button", { name: "Switch" }).click();
    await expect(page.getByTestId("current-institution")).toHaveText("Northwind Trust");
    await page.goto("/app/admin/users");
    await expect(page.getByText("admin@northwind.example")).toBeVisible();
    await expect(page.getByText("rm@bancodemo.example")).toHaveCount(0);
  });

  test("an admin deactivates a user and that user's session ends at once", async ({ page, browser }) => {
    await signInAs(page, "admin");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const victim = await context.newPage();
    await signInAs(victim, "approver");
    await victim.goto("/app");
    await expect(victim.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();

    await page.goto("/app/admin/users");
    await page.getByRole("row", { name: /Valentina Ríos/ }).getByRole("button", { name: /Deactivate/ }).click();
    await expect(page.getByRole("status")).toHaveText("User deactivated in this institution; their sessions here have ended.");

    await victim.goto("/app");
    await expect(victim).toHaveURL(/\/login\?redirectTo=/);
    await page.getByRole("row", { name: /Valentina Ríos/ }).getByRole("button", { name: /Reactivate/ }).click();
    await expect(page.getByRole("status")).toHaveText("User reactivated.");
    await context.close();
  });

  test("sign out everywhere ends every session of the account", async ({ page, browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const second = await context.newPage();
    await signInAs(page, "rm");
    await signInAs(second, "rm");
    await page.goto("/app/account");
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1/);
    await second.goto("/app");
    await expect(second).toHaveURL(/\/login/);
    await context.close();
  });
});
