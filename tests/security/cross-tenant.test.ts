// Cross-tenant matrix (issue 13, area 1): signed in as Northwind (A) staff, with A's API key and
// A's respondent link, every id-taking page, action and API path is tried with Banco Demo's (B)
// real ids and with random ids of the same shape. Every answer must refuse (404, or 401/403/405
// where that is the rule), the two answers must be byte-identical once ids, nonces and times are
// masked, and not one of B's rows may change.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, Client, send, signIn, respondent, Tally, pool, type Res } from "./helpers/http";
import { changedTables, hashInstitution, startApp, type App } from "./helpers/server";
import { idsOf, mask, sameShape, type InstitutionIds } from "./helpers/ids";
import { respondView, visible } from "./helpers/respond";
import { futureDate, routeIdOf } from "./helpers/routes";

let app: App;
const tally = new Tally("cross-tenant");
let b: InstitutionIds;

beforeAll(async () => {
  app = await startApp("cross-tenant");
  b = idsOf(app.db(), app.seed.institutions.b);
});
afterAll(async () => {
  await app?.stop();
});

type Probe = { label: string; method: string; path: (id: string) => string; fields?: (id: string) => Record<string, string | string[]>; json?: (id: string) => unknown; as: "admin" | "rm" | "key" | "respondent"; okStatuses?: number[] };
const REFUSED = [400, 401, 403, 404, 405, 409, 410, 415, 422];

