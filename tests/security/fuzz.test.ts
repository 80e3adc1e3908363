// Bad-input fuzz (issue 13, area 4; contracts L1 and M4): cases generated from the OpenAPI
// document (every operation's body, path and query parameters, wrong types, huge and odd strings,
// nulls, deep nesting, invalid JSON, wrong media types, odd methods) and from every POST form of
// the app's pages (wrong content types, malformed multipart, oversize bodies, odd strings in
// every field), plus a header over 16 KB. No answer may be a 5xx; every /api answer >= 400 has the
// documented error shape; a refused respondent save leaves the draft as it was.
// SECURITY_FUZZ=full runs the long lists.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, Client, pool, respondent, send, signIn, Tally, type Res } from "./helpers/http";
import { startApp, type App } from "./helpers/server";
import { idsOf } from "./helpers/ids";
import { postForms } from "./helpers/forms";
import { respondView, anyQuestion, validValue } from "./helpers/respond";
import { futureDate } from "./helpers/routes";

const FULL = process.env.SECURITY_FUZZ === "full";
let fuzzTotal = 0;
let app: App;
const tally = new Tally("fuzz");
// Each test stops generating at its deadline (and then fails its count check), well inside its timeout.
const deadline = () => Date.now() + (FULL ? 300_000 : 45_000);
const TIMEOUT = FULL ? 360_000 : 90_000;
beforeAll(async () => {
  app = await startApp("fuzz");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

const nest = (depth: number): unknown => {
  let v: unknown = "deep";
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};
const BAD_VALUES: unknown[] = [null, true, 0, -1, 1e308, 9007199254740993, "", "x".repeat(5001), "\u0000", "a\u0000b", "\ud800", "\u202Egnp.exe", "a\r\nb", [], {}, nest(60), { $gt: "" }, "<script>x</script>", "😀".repeat(300), "2026-02-30", [null], ...(FULL ? ["x".repeat(200_000), "\u200B\u200D", "NaN", "' OR 1=1 --", "../../etc/passwd", -0.5, [null], [[[]]]] : [])];
const ODD_STRINGS = ["", "\u0000", "a\u0000b", "\ud800x", "\u202Eevil\u202C", "line1\r\nline2", "x".repeat(5001), "' OR 1=1 --", " ", "😀".repeat(50), "<script>alert(1)</script>", ...(FULL ? ["\udfff", "\u200B\u200D", "\r\nSet-Cookie: x=y", "x".repeat(100_000), "../../etc/passwd", "%00%2e%2e", "{{7*7}}", "null", "-1", "1e308", "2026-02-30", "NaN"] : [])];
const ODD_PATH = ["..", "%2e%2e%2f%2e%2e", "x".repeat(3000), "%00", "%C0%AE", "'%20OR%20'1'%3D'1", encodeURIComponent("ñ😀"), "-1", ...(FULL ? ["null", "%ff%fe", "a%2Fb", "%252e", "~", "$", "0"] : [])];
const ODD_QUERY = ["", "-1", "0", "201", "abc", "x".repeat(5001), "%00", "%", "%zz", "2026-13-45", ...(FULL ? ["1e308", "%5B%5D", "true", "%E2%80%AE"] : [])];

function setPath(obj: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}
function pathsOf(obj: unknown, prefix: string[] = []): string[][] {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return [];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}
type Doc = { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: { content: Record<string, { schema?: { $ref?: string } }> } }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

test("OpenAPI-generated bad input: no 5xx, every API error shaped, refused respondent saves change nothing", async () => {
  const seed = app.seed;
  const docRes = await send(app, "/api/v1/openapi.json", {}, tally);
  const doc = JSON.parse(docRes.text) as Doc;
  const b = idsOf(app.db(), seed.institutions.b);
  const token = seed.respondentsB.fuzz.token;
  const view = await respondView(app, token, tally);
  const q = anyQuestion(view);
  const bases: Record<string, unknown> = {
    CreateClient: { name: "Fuzz S.A.", country: "PE", sector: "14", registrationNumber: "RUC 1", contactName: "Ana", contactEmail: "fuzz@example.test", sourcingCountries: ["PE"], goods: [] },
    SendAssessment: { questionnaire: { key: "anti-trafficking-sme", version: 1 }, dueDate: futureDate(), language: "es" },
    SaveAnswers: { answers: { [q.id]: { value: validValue(q), comment: "fuzz" } } },
    Submit: { signatory: { name: "Ana", title: "CEO", email: "ana@example.test" }, attest: true },
  };
  const keys = seed.keys.bFuzzKeys;
  let k = 0;
  const staffAuth = () => bearer(keys[k++ % keys.length]!);
  const draft = () => JSON.stringify(app.db().prepare("SELECT question_id, value, comment, evidence FROM draft_answers WHERE assessment_id = ? ORDER BY question_id").all(seed.respondentsB.fuzz.assessmentId));
  type Case = { method: string; path: string; headers: Record<string, string>; body?: Buffer | string; respondent: boolean };
  const cases: Case[] = [];
  const concrete = (p: string) => p.replace("{id}", b.clients[0]!).replace("{key}", "anti-trafficking").replace("{version}", "1");
  for (const [p, ops] of Object.entries(doc.paths)) {
    const isResp = p.startsWith("/api/v1/respond");
    const auth = () => (isResp ? bearer(token) : staffAuth());
    for (const [method, op] of Object.entries(ops)) {
      const M = method.toUpperCase();
      // Path parameters.
      for (const param of (op.parameters ?? []).filter((x) => x.in === "path")) {
        for (const v of ODD_PATH) cases.push({ method: M, path: concrete(p.replace(`{${param.name}}`, v)), headers: auth(), respondent: isResp });
      }
      // Query parameters.
      for (const param of (op.parameters ?? []).filter((x) => x.in === "query")) {
        for (const v of ODD_QUERY) cases.push({ method: M, path: `${concrete(p)}?${param.name}=${/^%|^$/.test(v) ? v : encodeURIComponent(v)}`, headers: auth(), respondent: isResp });
      }
      // Headers.
      for (const param of (op.parameters ?? []).filter((x) => x.in === "header")) {
        for (const v of ["", "x".repeat(300), "ñ", "a b c"]) cases.push({ method: M, path: concrete(p), headers: { ...auth(), "Content-Type": "application/json", [param.name]: Buffer.from(v).toString("latin1") }, body: JSON.stringify({}), respondent: isResp });
      }
      const json = op.requestBody?.content?.["application/json"];
      if (json) {
        const name = json.schema?.$ref?.split("/").pop() ?? "";
        const base = bases[name];
        if (base === undefined) throw new Error(`no base body for ${name}`);
        const props = Object.keys(doc.components.schemas[name]?.properties ?? {});
        const paths = [...pathsOf(base), ...props.filter((pr) => !(pr in (base as object))).map((pr) => [pr])];
        for (const path of paths) for (const v of BAD_VALUES) cases.push({ method: M, path: concrete(p), headers: { ...auth(), "Content-Type": "application/json" }, body: JSON.stringify(setPath(base, path, v)), respondent: isResp });
        for (const path of pathsOf(base)) {
          const without = structuredClone(base) as Record<string, unknown>;
          let at = without;
          for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
          delete at[path[path.length - 1]!];
          cases.push({ method: M, path: concrete(p), headers: { ...auth(), "Content-Type": "application/json" }, body: JSON.stringify(without), respondent: isResp });
        }
        const wholeBodies: Array<[string, Buffer | string]> = [
          ["application/json", '{"a":'],
          ["application/json", ""],
          ["application/json", "null"],
          ["application/json", "[]"],
          ["application/json", '"str"'],
          ["application/json", `\ufeff${JSON.stringify(base)}`],
          ["application/json", Buffer.from(JSON.stringify(base), "utf16le")],
          ["application/json; charset=utf-16", Buffer.from(JSON.stringify(base), "utf16le")],
          ["application/json", "[".repeat(5000) + "]".repeat(5000)],
          ["application/json", JSON.stringify({ ...(base as object), extra: 1 })],
          ["application/json", JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) })],
          ["text/plain", JSON.stringify(base)],
          ["application/x-www-form-urlencoded", "a=1&b=2"],
          ["multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zzz--\r\n"],
          ["application/xml", "<a/>"],
          ["", JSON.stringify(base)],
        ];
        if (FULL) wholeBodies.push(["application/json", "[".repeat(100_000) + "]".repeat(100_000)], ["application/json", JSON.stringify({ pad: "x".repeat(12 * 1024 * 1024) })]);
        for (const [ct, body] of wholeBodies) cases.push({ method: M, path: concrete(p), headers: { ...auth(), ...(ct ? { "Content-Type": ct } : {}) }, body, respondent: isResp });
      }
      if (op.requestBody?.content?.["multipart/form-data"]) {
        for (const [ct, body] of [["multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4"], ["multipart/form-data", "garbage"], ["application/json", "{}"], ["multipart/form-data; boundary=zzz", "--zzz--\r\n"]] as const) {
          cases.push({ method: M, path: concrete(p), headers: { ...auth(), "Content-Type": ct }, body, respondent: isResp });
        }
      }
      if (op.requestBody?.content?.["application/pdf"]) {
        for (const body of ["", "not a pdf", "%PDF-1.7\n%%EOF", "\u0000".repeat(1000)]) cases.push({ method: M, path: concrete(p), headers: { "Content-Type": "application/pdf" }, body, respondent: false });
        cases.push({ method: M, path: concrete(p), headers: { "Content-Type": "text/plain" }, body: "x", respondent: false });
      }
    }
    // Methods the path does not take.
    const allowed = Object.keys(ops).map((m) => m.toUpperCase());
    for (const m of ["TRACE", "PROPFIND", "PUT", "PATCH", "DELETE", "OPTIONS", "POST", "GET"].filter((m) => !allowed.includes(m))) cases.push({ method: m, path: concrete(p), headers: auth(), respondent: isResp });
  }
  // Unknown API paths, and a header over 16 KB.
  for (const p of ["/api/v1/nope", "/api/v2/clients", "/api/v1/clients/%00/gate/extra"]) cases.push({ method: "GET", path: p, headers: staffAuth(), respondent: false });
  for (const p of ["/api/v1/clients", "/api/v1/respond"]) cases.push({ method: "GET", path: p, headers: { ...staffAuth(), "X-Big": "a".repeat(20_000) }, respondent: false });

  const stop = deadline();
  let done = 0;
  let refusedSaves = 0;
  const nonResp = cases.filter((c) => !c.respondent);
  const resp = cases.filter((c) => c.respondent);
  const run = async (c: Case) => {
    if (Date.now() > stop) return;
    let res: Res;
    try {
      res = await send(app, c.path, { method: c.method, headers: c.headers, body: c.body }, tally);
    } catch (error) {
      tally.fail(`${c.method} ${c.path.slice(0, 80)}: ${(error as Error).message}`);
      return;
    }
    done += 1;
    void res;
  };
  await pool(nonResp, 4, run);
  // Respondent cases one at a time, the draft compared around every refused save.
  for (const c of resp) {
    if (Date.now() > stop) break;
    const before = c.method === "PUT" || c.method === "POST" ? draft() : "";
    let res: Res;
    try {
      res = await send(app, c.path, { method: c.method, headers: c.headers, body: c.body }, tally);
    } catch (error) {
      tally.fail(`${c.method} ${c.path}: ${(error as Error).message}`);
      continue;
    }
    done += 1;
    if (before && res.status >= 400) {
      refusedSaves += 1;
      if (draft() !== before) tally.fail(`refused respondent ${c.method} ${c.path} (${res.status}) changed the draft: ${String(c.body).slice(0, 80)}`);
    }
  }
  // The big headers on /api are 431 with the shape (checked by the Tally as any /api >= 400).
  tally.count("API cases", done);
  fuzzTotal += done;
  tally.count("refused respondent saves checked", refusedSaves);
  expect(done).toBe(cases.length);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.unshaped).toEqual([]);
  expect(tally.failures).toEqual([]);
}, TIMEOUT);

