// Portfolio pages at scale (issue 7, "Performance"): 20,000 clients and 60,000 assessments
// (scripts/seed-bench.ts), the production build served by scripts/server.ts's createServer in a
// child process on a free loopback port, an RM's session cookie, and autocannon against
//   - the dashboard (GET /app),
//   - a filtered clients list (GET /app/portfolio/clients?gate=closed&residualRisk=high),
//   - the same list sorted by residual risk on its second page (keyset cursor),
//   - a client page (GET /app/clients/:id).
// Prints p50/p95 (from every response's latency) and requests/s per route, the server's start-up
// time (it warms the dashboard figures before listening) and the dashboard's first request.
// Target: p95 ≤ 150 ms.
//
//   npx tsx bench/portfolio.ts [durationSeconds=10] [connections=10] [--reseed]
//   BENCH_ONLY=<part of a route's title> to measure one route; BENCH_PROF=<dir> to write the
//   server's CPU profile there (node --cpu-prof).
//
// The database is .tmp/bench-portfolio.db; it is seeded when missing (about 20 seconds) and
// reused otherwise. Builds first when build/index.js is missing.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

type Instance = { on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
type CannonResult = { non2xx: number; errors: number; requests: { average: number } };
// autocannon ships no type declarations; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>, done?: (error: unknown, result: CannonResult) => void) => Instance;

if (process.argv[2] === "--serve") {
  const { parseEnv } = await import("../app/env.server");
  const { createServer } = await import("../scripts/server");
  const app = await createServer(parseEnv(process.env));
  const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  await new Promise(() => undefined);
}

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const duration = Number(args[0] ?? 10);
const connections = Number(args[1] ?? 10);
const reseed = process.argv.includes("--reseed");

const dbFile = path.resolve(process.cwd(), ".tmp/bench-portfolio.db");
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
process.env.NODE_ENV = "production";
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.DATA_DIR = path.resolve(process.cwd(), ".tmp/bench-portfolio-data");
process.env.SESSION_SECRET ||= crypto.randomBytes(32).toString("base64url");
process.env.AUDIT_HMAC_KEY ||= crypto.randomBytes(32).toString("base64url");
process.env.PORT = "3000";

if (!fs.existsSync(path.resolve(process.cwd(), "build/index.js"))) {
  process.stdout.write("building…\n");
  execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"] });
}

const { openDatabase } = await import("../db/open");
const { migrate } = await import("../db/migrate");
const { BENCH_INSTITUTION, BENCH_RM } = await import("../scripts/seed-bench");

function hasBenchData(): boolean {
  if (!fs.existsSync(dbFile)) return false;
  const sqlite = openDatabase(`file:${dbFile}`);
  try {
    const row = sqlite.prepare("SELECT count(*) AS n FROM clients WHERE institution_id = ?").get(BENCH_INSTITUTION) as { n: number } | undefined;
    return (row?.n ?? 0) >= 20_000;
  } catch {
    return false;
  } finally {
    sqlite.close();
  }
}

if (reseed || !hasBenchData()) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  process.stdout.write("seeding 20,000 clients and 60,000 assessments…\n");
  execFileSync(process.execPath, ["--import", "tsx", "scripts/seed-bench.ts", "20000"], { stdio: "inherit", env: process.env });
}

// An RM's session: a row whose id hash the signed cookie carries (as the browser would hold).
const sqlite = openDatabase(`file:${dbFile}`);
migrate(sqlite);
const sessionId = crypto.randomBytes(32).toString("base64url");
const now = new Date();
sqlite
  .prepare("INSERT INTO sessions (id_hash, user_id, institution_id, created_at, expires_at, verified_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, 'bench')")
  .run(crypto.createHash("sha256").update(sessionId).digest("hex"), BENCH_RM, BENCH_INSTITUTION, now.toISOString(), new Date(now.getTime() + 3600_000).toISOString(), now.toISOString());
