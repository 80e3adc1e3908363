// Stored XSS (issue 13, area 5): one payload with a <script>, an <img onerror> breaking out of an
// attribute and an <svg onload>, stored through every free-text field the product takes (client
// name, contact and registration, answer comments, file names, decision rationale, justification
// and condition text, observation note, user name, API key name, webhook URL if accepted), then
// the staff and respondent pages that show them loaded in Chromium: window.__xss stays undefined
// and no #xs1/#xs2 element exists.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, multipart, respondent, send, signIn, Tally, type Client } from "./helpers/http";
import { startApp, type App } from "./helpers/server";
import { respondView, validValue, visible } from "./helpers/respond";
import { futureDate } from "./helpers/routes";
import { launch } from "./helpers/browser";

let app: App;
const tally = new Tally("xss");
beforeAll(async () => {
  app = await startApp("xss");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

const P = `<script id=xs1>window.__xss=1</script>"><img id=xs2 src=x onerror="window.__xss=2"><svg onload="window.__xss=3">`;
// For fields with a short limit, and for file names (no quotes or slashes, as a browser sends them).
const SHORT = `"><img id=xs2 src=x onerror="window.__xss=2">`;
const FILE_NAME = "<img id=xs2 src=x onerror=window.__xss=2><svg onload=window.__xss=3>.pdf";

test("payloads stored through every free-text field never execute on staff or respondent pages", async () => {
  const seed = app.seed;
  const db = app.db();
  const stored: string[] = [];
  const note = (label: string, status: number, text = "") => (status < 400 ? stored.push(label) : console.log(`refused: ${label} (${status}) ${text.replace(/\s+/g, " ").slice(0, 300)}`));
  const rm = await signIn(app, seed.users.bRm, seed.password, tally);
  const admin = await signIn(app, seed.users.bAdmin, seed.password, tally);
  await admin.form("/confirm-password", { password: seed.password, redirectTo: "/app" });

  // Client fields, through the API and the form.
  const apiClient = await send(app, "/api/v1/clients", { method: "POST", headers: { ...bearer(seed.keys.bRw), "Content-Type": "application/json" }, body: JSON.stringify({ name: `API ${P}`, country: "PE", sector: "14", contactName: P, registrationNumber: `"><svg onload="window.__xss=3">`.slice(0, 30), contactEmail: "xss@example.test" }) }, tally);
  note("client via API", apiClient.status, apiClient.text);
  const formClient = await rm.form("/app/clients/new", { name: `Form ${P}`, country: "PE", sector: "14", contactName: P, registrationNumber: `"><svg onload="window.__xss=3">`.slice(0, 30), contactEmail: "xss2@example.test" });
  note("client via form", formClient.status, formClient.text.match(/role="alert"[^<]*<[^>]*>[^<]*|error[^<]{0,200}/g)?.join(" | ") ?? "");
  const clientId = (db.prepare("SELECT id FROM clients WHERE name LIKE 'Form %' ORDER BY created_at DESC LIMIT 1").get() as { id: string } | undefined)?.id ?? seed.respondentsB.xss.clientId;
  note("observation note", (await rm.form(`/app/clients/${clientId}/observations`, { codes: "other", note: P })).status);

  // The respondent: comments on every shown question, and a file name.
  const token = seed.respondentsB.xss.token;
  const view = await respondView(app, token, tally);
  const answers = Object.fromEntries(visible(view).map((q) => [q.id, { value: q.type === "text" ? P : validValue(q), comment: P }]));
  note("answer comments", (await send(app, "/api/v1/respond/answers", { method: "PUT", headers: { ...bearer(token), "Content-Type": "application/json" }, body: JSON.stringify({ answers }) }, tally)).status);
  const mp = multipart([{ name: "file", fileName: FILE_NAME, contentType: "application/pdf", data: Buffer.from("%PDF-1.4\nxss\n%%EOF\n") }]);
  const up = await send(app, "/api/v1/respond/documents", { method: "POST", headers: { ...bearer(token), "Content-Type": mp.contentType }, body: mp.body }, tally);
  note("file name", up.status, up.text);

  // A decision proposal on the seeded assessment under review: rationale, justification, condition.
  const underReview = (db.prepare("SELECT id FROM assessments WHERE institution_id = ? AND status = 'under-review' ORDER BY sent_at LIMIT 1").get(seed.institutions.b) as { id: string }).id;
  const proposal = await rm.form(`/app/assessments/${underReview}/decision`, {
    outcome: "approve-with-conditions",
    rationale: `Rationale ${P}`,
    justification: `Justification ${P}`,
    "conditions[0].include": "on",
    "conditions[0].text": `Condition ${P}`,
    "conditions[0].dueDate": futureDate(60),
    "conditions[0].questionId": "",
  });
  note("decision rationale and condition", proposal.status);
  const decisionId = (db.prepare("SELECT id FROM decisions WHERE assessment_id = ? ORDER BY proposed_at DESC LIMIT 1").get(underReview) as { id: string } | undefined)?.id;

  // Admin: a user's name, an API key's name, a webhook URL.
  note("user name", (await admin.form("/app/admin/users", { intent: "invite", name: P, email: "xss-user@example.test", roles: "rm", language: "es", password: seed.password })).status);
  const keyRes = await admin.form("/app/admin/api-keys", { intent: "create", name: SHORT, scope: "read", password: seed.password });
  note("API key name", keyRes.status, keyRes.text.match(/error[^<]{0,200}/g)?.join(" | ") ?? "");
  const hook = await admin.form("/app/admin/webhooks", { intent: "create", url: `https://hooks.example.test/${P}`, events: "gate.changed" });
  note("webhook URL", hook.status);
  const hookRow = db.prepare("SELECT id FROM webhooks WHERE url LIKE '%xs2%' LIMIT 1").get() as { id: string } | undefined;
  if (hookRow) await admin.form("/app/admin/webhooks", { intent: "deactivate", webhookId: hookRow.id });

  // Load the pages.
  const resp = await respondent(app, token, tally);
  const staffPages = ["/app", "/app/clients", `/app/clients/${clientId}`, `/app/clients/${clientId}/edit`, `/app/clients/${clientId}/observations`, "/app/portfolio/clients", "/app/portfolio/assessments", "/app/assessments", `/app/assessments/${seed.respondentsB.xss.assessmentId}`, `/app/assessments/${underReview}/review`, "/app/approvals", ...(decisionId ? [`/app/decisions/${decisionId}`] : [])];
  const adminPages = ["/app/admin/users", "/app/admin/api-keys", "/app/admin/webhooks", ...(hookRow ? [`/app/admin/webhooks/${hookRow.id}`] : []), "/app/admin/audit", "/app/admin/outbox"];
  const respondentPages = ["/respond", ...view.questionnaire.sections.map((s) => `/respond/section/${s.key}`), "/respond/review"];
  const browser = await launch();
  const executed: string[] = [];
  let loads = 0;
  let shownAsText = 0;
  try {
    for (const [who, pages] of [[rm, staffPages], [admin, [...adminPages, ...staffPages.slice(0, 3)]], [resp, respondentPages]] as Array<[Client, string[]]>) {
      const context = await browser.newContext();
      await context.addCookies([...who.cookies].map(([name, value]) => ({ name, value, url: app.origin })));
      const page = await context.newPage();
      for (const p of pages) {
        const response = await page.goto(`${app.origin}${p}`, { waitUntil: "load" });
        loads += 1;
        tally.requests += 1;
        if (response && response.status() >= 500) tally.fiveXX.push(`browser ${p}: ${response.status()}`);
        await page.waitForTimeout(50);
        const state = await page.evaluate(() => ({ xss: (window as unknown as { __xss?: number }).__xss, xs1: !!document.getElementById("xs1"), xs2: !!document.getElementById("xs2"), svg: [...document.querySelectorAll("svg[onload]")].length, text: document.body.innerText.includes("window.__xss") }));
        if (state.xss !== undefined || state.xs1 || state.xs2 || state.svg) executed.push(`${p}: ${JSON.stringify(state)}`);
        if (state.text) shownAsText += 1;
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  tally.count("fields stored", stored.length);
  tally.count("page loads", loads);
  tally.count("pages showing the payload as text", shownAsText);
  tally.count("payloads executed", executed.length);
  expect(stored.length, `stored: ${stored.join(", ")}`).toBeGreaterThanOrEqual(7);
  expect(shownAsText).toBeGreaterThan(5);
  expect(executed).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});
