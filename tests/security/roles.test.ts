// Role matrix (issue 13, area 2), all inside Banco Demo: the auditor posts to every staff action
// (document, `.data` and `?_data=` forms) and is refused with nothing changed; an rm without the approver
// role cannot approve; a proposer cannot approve their own proposal (even with the password);
// a respondent cookie on staff pages and actions leads to /login; a read-only key cannot write;
// a revoked key is refused; a deactivated user's open session is dead at once.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, respondent, send, signIn, Tally } from "./helpers/http";
import { changedTables, hashInstitution, startApp, type App } from "./helpers/server";
import { idsOf } from "./helpers/ids";
import { futureDate, routeIdOf } from "./helpers/routes";

let app: App;
const tally = new Tally("roles");
beforeAll(async () => {
  app = await startApp("roles");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

// Sessions record when they were last used; that is not a change of the institution's data.
const VOLATILE = ["sessions", "respondent_sessions"];

function staffActions(app: App) {
  const db = app.db();
  const b = idsOf(db, app.seed.institutions.b);
  const byStatus = (s: string) => (db.prepare("SELECT id FROM assessments WHERE institution_id = ? AND status = ? LIMIT 1").get(app.seed.institutions.b, s) as { id: string } | undefined)?.id ?? b.assessments[0]!;
  const approvedAttestation = (db.prepare("SELECT id FROM attestations WHERE institution_id = ? AND revoked_at IS NULL LIMIT 1").get(app.seed.institutions.b) as { id: string }).id;
  const client = b.clients[0]!;
  const pw = app.seed.password;
  const list: Array<[string, Record<string, string | string[]>]> = [
    ["/app/clients/new", { name: "Auditor Client S.A.", country: "PE", sector: "14", contactName: "A", contactEmail: "a@example.test" }],
    [`/app/clients/${client}/edit`, { name: "Edited by auditor", country: "PE", sector: "14", contactName: "A", contactEmail: "a@example.test" }],
    [`/app/clients/${client}`, { intent: "send", questionnaire: "anti-trafficking-sme@1", dueDate: futureDate(), language: "es" }],
    [`/app/clients/${client}/observations`, { codes: "other", note: "Auditor observation attempt" }],
    [`/app/assessments/${byStatus("sent")}`, { intent: "withdraw", reason: "auditor" }],
    [`/app/assessments/${byStatus("sent")}`, { intent: "resend" }],
    [`/app/assessments/${byStatus("submitted")}/review`, { intent: "start-review" }],
    [`/app/assessments/${byStatus("under-review")}/decision`, { outcome: "approve", rationale: "Auditor proposes a decision here.", justification: "x" }],
    [`/app/decisions/${b.proposedDecisions[0]}`, { intent: "approve", comment: "auditor", password: pw }],
    [`/app/decisions/${b.proposedDecisions[0]}`, { intent: "reject", comment: "auditor" }],
    [`/app/conditions/${b.conditions[0]}`, { note: "auditor says met" }],
    [`/app/attestations/${approvedAttestation}`, { reason: "auditor revokes", password: pw }],
    ["/app/reassessment", { clientId: client, dueDate: futureDate(), language: "es" }],
    ["/app/admin/users", { intent: "invite", name: "Eve", email: "eve@evil.example", roles: "admin", password: pw }],
    ["/app/admin/users", { intent: "set-roles", userId: app.seed.userIds.auditorB, roles: "admin", password: pw }],
    ["/app/admin/users", { intent: "deactivate", userId: "usr_bd_admin" }],
    ["/app/admin/api-keys", { intent: "create", name: "auditor key", scope: "read-write", password: pw }],
    ["/app/admin/api-keys", { intent: "revoke", keyId: b.apiKeys[0]! }],
    ["/app/admin/webhooks", { intent: "create", url: "https://hooks.evil.example/x", events: "gate.changed" }],
    ["/app/admin/webhooks", { intent: "reactivate", webhookId: b.webhooks[0] ?? "none" }],
    ["/app/admin/policy", { validityMonths: "1" }],
    ["/app/admin/signing-keys", { confirm: "on", password: pw }],
  ];
  return list;
}

test("the auditor is refused on every staff action, document, .data and ?_data= alike, and nothing changes", async () => {
  const auditor = await signIn(app, app.seed.users.bAuditor, app.seed.password, tally);
  await auditor.form("/confirm-password", { password: app.seed.password, redirectTo: "/app" });
  const before = hashInstitution(app.db(), app.seed.institutions.b, VOLATILE);
  let attempts = 0;
  for (const [path, fields] of staffActions(app)) {
    const dataUrl = path === "/app/reassessment" ? "/app/reassessment.data?index" : `${path}.data`;
    for (const variant of [path, dataUrl, `${path}?_data=${encodeURIComponent(routeIdOf(path))}`]) {
      const res = await auditor.form(variant, fields);
      attempts += 1;
      if (res.status !== 403) tally.fail(`auditor POST ${variant} (${fields.intent ?? ""}): ${res.status}, not 403`);
    }
  }
  const changed = changedTables(before, hashInstitution(app.db(), app.seed.institutions.b, VOLATILE));
  for (const t of changed) tally.fail(`auditor changed ${t}`);
  tally.count("auditor POSTs", attempts);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.failures).toEqual([]);
});

test("an rm without the approver role cannot approve, and a proposer cannot approve their own proposal", async () => {
  const decisionId = idsOf(app.db(), app.seed.institutions.b).proposedDecisions[0]!;
  const status = () => (app.db().prepare("SELECT status FROM decisions WHERE id = ?").get(decisionId) as { status: string }).status;
  expect(status()).toBe("proposed");
  const problems: string[] = [];
  const rm = await signIn(app, app.seed.users.bRm, app.seed.password, tally);
  const byRm = await rm.form(`/app/decisions/${decisionId}`, { intent: "approve", comment: "rm approves", password: app.seed.password });
  if (byRm.status !== 403) problems.push(`rm without approver: ${byRm.status}`);
  const proposer = await signIn(app, app.seed.users.bRmApprover, app.seed.password, tally);
  await proposer.form("/confirm-password", { password: app.seed.password, redirectTo: "/app" });
  for (const path of [`/app/decisions/${decisionId}`, `/app/decisions/${decisionId}?_data=${encodeURIComponent(routeIdOf(`/app/decisions/${decisionId}`))}`]) {
    const own = await proposer.form(path, { intent: "approve", comment: "my own", password: app.seed.password });
    if (own.status < 400 || own.status >= 500) problems.push(`own proposal approved? ${path}: ${own.status}`);
  }
  tally.count("approval attempts", 3);
  expect(problems).toEqual([]);
  expect(status()).toBe("proposed");
});

test("a respondent cookie on staff pages and actions leads to /login and changes nothing", async () => {
  const resp = await respondent(app, app.seed.respondentsB.role.token, tally);
  const pages = ["/app", "/app/clients", "/app/assessments", "/app/approvals", "/app/attestations", "/app/portfolio/clients", "/app/portfolio/assessments", "/app/admin/users", "/app/admin/outbox", "/app/admin/audit", "/app/admin/api-keys", "/app/account"];
  const problems: string[] = [];
  for (const p of pages) {
    const r = await resp.send(p);
    if (r.status !== 302 || !String(r.headers.location ?? "").startsWith("/login")) problems.push(`GET ${p}: ${r.status} ${r.headers.location ?? ""}`);
  }
  const before = hashInstitution(app.db(), app.seed.institutions.b, VOLATILE);
  const actions = staffActions(app);
  for (const [path, fields] of actions) {
    const r = await resp.form(path, fields);
    const toLogin = (r.status === 302 || r.status === 303) && String(r.headers.location ?? "").startsWith("/login");
    if (!toLogin && r.status !== 401 && r.status !== 403) problems.push(`POST ${path}: ${r.status} ${r.headers.location ?? ""}`);
  }
  for (const t of changedTables(before, hashInstitution(app.db(), app.seed.institutions.b, VOLATILE))) problems.push(`respondent changed ${t}`);
  tally.count("respondent-cookie staff requests", pages.length + actions.length);
  expect(problems).toEqual([]);
});

test("a read-only key cannot write, a revoked key is refused", async () => {
  const { keys } = app.seed;
  const client = idsOf(app.db(), app.seed.institutions.b).clients[0]!;
  const body = JSON.stringify({ name: "Read-only write S.A.", country: "PE", sector: "14", contactEmail: "ro@example.test" });
  const json = { "Content-Type": "application/json" };
  const problems: string[] = [];
  const ro1 = await send(app, "/api/v1/clients", { method: "POST", headers: { ...bearer(keys.bRo), ...json }, body }, tally);
  const ro2 = await send(app, `/api/v1/clients/${client}/assessments`, { method: "POST", headers: { ...bearer(keys.bRo), ...json }, body: JSON.stringify({ questionnaire: { key: "anti-trafficking-sme", version: 1 }, dueDate: futureDate(), language: "es" }) }, tally);
  const roRead = await send(app, "/api/v1/clients", { headers: bearer(keys.bRo) }, tally);
  for (const [label, r, want] of [["ro create client", ro1, 403], ["ro send assessment", ro2, 403], ["ro read", roRead, 200]] as const) if (r.status !== want) problems.push(`${label}: ${r.status}`);
  for (const [method, path] of [["GET", "/api/v1/clients"], ["POST", "/api/v1/clients"], ["GET", `/api/v1/clients/${client}`]] as const) {
    const r = await send(app, path, { method, headers: { ...bearer(keys.bRevoked), ...(method === "POST" ? json : {}) }, body: method === "POST" ? body : undefined }, tally);
    if (r.status !== 401) problems.push(`revoked ${method} ${path}: ${r.status}`);
  }
  const created = app.db().prepare("SELECT count(*) AS n FROM clients WHERE name = 'Read-only write S.A.'").get() as { n: number };
  if (created.n !== 0) problems.push("the read-only or revoked key created a client");
  tally.count("key attempts", 6);
  expect(problems).toEqual([]);
  expect(tally.unshaped).toEqual([]);
});

test("a deactivated user's open session is dead at once", async () => {
  const leaver = await signIn(app, app.seed.users.bLeaver, app.seed.password, tally);
  const open = await leaver.send("/app/clients");
  expect(open.status).toBe(200);
  const admin = await signIn(app, app.seed.users.bAdmin, app.seed.password, tally);
  await admin.form("/confirm-password", { password: app.seed.password, redirectTo: "/app" });
  const off = await admin.form("/app/admin/users", { intent: "deactivate", userId: app.seed.userIds.toDeactivate, password: app.seed.password });
  expect([200, 204, 302, 303]).toContain(off.status);
  const live = (app.db().prepare("SELECT count(*) AS n FROM memberships WHERE user_id = ? AND institution_id = ? AND deactivated_at IS NULL").get(app.seed.userIds.toDeactivate, app.seed.institutions.b) as { n: number }).n;
  expect(live).toBe(0);
  const problems: string[] = [];
  for (const p of ["/app", "/app/clients", "/app/assessments"]) {
    const r = await leaver.send(p);
    if (r.status !== 302 || !String(r.headers.location ?? "").startsWith("/login")) problems.push(`GET ${p}: ${r.status}`);
  }
  const post = await leaver.form("/app/clients/new", { name: "Leaver Client S.A.", country: "PE", sector: "14", contactName: "L", contactEmail: "l@example.test" });
  if (post.status < 300 || (post.status < 400 && !String(post.headers.location ?? "").startsWith("/login"))) problems.push(`POST after deactivation: ${post.status} ${post.headers.location ?? ""}`);
  const created = app.db().prepare("SELECT count(*) AS n FROM clients WHERE name = 'Leaver Client S.A.'").get() as { n: number };
  if (created.n) problems.push("the deactivated user created a client");
  tally.count("deactivated-session requests", 4);
  expect(problems).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});

test("no staff role reads a live respondent link: outbox, audit log, exports, API", async () => {
  const TOKEN = /pvn_rsp_[A-Za-z0-9_-]{40,}/g;
  const found: string[] = [];
  let reads = 0;
  for (const email of [app.seed.users.bAdmin, app.seed.users.bRm, app.seed.users.bAuditor, app.seed.users.bApprover]) {
    const staff = await signIn(app, email, app.seed.password, tally);
    for (const p of ["/app/admin/outbox", "/app/admin/outbox.data", "/app/admin/audit", "/app/admin/audit.csv", "/app/portfolio/clients/export?format=csv", "/app/portfolio/assessments/export?format=csv", "/app/attestations/export.csv"]) {
      const r = await staff.send(p);
      reads += 1;
      for (const m of r.text.match(TOKEN) ?? []) found.push(`${email} ${p}: ${m.slice(0, 14)}…`);
    }
  }
  for (const key of [app.seed.keys.bRw]) {
    const r = await send(app, "/api/v1/audit-events", { headers: bearer(key) }, tally);
    reads += 1;
    for (const m of r.text.match(TOKEN) ?? []) found.push(`API audit-events: ${m.slice(0, 14)}…`);
  }
  tally.count("token-hunting reads", reads);
  tally.count("live respondent links seen by staff", found.length);
  expect([...new Set(found)]).toEqual([]);
});

test("an admin cannot point a webhook at loopback, private, link-local or numeric-trick hosts", async () => {
  const admin = await signIn(app, app.seed.users.bAdmin, app.seed.password, tally);
  await admin.form("/confirm-password", { password: app.seed.password, redirectTo: "/app" });
  // IP literals and localhost only: nothing here needs a DNS query off this machine.
  const targets = [`http://127.0.0.1:${app.port}/hook`, "http://localhost/hook", "http://[::1]/hook", "https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook", "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://0x7f000001/hook", "https://2130706433/hook", "https://0177.0.0.1/hook", "https://127.1/hook", "https://[::ffff:127.0.0.1]/hook"];
  const accepted: string[] = [];
  for (const url of targets) {
    const before = (app.db().prepare("SELECT count(*) AS n FROM webhooks").get() as { n: number }).n;
    const r = await admin.form("/app/admin/webhooks", { intent: "create", url, events: "gate.changed" });
    const after = (app.db().prepare("SELECT count(*) AS n FROM webhooks").get() as { n: number }).n;
    if (after > before) {
      accepted.push(`${url} (${r.status})`);
      const row = app.db().prepare("SELECT id FROM webhooks ORDER BY created_at DESC, rowid DESC LIMIT 1").get() as { id: string };
      await admin.form("/app/admin/webhooks", { intent: "deactivate", webhookId: row.id });
    }
  }
  tally.count("webhook targets tried", targets.length);
  tally.count("internal webhook targets accepted", accepted.length);
  expect(accepted).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
});

test("a production server refuses to start with WEBHOOKS_ALLOW_LOOPBACK=1", async () => {
  const { spawn } = await import("node:child_process");
  const { freePort } = await import("./helpers/server");
  const port = await freePort();
  const dbFile = `${app.dir}/loopback.db`;
  await app.db().backup(dbFile);
  const child = spawn("node_modules/.bin/tsx", ["scripts/server.ts"], { env: { ...process.env, ...app.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOKS_ALLOW_LOOPBACK: "1" }, detached: true, stdio: "ignore" });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let listening = false;
  const deadline = Date.now() + 20_000;
  let code: number | null | undefined;
  while (Date.now() < deadline && code === undefined) {
    code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 250))]);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) listening = true;
    } catch {
      // not listening
    }
    if (listening) break;
  }
  if (code === undefined && child.pid) process.kill(-child.pid, "SIGKILL");
  tally.count("loopback start-up attempts", 1);
  expect(listening, "the server answered /healthz with WEBHOOKS_ALLOW_LOOPBACK=1 in production").toBe(false);
  expect(code).not.toBe(0);
});
