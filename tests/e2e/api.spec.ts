// The integration API over real HTTP against the production build (the e2e demo server), with a
// key created through the admin page: create a client, send an assessment, read it as the
// respondent, the error classes the network path matters for (401, 413, 415), and revocation.
// Plus the webhook and API reference pages, without JavaScript and in Spanish.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

const CLIENT = {
  name: "Textiles Andinos S.A.",
  country: "PE",
  sector: "14",
  contactName: "Ana Quispe",
  contactEmail: "ana.quispe@textiles.example",
  sourcingCountries: ["CN"],
  goods: ["cotton"],
};

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin creates a key once, the API answers over HTTP, and revoking it locks it out", async ({ page, request }) => {
    await signInAs(page, "admin");
    await page.goto("/app/admin/api-keys");
    await page.getByLabel("Name").fill("Core banking e2e");
    await page.getByLabel("Read and write").check();
    await page.getByLabel("Your password").fill("Provenant-demo-2026");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByRole("heading", { name: "Key created: copy it now" })).toBeVisible();
    const key = await page.getByTestId("created-key").inputValue();
    expect(key).toMatch(/^pvn_key_[A-Za-z0-9_-]{43}$/);
    const auth = { Authorization: `Bearer ${key}` };

    const created = await request.post("/api/v1/clients", { headers: { ...auth, "Idempotency-Key": `e2e-${Date.now()}` }, data: CLIENT });
    expect(created.status()).toBe(201);
    const client = (await created.json()) as { id: string; inherentRisk: { level: string } };
    expect(client.inherentRisk.level).toMatch(/low|medium|high|very-high/);
    const sent = await request.post(`/api/v1/clients/${client.id}/assessments`, {
      headers: auth,
      data: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: inDays(30), language: "en" },
    });
    expect(sent.status()).toBe(201);
    // The bank's API never gets the respondent link back (H3): the client finds it in its e-mail,
    // which the demo mailbox shows.
    const sentBody = (await sent.json()) as Record<string, unknown>;
    expect(sentBody.respondentEmail).toBe(CLIENT.contactEmail);
    expect(JSON.stringify(sentBody)).not.toContain("pvn_rsp_");
    const gate = await request.get(`/api/v1/clients/${client.id}/gate`, { headers: auth });
    expect(await gate.json()).toMatchObject({ gate: "pending" });

    const mailbox = await (await request.get("/demo/mailbox")).text();
    const mail = mailbox.split('data-testid="demo-mail"').find((part) => part.includes(CLIENT.name));
    const token = /\/r\/(pvn_rsp_[A-Za-z0-9_-]{43})/.exec(mail ?? "")?.[1];
    expect(token).toBeDefined();
    const view = await request.get("/api/v1/respond", { headers: { Authorization: `Bearer ${token}` } });
    expect(view.status()).toBe(200);
    // helmet's server-wide policy comes first; browsers apply the last policy in the list.
    expect(view.headers()["referrer-policy"]?.split(",").map((p) => p.trim()).at(-1)).toBe("no-referrer");
    const upload = await request.post("/api/v1/respond/documents", {
      headers: { Authorization: `Bearer ${token}` },
      multipart: { file: { name: "policy.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% e2e\n%%EOF\n") } },
    });
    expect(upload.status()).toBe(201);

    expect((await request.get("/api/v1/clients")).status()).toBe(401);
    const huge = await request.post("/api/v1/clients", { headers: { ...auth, "Content-Type": "application/json" }, data: JSON.stringify({ ...CLIENT, name: "x".repeat(1_100_000) }) });
    expect(huge.status()).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const form = await request.post("/api/v1/clients", { headers: auth, form: { name: "x" } });
    expect(form.status()).toBe(415);
    const document = await request.get("/api/v1/openapi.json");
    expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");

    await page.goto("/app/admin/api-keys");
    await page.getByRole("button", { name: "Revoke Core banking e2e" }).click();
    await expect(page.getByRole("status")).toContainText("The key was revoked.");
    expect((await request.get("/api/v1/clients", { headers: auth })).status()).toBe(401);
  });
});

test.describe("in Spanish", () => {
  test.use({ locale: "es-ES" });

  test("registers a webhook endpoint, shows its secret once, queues a test event and lists the delivery", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/app/admin/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await page.getByLabel("URL del endpoint").fill("http://127.0.0.1:9/provenant-e2e");
    await page.getByLabel("gate.changed").check();
    await page.getByRole("button", { name: "Registrar endpoint" }).click();
    await expect(page.getByRole("heading", { name: "Endpoint registrado: copie su secreto ahora" })).toBeVisible();
    await expect(page.getByTestId("created-secret")).toHaveValue(/^whsec_/);
    await expectNoSeriousViolations(page);
    await page.getByRole("button", { name: "Enviar un evento de prueba" }).click();
    await expect(page.getByRole("status")).toContainText("Se puso en cola un evento de prueba");
    await page.getByRole("link", { name: "Envíos http://127.0.0.1:9/provenant-e2e" }).first().click();
    await expect(page.getByRole("cell", { name: /webhook\.test/ }).first()).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto("/app/admin/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "Claves de API" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("renders the API reference from the generated document", async ({ page }) => {
    await signInAs(page, "rm");
    await page.goto("/app/api-docs");
    await expect(page.getByRole("heading", { level: 1, name: "Referencia de la API" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "GET /api/v1/clients/{id}/gate" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "CreateClient" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
