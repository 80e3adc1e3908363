// CSRF (issue 13, area 3; contract H1): a non-GET request that carries a staff or respondent
// cookie and comes from a foreign origin (Origin header, or when absent, Referer / Sec-Fetch-Site)
// is refused with 403 before Remix runs, for document POSTs, `.data` and `?_data=` POSTs and
// resource routes alike; nothing changes. The same posts from the app's own origin work; Bearer
// API requests without a cookie are not affected. Then the same attack from a real page in
// Chromium, served from another port on 127.0.0.1 (same site, foreign origin).
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, hasErrorShape, respondent, send, signIn, Tally, type Client, type Res } from "./helpers/http";
import { startApp, type App } from "./helpers/server";
import { answerFields, anyQuestion, respondView, validValue } from "./helpers/respond";
import { routeIdOf } from "./helpers/routes";
import { attackerSite, autoPost, launch } from "./helpers/browser";

let app: App;
const tally = new Tally("csrf");
beforeAll(async () => {
  app = await startApp("csrf");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

type Foreign = { label: string; headers: Record<string, string>; origin: string | null };
function foreignOrigins(): Foreign[] {
  return [
    { label: "evil.example", headers: {}, origin: "http://evil.example" },
    { label: "sub.localhost", headers: {}, origin: `http://sub.localhost:${app.port}` },
    { label: "same host, other port", headers: {}, origin: `http://127.0.0.1:${app.port === 65535 ? 1 : app.port + 1}` },
    { label: "Origin null", headers: {}, origin: "null" },
    { label: "no Origin, foreign Referer", headers: { Referer: "http://evil.example/page" }, origin: null },
    { label: "no Origin, Sec-Fetch-Site cross-site", headers: { "Sec-Fetch-Site": "cross-site" }, origin: null },
  ];
}

const clientFields = (name: string) => ({ name, country: "PE", sector: "14", contactName: "Ana", contactEmail: "ana@example.test" });
const countClients = (name: string) => (app.db().prepare("SELECT count(*) AS n FROM clients WHERE name = ?").get(name) as { n: number }).n;

function isJsonVariant(path: string): boolean {
  return path.startsWith("/api/") || path.includes(".data") || path.includes("_data=");
}

function refused(res: Res, path: string, label: string, problems: string[]) {
  if (res.status !== 403) problems.push(`${label} ${path}: ${res.status}, not 403`);
  else if (isJsonVariant(path)) {
    if (!hasErrorShape(res.text) || JSON.parse(res.text).error.code !== "cross_origin_request") problems.push(`${label} ${path}: 403 without the cross_origin_request JSON shape: ${res.text.slice(0, 80)}`);
  }
}

test("foreign-origin posts with a cookie are refused on every kind of route, and nothing changes", async () => {
  const seed = app.seed;
  const admin = await signIn(app, seed.users.bAdmin, seed.password, tally);
  const rm = await signIn(app, seed.users.bRm, seed.password, tally);
  const auditor = await signIn(app, "auditor@bancodemo.example", seed.password, tally);
  const resp = await respondent(app, seed.respondentsB.csrf.token, tally);
  const view = await respondView(app, seed.respondentsB.csrf.token, tally);
  const q = anyQuestion(view);
  const draftOf = () => JSON.stringify(app.db().prepare("SELECT question_id, value, comment FROM draft_answers WHERE assessment_id = ? ORDER BY question_id").all(seed.respondentsB.csrf.assessmentId));
  const problems: string[] = [];
  let attempts = 0;
  let n = 0;

  for (const f of foreignOrigins()) {
    const opts = { origin: f.origin, headers: f.headers };
    // Client creation: document, .data and ?_data= POSTs.
    for (const path of ["/app/clients/new", "/app/clients/new.data", `/app/clients/new?_data=${encodeURIComponent(routeIdOf("/app/clients/new"))}`]) {
      const name = `CSRF ${++n} S.A.`;
      refused(await rm.form(path, clientFields(name), opts), path, f.label, problems);
      attempts += 1;
      if (countClients(name)) problems.push(`${f.label} ${path}: the client was created`);
    }
    // Inviting an attacker as admin (the report's takeover), in its ?_data= form.
    const email = `attacker${++n}@evil.example`;
    const invite = `/app/admin/users?_data=${encodeURIComponent(routeIdOf("/app/admin/users"))}`;
    refused(await admin.form(invite, { intent: "invite", name: "Eve", email, roles: "admin", language: "en", password: seed.password }, opts), invite, f.label, problems);
    attempts += 1;
    if (app.db().prepare("SELECT 1 FROM users WHERE email = ?").get(email)) problems.push(`${f.label}: the attacker was invited`);
    // Resource routes.
    refused(await admin.form("/set-language", { lang: "en", redirectTo: "/app" }, opts), "/set-language", f.label, problems);
    attempts += 1;
    const lang = (app.db().prepare("SELECT language FROM users WHERE id = 'usr_bd_admin'").get() as { language: string }).language;
    if (lang !== "es") problems.push(`${f.label}: /set-language changed the admin's language to ${lang}`);
    refused(await auditor.form("/app/switch-institution", { institutionId: seed.institutions.a }, opts), "/app/switch-institution", f.label, problems);
    attempts += 1;
    const inst = app.db().prepare("SELECT DISTINCT institution_id AS i FROM sessions WHERE user_id = 'usr_bd_auditor'").all() as Array<{ i: string }>;
    if (inst.some((r) => r.i !== seed.institutions.b)) problems.push(`${f.label}: /app/switch-institution switched the auditor's session`);
    refused(await admin.form("/logout", { scope: "everywhere" }, opts), "/logout", f.label, problems);
    attempts += 1;
    const still = await admin.send("/app/clients");
    if (still.status !== 200) {
      problems.push(`${f.label}: /logout signed the admin out (${still.status})`);
      Object.assign(admin, { cookies: (await signIn(app, seed.users.bAdmin, seed.password, tally)).cookies });
    }
    // The respondent's autosave and section form.
    const draft = draftOf();
    for (const path of ["/respond/answers.save", `/respond/section/${q.section}`, `/respond/section/${q.section}.data`]) {
      refused(await resp.form(path, { ...answerFields(q, `written by ${f.label}`), intent: "save" }, opts), path, f.label, problems);
      attempts += 1;
    }
    if (draftOf() !== draft) problems.push(`${f.label}: the respondent's draft changed`);
  }
  tally.count("foreign-origin posts", attempts);
  for (const p of problems) tally.fail(p);
  expect(problems).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});

test("the same posts from the app's own origin work, and Bearer API calls without a cookie are not affected", async () => {
  const seed = app.seed;
  const admin = await signIn(app, seed.users.bAdmin, seed.password, tally);
  const problems: string[] = [];
  const rm = await signIn(app, seed.users.bRm, seed.password, tally);
  const name = "Same Origin S.A.";
  const created = await rm.form("/app/clients/new", clientFields(name));
  if (created.status !== 302 || countClients(name) !== 1) problems.push(`same-origin create: ${created.status} ${created.text.slice(0, 200)}`);
  const resp = await respondent(app, seed.respondentsB.csrf.token, tally);
  const view = await respondView(app, seed.respondentsB.csrf.token, tally);
  const q = anyQuestion(view);
  const saved = await resp.form("/respond/answers.save", answerFields(q, "same-origin autosave"));
  if (saved.status !== 200) problems.push(`same-origin autosave: ${saved.status}`);
  // The respondent pages send no referrer: the browser posts with Origin null and Sec-Fetch-Site.
  const nullSame = await resp.form("/respond/answers.save", answerFields(q, "null but same-origin"), { origin: "null", headers: { "Sec-Fetch-Site": "same-origin" } });
  if (nullSame.status !== 200) problems.push(`Origin null + Sec-Fetch-Site same-origin autosave: ${nullSame.status}`);
  const lang = await admin.form("/set-language", { lang: "es", redirectTo: "/app" });
  if (lang.status !== 302) problems.push(`same-origin /set-language: ${lang.status}`);
  const api = await send(app, "/api/v1/clients", { method: "POST", headers: { ...bearer(seed.keys.bRw), "Content-Type": "application/json", Origin: "http://evil.example" }, body: JSON.stringify({ name: "Bearer Client S.A.", country: "PE", sector: "14", contactEmail: "bearer@example.test" }) }, tally);
  if (api.status !== 201) problems.push(`Bearer API POST with a foreign Origin: ${api.status} ${api.text.slice(0, 120)}`);
  const respApi = await send(app, "/api/v1/respond/answers", { method: "PUT", headers: { ...bearer(seed.respondentsB.csrf.token), "Content-Type": "application/json", Origin: "http://evil.example" }, body: JSON.stringify({ answers: { [q.id]: { value: validValue(q), comment: "via the respondent API" } } }) }, tally);
  if (respApi.status !== 200) problems.push(`respondent Bearer PUT with a foreign Origin: ${respApi.status}`);
  tally.count("same-origin posts", 6);
  for (const p of problems) tally.fail(p);
  expect(problems).toEqual([]);
});

test("in Chromium, a same-site page on another port cannot act with the app's cookies", async () => {
  const seed = app.seed;
  const rm = await signIn(app, seed.users.bRm, seed.password, tally);
  const approver = await signIn(app, seed.users.bApprover, seed.password, tally);
  const resp = await respondent(app, seed.respondentsB.csrf.token, tally);
  const view = await respondView(app, seed.respondentsB.csrf.token, tally);
  const q = anyQuestion(view);
  const before = (app.db().prepare("SELECT value || '|' || coalesce(comment, '') AS value FROM draft_answers WHERE assessment_id = ? AND question_id = ?").get(seed.respondentsB.csrf.assessmentId, q.id) as { value: string } | undefined)?.value;
  const site = await attackerSite({
    "/create": autoPost(`${app.origin}/app/clients/new`, clientFields("Browser CSRF 1 S.A.")),
    "/create-data": autoPost(`${app.origin}/app/clients/new?_data=${encodeURIComponent(routeIdOf("/app/clients/new"))}`, clientFields("Browser CSRF 2 S.A.")),
    "/logout": autoPost(`${app.origin}/logout`, { scope: "everywhere" }),
    "/answer": autoPost(`${app.origin}/respond/answers.save`, Object.fromEntries(Object.entries(answerFields(q, "overwritten by the attacker")).map(([k, v]) => [k, String(v)]))),
  });
  const browser = await launch();
  const problems: string[] = [];
  try {
    const cookiesOf = (c: Client) => [...c.cookies].map(([name, value]) => ({ name, value, url: app.origin, sameSite: "Lax" as const, httpOnly: true }));
    for (const [path, who] of [["/create", rm], ["/create-data", rm], ["/logout", approver], ["/answer", resp]] as const) {
      const context = await browser.newContext();
      await context.addCookies(cookiesOf(who));
      const page = await context.newPage();
      const posted = page.waitForRequest((r) => r.method() === "POST" && r.url().startsWith(app.origin), { timeout: 10_000 });
      await page.goto(`${site.origin}${path}`, { waitUntil: "commit" });
      const request = await posted;
      const response = await Promise.race([request.response(), new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
      tally.requests += 1;
      if (response && response.status() >= 500) tally.fiveXX.push(`browser ${path}: ${response.status()}`);
      if (!request.headers().cookie && !(await request.allHeaders()).cookie) problems.push(`browser ${path}: no cookie was sent, so the check proves nothing`);
      await context.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  if (countClients("Browser CSRF 1 S.A.")) problems.push("browser: the document POST created a client");
  if (countClients("Browser CSRF 2 S.A.")) problems.push("browser: the ?_data= POST created a client");
  if ((await approver.send("/app/clients")).status !== 200) problems.push("browser: /logout signed the approver out everywhere");
  const after = (app.db().prepare("SELECT value || '|' || coalesce(comment, '') AS value FROM draft_answers WHERE assessment_id = ? AND question_id = ?").get(seed.respondentsB.csrf.assessmentId, q.id) as { value: string } | undefined)?.value;
  if (after !== before) problems.push(`browser: the respondent's answer was overwritten (${after})`);
  tally.count("browser posts", 4);
  for (const p of problems) tally.fail(p);
  expect(problems).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});
