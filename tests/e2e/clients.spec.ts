// The RM's golden path, steps 1-2 (PRODUCT.md), with JavaScript off: create a client with its
// sourcing profile, read the inherent risk with its sources, send the questionnaire in Spanish;
// the admin then finds the Spanish invitation in the outbox (link masked), and the client's copy
// in the demo mailbox carries the working link.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

test.describe("clients and invitations without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an RM creates a client, sees the inherent risk with sources and sends the questionnaire in Spanish", async ({ page }) => {
    const name = `Textiles Andinos ${Date.now().toString(36)}`;
    await signInAs(page, "rm");
    await page.goto("/app/clients");
    await page.getByRole("link", { name: "New client" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New client" })).toBeVisible();

    await page.getByRole("button", { name: "Create client" }).click();
    await expect(page.getByText("This field is required.").first()).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Country", { exact: true }).selectOption("PE");
    await page.getByLabel("Sector (ISIC Rev. 4 division)").selectOption("14");
    await page.getByLabel("Registration number").fill("RUC 20123456789");
    await page.getByLabel("Contact name").fill("Ana Quispe");
    await page.getByLabel("Contact e-mail").fill("not-an-address");
    await page.locator('input[name="sourcingCountries"][value="CN"]').check();
    await page.locator('input[name="sourcingCountries"][value="BD"]').check();
    await page.getByLabel("cotton", { exact: true }).check();
    await page.getByLabel("garments", { exact: true }).check();
    await page.getByRole("button", { name: "Create client" }).click();
    // The server refuses the address and gives the whole draft back, the lists included.
    await expect(page.getByText("Enter a valid e-mail address.")).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await expect(page.getByLabel("garments", { exact: true })).toBeChecked();
    // The country picker (F07): checkboxes and the list of the selected ones, kept by the refusal.
    await expect(page.locator('input[name="sourcingCountries"][value="CN"]')).toBeChecked();
    await expect(page.getByTestId("countries-selected")).toHaveText("Selected: Bangladesh, China");
    await page.getByLabel("Contact e-mail").fill("ana.quispe@textiles-andinos.example");
    await page.getByRole("button", { name: "Create client" }).click();

    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("Client created. Its inherent risk is below.");
    const risk = page.getByTestId("inherent-risk");
    await expect(risk.getByRole("row")).toHaveCount(4);
    await expect(risk.getByRole("row", { name: /^Country/ })).toContainText("TIP 20");
    // O1: a state-sponsored Tier 3 sourcing country scores as Tier 3, from a verified placement.
    await expect(risk.getByRole("row", { name: /^Country/ })).toContainText("China (CN): Tier 3 in TIP 2025 = 6");
    await expect(risk.getByRole("row", { name: /^Sector/ })).toContainText("14");
    await expect(risk.getByRole("row", { name: /^Goods/ })).toContainText(/cotton|garments/);
    await expect(page.getByTestId("gate")).toContainText("Current gate: Closed");

    await expect(page.getByText(/^Suggested for (medium|high|very high) inherent risk/)).toBeVisible();
    await page.getByLabel("Language of the questionnaire and e-mail").selectOption("es");
    await expect(page.getByText("The link to the questionnaire is sent only by e-mail to ana.quispe@textiles-andinos.example")).toBeVisible();
    await page.getByRole("button", { name: "Send questionnaire" }).click();
    await expect(page.getByRole("status")).toHaveText("Questionnaire sent to ana.quispe@textiles-andinos.example.");
    await expect(page.getByTestId("gate")).toContainText("Current gate: Pending");
    await expect(page.getByText(/An assessment is under way for this client \(Sent\)/)).toBeVisible();

    await page.getByRole("row", { name: /Sent/ }).getByRole("link").click();
    await expect(page.getByTestId("assessment-status")).toHaveText("Sent");
    await expect(page.getByRole("row", { name: /ana\.quispe@textiles-andinos\.example/ })).toContainText("Primary contact");
    await page.getByRole("button", { name: /Resend link/ }).click();
    await expect(page.getByRole("status")).toContainText("the old one no longer works");
    await expect(page.getByRole("row", { name: /Revoked/ })).toHaveCount(1);

    await signInAs(page, "admin");
    await page.goto("/app/admin/outbox");
    const invitations = page.getByRole("listitem").filter({ hasText: `Banco Demo solicita a ${name} completar un cuestionario` });
    await expect(invitations).toHaveCount(2);
    await expect(invitations.first().getByTestId("outbox-body")).toContainText("Hola, Ana Quispe:");
    // Staff see the respondent link masked (H3): nobody at the bank can act as the client.
    await expect(invitations.first().getByTestId("outbox-body")).toContainText(/\/r\/pvn_rsp_[A-Za-z0-9_-]{4}…/);
    await expect(page.locator("main")).not.toContainText(/pvn_rsp_[A-Za-z0-9_-]{20,}/);

    // The client gets the real link, as the demo mailbox shows it; the newest one works.
    await page.goto("/demo/mailbox");
    await expect(page.getByTestId("demo-mailbox-notice")).toContainText("not available in production");
    const received = page.getByTestId("demo-mail").filter({ hasText: `Banco Demo solicita a ${name} completar un cuestionario` });
    await expect(received).toHaveCount(2);
    const link = received.first().getByTestId("demo-mail-body").getByRole("link", { name: /\/r\/pvn_rsp_[A-Za-z0-9_-]{43}$/, includeHidden: true });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/\/r\/pvn_rsp_[A-Za-z0-9_-]{43}$/);
    const respondent = await page.context().browser()!.newContext({ javaScriptEnabled: false });
    const client = await respondent.newPage();
    await client.goto(new URL(href!).pathname);
    await expect(client).toHaveURL(/\/respond$/);
    await respondent.close();
  });
});