test("B's ids answer exactly like random ids for A's staff, key and respondent; B is unchanged", async () => {
  const seed = app.seed;
  const before = hashInstitution(app.db(), seed.institutions.b);
  const admin = await signIn(app, seed.users.aAdmin, seed.password, tally);
  const rm = await signIn(app, seed.users.aRm, seed.password, tally);
  const resp = await respondent(app, seed.respondentA.token, tally);
  const view = await respondView(app, seed.respondentA.token, tally);
  const aQuestion = visible(view, "text")[0] ?? visible(view)[0]!;

  const probes: Probe[] = [];
  const page = (label: string, p: (id: string) => string, as: Probe["as"] = "rm") => {
    probes.push({ label, method: "GET", path: p, as });
    probes.push({ label: `${label}.data`, method: "GET", path: (id) => `${p(id).split("?")[0]}.data${p(id).includes("?") ? `?${p(id).split("?")[1]}` : ""}`, as });
    for (const method of ["PUT", "PATCH", "DELETE"]) probes.push({ label: `${method} ${label}`, method, path: p, as });
  };
  const action = (label: string, p: (id: string) => string, fields: (id: string) => Record<string, string | string[]>, as: Probe["as"] = "rm") => {
    probes.push({ label: `POST ${label}`, method: "POST", path: p, fields, as });
    probes.push({ label: `POST ${label} ?_data`, method: "POST", path: (id) => `${p(id)}${p(id).includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeIdOf(p(id)))}`, fields, as });
  };

  // Pages and their actions, per kind of id (first real id of each kind).
  page("client", (id) => `/app/clients/${id}`);
  page("client edit", (id) => `/app/clients/${id}/edit`);
  page("client observations", (id) => `/app/clients/${id}/observations`);
  page("assessment", (id) => `/app/assessments/${id}`);
  page("review", (id) => `/app/assessments/${id}/review`);
  page("decision form", (id) => `/app/assessments/${id}/decision`);
  page("decision", (id) => `/app/decisions/${id}`);
  page("condition", (id) => `/app/conditions/${id}`);
  page("attestation", (id) => `/app/attestations/${id}`);
  page("assessment export", (id) => `/app/exports/assessments/${id}?format=csv`);
  page("referral pdf", (id) => `/app/exports/referrals/${id}`);
  page("webhook", (id) => `/app/admin/webhooks/${id}`, "admin");
  probes.push({ label: "attestation pdf", method: "GET", path: (id) => `/app/attestations/${id}.pdf`, as: "rm" });
  probes.push({ label: "assessment xlsx", method: "GET", path: (id) => `/app/exports/assessments/${id}?format=xlsx`, as: "rm" });

  action("client send", (id) => `/app/clients/${id}`, () => ({ intent: "send", questionnaire: "anti-trafficking-sme@1", dueDate: futureDate(), language: "es" }));
  action("client edit", (id) => `/app/clients/${id}/edit`, () => ({ name: "Hijacked S.A.", country: "PE", sector: "14", contactName: "X", contactEmail: "x@evil.example", rmUserId: "usr_nw_rm" }));
  action("observation", (id) => `/app/clients/${id}/observations`, () => ({ codes: "other", note: "Cross-tenant observation attempt" }));
  action("withdraw", (id) => `/app/assessments/${id}`, () => ({ intent: "withdraw", reason: "cross-tenant" }));
  action("resend", (id) => `/app/assessments/${id}`, () => ({ intent: "resend" }));
  action("start review", (id) => `/app/assessments/${id}/review`, () => ({ intent: "start-review" }));
  action("return", (id) => `/app/assessments/${id}/review`, () => ({ intent: "return", message: "Please redo", comments: "x" }));
  action("propose", (id) => `/app/assessments/${id}/decision`, () => ({ outcome: "approve", rationale: "Cross-tenant rationale long enough.", justification: "x" }));
  action("approve", (id) => `/app/decisions/${id}`, () => ({ intent: "approve", comment: "ok", password: seed.password }));
  action("reject", (id) => `/app/decisions/${id}`, () => ({ intent: "reject", comment: "no" }));
  action("condition met", (id) => `/app/conditions/${id}`, () => ({ note: "met by A" }));
  action("revoke attestation", (id) => `/app/attestations/${id}`, () => ({ reason: "cross-tenant revocation", password: seed.password }), "admin");
  action("webhook page post", (id) => `/app/admin/webhooks/${id}`, () => ({ intent: "deactivate" }), "admin");
  // Actions that take B's id in the body.
  const inBody = (label: string, path: string, fields: (id: string) => Record<string, string | string[]>, as: Probe["as"]) => action(label, () => path, fields, as);
  inBody("deactivate user", "/app/admin/users", (id) => ({ intent: "deactivate", userId: id }), "admin");
  inBody("set roles", "/app/admin/users", (id) => ({ intent: "set-roles", userId: id, roles: "admin", password: seed.password }), "admin");
  inBody("resend invitation", "/app/admin/users", (id) => ({ intent: "resend-invitation", userId: id }), "admin");
  inBody("revoke key", "/app/admin/api-keys", (id) => ({ intent: "revoke", keyId: id }), "admin");
  inBody("webhook deactivate", "/app/admin/webhooks", (id) => ({ intent: "reactivate", webhookId: id }), "admin");
  inBody("reassess", "/app/reassessment", (id) => ({ clientId: id, dueDate: futureDate(), language: "es" }), "rm");
  inBody("switch institution", "/app/switch-institution", (id) => ({ institutionId: id }), "rm");
  inBody("new client with B's rm", "/app/clients/new", (id) => ({ name: "Cliente con RM ajeno", country: "PE", sector: "14", contactName: "X", contactEmail: "x@example.test", rmUserId: id }), "rm");
  // The API, with A's key.
  for (const [label, p] of [
    ["api client", (id: string) => `/api/v1/clients/${id}`],
    ["api gate", (id: string) => `/api/v1/clients/${id}/gate`],
    ["api assessment", (id: string) => `/api/v1/assessments/${id}`],
    ["api attestation", (id: string) => `/api/v1/attestations/${id}`],
    ["api attestation pdf", (id: string) => `/api/v1/attestations/${id}/pdf`],
    ["api client assessments", (id: string) => `/api/v1/clients/${id}/assessments`],
  ] as const) {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) probes.push({ label: `${method} ${label}`, method, path: p, as: "key" });
  }
  probes.push({ label: "POST api send", method: "POST", path: (id) => `/api/v1/clients/${id}/assessments`, json: () => ({ questionnaire: { key: "anti-trafficking-sme", version: 1 }, dueDate: futureDate(), language: "es" }), as: "key" });
  probes.push({ label: "api attestations by client", method: "GET", path: (id) => `/api/v1/attestations?clientId=${id}`, as: "key", okStatuses: [200] });
  probes.push({ label: "POST api client with B's rm", method: "POST", path: () => "/api/v1/clients", json: (id) => ({ name: "Cliente API", country: "PE", sector: "14", contactEmail: "api@example.test", rmUserId: id }), as: "key", okStatuses: [400] });
  // List filters that take an id or a name: the same answer as for a random one.
  for (const [label, p, as] of [
    ["portfolio clients by B's rm", (id: string) => `/app/clients?rm=${encodeURIComponent(id)}`, "rm"],
    ["portfolio assessments by B's rm", (id: string) => `/app/portfolio/assessments?rm=${encodeURIComponent(id)}`, "rm"],
    ["audit filter by subject", (id: string) => `/app/admin/audit?subject=${encodeURIComponent(id)}`, "admin"],
    ["audit filter by actor user", (id: string) => `/app/admin/audit?actor=${encodeURIComponent(id)}`, "admin"],
    ["audit csv by subject", (id: string) => `/app/admin/audit.csv?subject=${encodeURIComponent(id)}`, "admin"],
  ] as const) probes.push({ label, method: "GET", path: p, as, okStatuses: [200] });
  probes.push({ label: "api clients by B's client name", method: "GET", path: (name) => `/api/v1/clients?q=${encodeURIComponent(name)}`, as: "key", okStatuses: [200] });
  // The respondent, with A's link: B's documents.
  probes.push({ label: "respondent document", method: "GET", path: (id) => `/respond/documents/${id}`, as: "respondent" });
  probes.push({ label: "respondent attach", method: "POST", path: () => `/respond/section/${aQuestion.section}`, fields: (id) => ({ q: aQuestion.id, [`v:${aQuestion.id}`]: "Texto", [`attach:${aQuestion.id}`]: id, intent: `attach:${aQuestion.id}` }), as: "respondent", okStatuses: [200, 302, 303] });
  probes.push({ label: "respondent detach", method: "POST", path: () => `/respond/section/${aQuestion.section}`, fields: (id) => ({ q: aQuestion.id, intent: `detach|${aQuestion.id}|${id}` }), as: "respondent", okStatuses: [200, 302, 303] });
  probes.push({ label: "api respondent evidence", method: "PUT", path: () => "/api/v1/respond/answers", json: (id) => ({ answers: { [aQuestion.id]: { value: "Texto", evidence: [id] } } }), as: "respondent", okStatuses: [200] });

  // Which of B's ids each probe takes.
  const idsFor = (p: Probe): string[] => {
    const path = p.path("X");
    if (p.label.includes("client name")) return b.clientNames.slice(0, 3);
    if (p.label.includes("by subject")) return [...b.clients.slice(0, 2), ...b.assessments.slice(0, 1), ...b.decisions.slice(0, 1)];
    if (p.label.includes("user") || p.label.includes("roles") || p.label.includes("invitation") || p.label.includes("B's rm")) return b.users.slice(0, 4);
    if (p.label.includes("key")) return b.apiKeys.slice(0, 2);
    if (p.label.includes("webhook")) return b.webhooks.slice(0, 1);
    if (p.label.includes("switch")) return [app.seed.institutions.b];
    if (p.label.includes("respondent") && !p.label.includes("api respondent evidence")) return b.documents.slice(0, 2).map((d) => d.id);
    if (p.label.includes("api respondent evidence")) return b.documents.slice(0, 2).map((d) => d.id);
    if (path.includes("/clients/") || p.label.includes("reassess") || p.label.includes("by client")) return b.clients.slice(0, 3);
    if (path.includes("/assessments/")) return b.assessments.slice(0, 3);
    if (path.includes("/decisions/")) return [...b.proposedDecisions.slice(0, 1), ...b.decisions.slice(0, 2)];
    if (path.includes("/conditions/")) return b.conditions.slice(0, 2);
    if (path.includes("/attestations/")) return b.attestations.slice(0, 2);
    if (path.includes("/referrals/")) return b.observations.slice(0, 1);
    throw new Error(`no ids for ${p.label}`);
  };
  // The evidence download takes two ids; it gets its own probes.
  const docProbes = [
    { label: "bank evidence download", path: (a: string, d: string) => `/app/assessments/${a}/documents/${d}` },
    { label: "bank evidence download .data", path: (a: string, d: string) => `/app/assessments/${a}/documents/${d}.data` },
    { label: "bank evidence preview", path: (a: string, d: string) => `/app/assessments/${a}/documents/${d}/preview` },
  ];

  const clientOf = (as: Probe["as"]): Client | null => (as === "admin" ? admin : as === "rm" ? rm : as === "respondent" ? resp : null);
  const run = async (p: Probe, id: string): Promise<Res> => {
    const c = clientOf(p.as);
    const path = p.path(id);
    const headers: Record<string, string> = p.as === "key" ? bearer(seed.keys.aRw) : p.as === "respondent" && p.json ? bearer(seed.respondentA.token) : {};
    if (p.json) {
      const opts = { method: p.method, headers };
      return p.as === "key" || (p.as === "respondent" && p.json) ? await send(app, path, { ...opts, body: JSON.stringify(p.json(id)), headers: { ...headers, "Content-Type": "application/json" } }, tally) : await c!.json(path, p.json(id), opts);
    }
    if (p.fields) return c!.form(path, p.fields(id), { method: p.method });
    return c ? await c.send(path, { method: p.method }) : await send(app, path, { method: p.method, headers }, tally);
  };

  let probesRun = 0;
  let distinguishable = 0;
  const jobs: Array<() => Promise<void>> = [];
  const compare = (label: string, real: Res, random: Res, maskIds: string[], okStatuses: number[]) => {
    probesRun += 1;
    // A 5xx is counted as such (Tally); anything else not a refusal is a leak. The legacy
    // `?_data=` transport answers an action's 400 as an empty 200 (x-remix-response): that
    // carries nothing, and the comparison below still requires it to equal the random id's.
    const emptyLegacy = real.path.includes("_data=") && real.status === 200 && real.text === "" && real.headers["x-remix-response"] === "yes";
    if (real.status < 500 && !emptyLegacy && ![...REFUSED, ...okStatuses].includes(real.status)) tally.leaks.push(`${label} ${real.method} ${real.path}: ${real.status} ${real.text.slice(0, 80).replace(/\s+/g, " ")}`);
    const a = `${real.status}\n${mask(real.text, maskIds)}`;
    const r = `${random.status}\n${mask(random.text, maskIds)}`;
    if (a !== r) {
      distinguishable += 1;
      let at = 0;
      while (at < a.length && a[at] === r[at]) at++;
      tally.leaks.push(`${label}: B's id and a random id answer differently (${real.status} vs ${random.status}) at ${at}: ${JSON.stringify(a.slice(Math.max(0, at - 40), at + 60))} vs ${JSON.stringify(r.slice(Math.max(0, at - 40), at + 60))}`);
    }
  };
  for (const p of probes) {
    for (const id of idsFor(p)) {
      jobs.push(async () => {
        const randomId = sameShape(id);
        const real = await run(p, id);
        const random = await run(p, randomId);
        compare(p.label, real, random, [id, randomId], p.okStatuses ?? []);
      });
    }
  }
  for (const dp of docProbes) {
    for (const d of b.documents.slice(0, 2)) {
      jobs.push(async () => {
        const rd = sameShape(d.id);
        const ra = sameShape(d.assessmentId);
        const real = await rm.send(dp.path(d.assessmentId, d.id));
        const random = await rm.send(dp.path(ra, rd));
        compare(dp.label, real, random, [d.assessmentId, d.id, ra, rd], []);
      });
    }
  }
  // Own-id sanity: A's own pages work, so a refusal above is tenancy, not a broken route.
  const own = idsOf(app.db(), seed.institutions.a);
  jobs.push(async () => {
    const r = await rm.send(`/app/clients/${own.clients[0]}`);
    if (r.status !== 200) tally.fail(`own client page: ${r.status}`);
    const k = await send(app, `/api/v1/clients/${own.clients[0]}`, { headers: bearer(seed.keys.aRw) }, tally);
    if (k.status !== 200) tally.fail(`own client via API: ${k.status}`);
  });
  await pool(jobs, 3, (job) => job());

  const after = hashInstitution(app.db(), seed.institutions.b);
  const changed = changedTables(before, after);
  for (const t of changed) tally.leaks.push(`B's ${t} rows changed`);
  tally.count("probes", probesRun);
  tally.count("distinguishable", distinguishable);
  tally.count("B tables hashed", Object.keys(before).length);
  tally.print();
  expect(probesRun).toBeGreaterThan(150);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.unshaped).toEqual([]);
  expect(tally.leaks).toEqual([]);
  expect(tally.failures).toEqual([]);
});