test("form fuzz on every page action: no 5xx; wrong media types 415, malformed multipart 400, oversize 413; refused saves change nothing", async () => {
  const seed = app.seed;
  const b = idsOf(app.db(), seed.institutions.b);
  const rm = await signIn(app, seed.users.bRm, seed.password);
  const admin = await signIn(app, seed.users.bAdmin, seed.password);
  const anon = new Client(app);
  const resp = await respondent(app, seed.respondentsB.fuzz.token);
  for (const c of [rm, admin, anon, resp]) Object.assign(c, { tally });
  const view = await respondView(app, seed.respondentsB.fuzz.token);
  const sections = view.questionnaire.sections.map((s) => s.key);
  const pages: Array<[Client, string]> = [
    [rm, "/app/clients/new"],
    [rm, `/app/clients/${b.clients[0]}/edit`],
    [rm, `/app/clients/${b.clients[1]}`],
    [rm, `/app/clients/${b.clients[0]}/observations`],
    [rm, "/app/reassessment"],
    [admin, "/app/admin/policy"],
    [admin, "/app/admin/webhooks"],
    [admin, "/app/admin/users"],
    [anon, "/login"],
    [anon, "/verify"],
    ...sections.slice(0, FULL ? 99 : 2).map((s) => [resp, `/respond/section/${s}`] as [Client, string]),
  ];
  type FormCase = { client: Client; action: string; fields: Array<[string, string]> };
  const forms: FormCase[] = [];
  for (const [client, path] of pages) {
    const page = await client.send(path);
    if (page.status !== 200) {
      tally.fail(`GET ${path}: ${page.status}`);
      continue;
    }
    for (const f of postForms(page.text, path)) {
      if (/logout|switch-institution|set-language/.test(f.action)) continue;
      if (f.fields.some(([n, v]) => n === "intent" && /set-roles|deactivate|revoke|withdraw|send-test/.test(v))) continue;
      forms.push({ client, action: f.action, fields: f.fields });
    }
  }
  forms.push({ client: anon, action: "/set-language", fields: [["lang", "en"], ["redirectTo", "/"]] });
  const respSection = forms.find((f) => f.action.startsWith("/respond/section/"));
  if (respSection) forms.push({ client: resp, action: "/respond/answers.save", fields: respSection.fields });
  const draft = () => JSON.stringify(app.db().prepare("SELECT question_id, value, comment, evidence FROM draft_answers WHERE assessment_id = ? ORDER BY question_id").all(seed.respondentsB.fuzz.assessmentId));
  const stop = deadline();
  const problems: string[] = [];
  let posts = 0;
  let refusedSaves = 0;
  let skipped = 0;
  const isResp = (a: string) => a.startsWith("/respond");
  const post = async (f: FormCase, body: Buffer | string, contentType: string | undefined, extra: Record<string, string> = {}): Promise<Res | null> => {
    if (Date.now() > stop) {
      skipped += 1;
      return null;
    }
    const before = isResp(f.action) ? draft() : "";
    const res = await f.client.send(f.action, { method: "POST", body, headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...extra } });
    posts += 1;
    if (before && res.status >= 400) {
      refusedSaves += 1;
      if (draft() !== before) problems.push(`refused ${f.action} (${res.status}) changed the draft`);
    }
    return res;
  };
  const encode = (fields: Array<[string, string]>) => new URLSearchParams(fields).toString();
  for (const f of forms) {
    // Odd strings in every field.
    const jobs: Array<() => Promise<void>> = [];
    for (let i = 0; i < f.fields.length; i++) {
      for (const odd of ODD_STRINGS) {
        jobs.push(async () => {
          const fields = f.fields.map(([n, v], j) => [n, j === i ? odd : v] as [string, string]);
          await post(f, encode(fields), "application/x-www-form-urlencoded");
        });
      }
    }
    await pool(jobs, isResp(f.action) ? 1 : 3, (j) => j());
    // Media types and framing, to the contracts.
    const expect4xx = async (label: string, want: number, body: Buffer | string, ct: string | undefined, extra: Record<string, string> = {}) => {
      const res = await post(f, body, ct, extra);
      if (res && res.status !== want) problems.push(`${label} ${f.action}: ${res.status}, not ${want}`);
    };
    await expect4xx("JSON body", 415, JSON.stringify(Object.fromEntries(f.fields)), "application/json");
    await expect4xx("text/plain body", 415, encode(f.fields), "text/plain");
    await expect4xx("no content type", 415, encode(f.fields), undefined);
    await expect4xx("multipart without boundary", 400, "--x\r\n", "multipart/form-data");
    await expect4xx("truncated multipart", 400, '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', "multipart/form-data; boundary=zz");
    await expect4xx("wrong boundary", 400, '--aa\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--aa--\r\n', "multipart/form-data; boundary=zz");
    const chunked = Date.now() > stop ? null : await f.client.send(f.action, { method: "POST", body: encode(f.fields), chunked: true, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    if (chunked) {
      posts += 1;
      if (chunked.status !== 411) problems.push(`form post without Content-Length ${f.action}: ${chunked.status}, not 411`);
    }
    await expect4xx("urlencoded over 1 MB", 413, `pad=${"x".repeat(1024 * 1024 + 10)}`, "application/x-www-form-urlencoded");
    if (Date.now() > stop) {
      skipped += 1;
      break;
    }
  }
  // Odd methods on page paths (and TRACE anywhere), without a body.
  for (const p of ["/", "/login", "/app", "/app/clients", "/verify", "/respond", "/healthz", `/app/clients/${b.clients[0]}`]) {
    for (const m of ["TRACE", "PROPFIND", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      await rm.send(p, { method: m });
      posts += 1;
    }
  }
  const big = await rm.send("/app/clients", { headers: { "X-Big": "a".repeat(20_000) } });
  posts += 1;
  if (big.status !== 431) problems.push(`header over 16 KB on a page: ${big.status}`);
  tally.count("form and page cases", posts);
  fuzzTotal += posts;
  expect(fuzzTotal, "at least 2,000 generated cases").toBeGreaterThanOrEqual(2000);
  tally.count("forms", forms.length);
  tally.count("refused form saves checked", refusedSaves);
  for (const p of problems) tally.fail(p);
  expect(skipped, "form cases left undone at the deadline").toBe(0);
  expect(problems).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
}, TIMEOUT);