test.describe("clients with JavaScript, in Spanish", () => {
  test.use({ locale: "es-ES" });

  test("the client form validates in the browser, creates the client and the edit form keeps the profile", async ({ page }) => {
    const name = `Café del Sur ${Date.now().toString(36)}`;
    await signInAs(page, "rm");
    await page.goto("/app/clients/new");
    await expect(page.getByRole("heading", { level: 1, name: "Nuevo cliente" })).toBeVisible();
    await page.getByLabel("Correo electrónico del contacto").fill("luis@");
    await page.getByRole("button", { name: "Crear cliente" }).click();
    await expect(page.getByText("Ingrese un correo electrónico válido.")).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.getByLabel("Nombre", { exact: true }).fill(name);
    await page.getByLabel("País", { exact: true }).selectOption("CO");
    await page.getByLabel("Sector (división CIIU Rev. 4)").selectOption("01");
    await page.getByLabel("Correo electrónico del contacto").fill("luis@cafedelsur.example");
    await page.getByLabel("café", { exact: true }).check();
    await page.getByRole("button", { name: "Crear cliente" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByTestId("inherent-risk")).toContainText("Riesgo inherente");
    await expectNoSeriousViolations(page);
    await page.getByRole("link", { name: "Editar perfil" }).click();
    await expect(page.getByLabel("País", { exact: true })).toHaveValue("CO");
    await expect(page.getByLabel("café", { exact: true })).toBeChecked();
    await page.getByRole("searchbox", { name: "Filtrar la lista de países" }).fill("bras");
    await page.getByLabel("Brasil", { exact: true }).check();
    await expect(page.getByTestId("countries-selected")).toContainText("Seleccionados: Brasil");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect(page.getByRole("status")).toHaveText("Perfil del cliente guardado.");
    await expect(page.getByText("Brasil (BR)", { exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Enviar cuestionario" }).click();
    await expect(page.getByRole("status")).toHaveText("Cuestionario enviado a luis@cafedelsur.example.");
    await page.getByRole("row", { name: /Enviada/ }).getByRole("link").click();
    await expect(page.getByTestId("assessment-status")).toHaveText("Enviada");
    await expectNoSeriousViolations(page);
    await page.goto("/app/assessments?status=sent");
    await expect(page.getByRole("link", { name })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