const clientId = (sqlite.prepare("SELECT id FROM clients WHERE institution_id = ? AND gate = 'conditional' ORDER BY id LIMIT 1 OFFSET 100").get(BENCH_INSTITUTION) as { id: string }).id;
const counts = sqlite.prepare("SELECT (SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM assessments) AS assessments, (SELECT count(*) FROM results) AS results").get() as { clients: number; assessments: number; results: number };
sqlite.close();
const { getSessionCookie } = await import("../app/auth/cookies.server");
const cookie = (await getSessionCookie().serialize(sessionId)).split(";")[0]!;

const spawnedAt = performance.now();
const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), "--import", "tsx", "bench/portfolio.ts", "--serve"], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
// A failed check below throws; the server must not outlive the bench (its pipe would keep this
// process waiting).
process.on("exit", () => child.kill("SIGTERM"));
const port = await new Promise<number>((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    const match = /PORT (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
});
const startupMs = performance.now() - spawnedAt;
const base = `http://127.0.0.1:${port}`;

async function timedGet(pathName: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const res = await fetch(`${base}${pathName}`, { headers: { Cookie: cookie } });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, body };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function run(options: Record<string, unknown>): Promise<{ result: CannonResult; latencies: number[]; bytes: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let bytes = 0;
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, latencies, bytes })));
    instance.on("response", (_client, _status, size, ms) => {
      latencies.push(ms);
      bytes += size;
    });
  });
}

async function measure(title: string, pathName: string) {
  const options = { url: `${base}${pathName}`, connections, headers: { cookie } };
  await run({ ...options, duration: Math.min(2, duration) });
  const { result, latencies, bytes } = await run({ ...options, duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${title}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  const sorted = latencies.sort((a, b) => a - b);
  return { title, reqPerSec: result.requests.average, p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length, kb: bytes / Math.max(1, sorted.length) / 1024 };
}

const cold = await timedGet("/app");
if (cold.status !== 200 || !cold.body.includes("chart-residual")) throw new Error(`dashboard answered ${cold.status}`);
const warm = await timedGet("/app");
const firstList = await timedGet("/app/portfolio/clients?sort=residualRisk&dir=desc");
const next = /after=([^"&]+)/.exec(firstList.body.replace(/&amp;/g, "&"))?.[1];
if (!next) throw new Error("the clients list has no next page");
const clientPage = await timedGet(`/app/clients/${clientId}`);
if (clientPage.status !== 200) throw new Error(`client page answered ${clientPage.status}`);

const routes: Array<[string, string]> = [
  ["GET /app (dashboard)", "/app"],
  ["GET /app/portfolio/clients?gate=closed&residualRisk=high", "/app/portfolio/clients?gate=closed&residualRisk=high"],
  ["clients sorted by risk, page 2 (keyset)", `/app/portfolio/clients?sort=residualRisk&dir=desc&after=${next}`],
  ["GET /app/clients/:id", `/app/clients/${clientId}`],
];
// BENCH_ONLY=dashboard (any part of a title) measures just that route, e.g. under BENCH_PROF.
const only = process.env.BENCH_ONLY;
const results = [];
for (const [title, pathName] of routes) if (!only || title.includes(only)) results.push(await measure(title, pathName));
child.kill("SIGTERM");

process.stdout.write(`\nbench/portfolio: ${counts.clients} clients, ${counts.assessments} assessments, ${counts.results} results; ${connections} connections, ${duration} s per route (after a 2 s warm-up)\n`);
process.stdout.write(`server start-up (with the dashboard warm-up): ${startupMs.toFixed(0)} ms; dashboard first request: ${cold.ms.toFixed(0)} ms; second: ${warm.ms.toFixed(0)} ms\n`);
for (const r of results) {
  const verdict = r.p95 <= 150 ? "ok" : "OVER TARGET";
  process.stdout.write(`${r.title.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   ${r.reqPerSec.toFixed(0).padStart(5)} req/s   ${r.kb.toFixed(0).padStart(3)} kB   (${r.n} responses) ${verdict}\n`);
}
process.stdout.write("target: p95 ≤ 150 ms\n");
