// Integration API throughput (issue 9, "Performance"): autocannon against
// GET /api/v1/clients/:id/gate on the production build with 20,000 clients seeded, and against a
// constant-JSON Remix resource route (GET /api/v1/ping) as the baseline, in the same process and
// run (the server in a child process). Prints requests/s and p99 latency for both and the gate/baseline latency ratio.
// Target: the gate within 1.5× the baseline's latency.
//
//   npx tsx bench/api.ts [--duration=10] [--connections=10]   (seconds per route; connections)
//
// Builds first when build/index.js is missing. Uses its own database under .tmp/. The gate is
// asked for a client with an approved decision and an open condition (the most rows the gate
// reads); requests rotate over 200 API keys so the per-key limit (600/min) never answers 429.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../db/tables";

type CannonResult = { non2xx: number; errors: number; requests: { average: number }; latency: { p99: number; average: number } };
// autocannon ships no type declarations; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<CannonResult>;

// The server runs in a child process so autocannon's client work does not share its event loop.
if (process.argv[2] === "--serve") {
  const { parseEnv } = await import("../app/env.server");
  const { createServer } = await import("../scripts/server");
  const app = await createServer(parseEnv(process.env));
  const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  await new Promise(() => undefined);
}

// Named flags only: bench/run-all.ts passes its own arguments (the scoring bench's N) to every bench.
const flag = (name: string, fallback: number) => {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  return value === undefined ? fallback : Number(value);
};
const duration = flag("duration", 10);
const connections = flag("connections", 10);
const CLIENTS = 20_000;
const KEYS = 200;

const dbFile = path.resolve(process.cwd(), ".tmp/bench-api.db");
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${dbFile}${suffix}`, { force: true });
process.env.NODE_ENV = "production";
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.DATA_DIR = path.resolve(process.cwd(), ".tmp/bench-api-data");
process.env.SESSION_SECRET = crypto.randomBytes(32).toString("base64url");
process.env.AUDIT_HMAC_KEY ||= crypto.randomBytes(32).toString("base64url");
process.env.PORT = "3000";

if (!fs.existsSync(path.resolve(process.cwd(), "build/index.js"))) {
  process.stdout.write("building…\n");
  execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"] });
}

const { openDatabase } = await import("../db/open");
const { migrate } = await import("../db/migrate");
const sqlite = openDatabase(`file:${dbFile}`);
migrate(sqlite);
const db = drizzle(sqlite, { schema });
const now = new Date();
const nowIso = now.toISOString();
const today = nowIso.slice(0, 10);
const id = (n: number, prefix: string) => `${prefix}${String(n).padStart(8, "0")}`;
const institutionId = "bench-institution";
const userId = "bench-user";
const keys: string[] = [];
let target = "";

const seedStart = performance.now();
db.transaction((tx) => {
  tx.insert(schema.institutions).values({ id: institutionId, name: "Banco Bench", slug: "banco-bench", createdAt: nowIso }).run();
  tx.insert(schema.users).values({ id: userId, email: "bench@example.test", name: "Bench Admin", createdAt: nowIso, updatedAt: nowIso }).run();
  for (let k = 0; k < KEYS; k++) {
    const key = `pvn_key_${crypto.randomBytes(32).toString("base64url")}`;
    keys.push(key);
    tx.insert(schema.apiKeys)
      .values({ id: id(k, "key"), institutionId, name: `bench ${k}`, scope: "read", canReadAudit: false, prefix: key.slice(0, 14), keyHash: crypto.createHash("sha256").update(key).digest("hex"), createdBy: userId, createdAt: nowIso })
      .run();
  }
  const rows: Array<typeof schema.clients.$inferInsert> = [];
  for (let i = 0; i < CLIENTS; i++) {
    rows.push({
      id: id(i, "c"),
      institutionId,
      name: `Client ${i}`,
      country: ["PE", "MX", "CL", "BR", "CO"][i % 5]!,
      sector: ["01", "14", "26", "41", "64"][i % 5]!,
      contactEmail: `client${i}@example.test`,
      sourcingCountries: ["CN"],
      goods: [],
      inherentRisk: "medium",
      createdAt: nowIso,
      updatedAt: nowIso,
    });
    if (rows.length === 500) tx.insert(schema.clients).values(rows.splice(0)).run();
  }
  if (rows.length > 0) tx.insert(schema.clients).values(rows).run();

  // The measured client: a decided assessment, an approved decision with an open condition.
  target = id(CLIENTS / 2, "c");
  const sig = { name: "Signatory", title: "CEO", email: "s@example.test" };
  tx.insert(schema.assessments)
    .values({ id: "a-target", institutionId, clientId: target, questionnaireKey: "anti-trafficking", questionnaireVersion: 1, questionnaireSha256: "0".repeat(64), status: "decided", language: "en", dueDate: today, expiresAt: nowIso, sentBy: userId, sentAt: nowIso, submittedAt: nowIso, signatory: sig, updatedAt: nowIso })
    .run();
  tx.insert(schema.answerSets).values({ id: "as-target", institutionId, assessmentId: "a-target", answers: {}, signatory: sig, attestationText: "bench", questionnaireSha256: "0".repeat(64), submittedAt: nowIso }).run();
  tx.insert(schema.results).values({ id: "r-target", institutionId, assessmentId: "a-target", answerSetId: "as-target", result: {}, engineVersion: "bench", residualRisk: "medium", recommendation: "approve-with-conditions", reason: "submission", createdAt: nowIso }).run();
  tx.insert(schema.decisions)
    .values({
      id: "d-target",
      institutionId,
      clientId: target,
      assessmentId: "a-target",
      resultId: "r-target",
      outcome: "approve-with-conditions",
      recommendation: "approve-with-conditions",
      residualRisk: "medium",
      rationale: "bench",
      status: "approved",
      proposedBy: userId,
      proposedAt: nowIso,
      reviewedBy: userId,
      reviewedAt: nowIso,
      validFrom: today,
      validUntil: new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10),
      validityMonths: 12,
      policy: {},
    })
    .run();
  tx.insert(schema.conditions).values({ id: "cond-target", institutionId, decisionId: "d-target", clientId: target, text: "Publish a grievance channel", dueDate: new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10) }).run();
});
sqlite.pragma("wal_checkpoint(TRUNCATE)");
sqlite.close();
const seedMs = performance.now() - seedStart;

const child = spawn(process.execPath, ["--import", "tsx", "bench/api.ts", "--serve"], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise<number>((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    const match = /PORT (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

let next = 0;
function withKey(request: { headers?: Record<string, string> }) {
  next = (next + 1) % keys.length;
  return { ...request, headers: { ...(request.headers ?? {}), authorization: `Bearer ${keys[next]}` } };
}

function options(title: string, pathName: string, authorised: boolean) {
  return { url: `${base}${pathName}`, connections, title, ...(authorised ? { requests: [{ setupRequest: withKey }] } : {}) };
}

async function once(opts: Record<string, unknown>, seconds: number): Promise<CannonResult> {
  const result = await autocannon({ ...opts, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${String(opts.title)}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  return result;
}

/**
 * Both routes are warmed up, then measured in alternating rounds, so a burst of other work on
 * the machine (or the JIT settling) weighs on both rather than on whichever ran first.
 */
async function measureBoth(a: Record<string, unknown>, b: Record<string, unknown>) {
  await once(a, Math.min(2, duration));
  await once(b, Math.min(2, duration));
  const rounds = 3;
  const results: [CannonResult[], CannonResult[]] = [[], []];
  for (let r = 0; r < rounds; r++) {
    results[0].push(await once(a, Math.max(1, duration / rounds)));
    results[1].push(await once(b, Math.max(1, duration / rounds)));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return results.map((rs, i) => ({
    title: String((i === 0 ? a : b).title),
    reqPerSec: rs.reduce((sum, x) => sum + x.requests.average, 0) / rs.length,
    mean: rs.reduce((sum, x) => sum + x.latency.average, 0) / rs.length,
    p99: median(rs.map((x) => x.latency.p99)),
  })) as [Summary, Summary];
}
type Summary = { title: string; reqPerSec: number; mean: number; p99: number };

const check = await fetch(`${base}/api/v1/clients/${target}/gate`, { headers: { Authorization: `Bearer ${keys[0]}` } });
const body = (await check.json()) as { gate?: string };
if (check.status !== 200 || body.gate !== "conditional") throw new Error(`unexpected gate response ${check.status} ${JSON.stringify(body)}`);

const [baseline, gate] = await measureBoth(options("baseline GET /api/v1/ping", "/api/v1/ping", false), options("GET /api/v1/clients/:id/gate", `/api/v1/clients/${target}/gate`, true));
child.kill("SIGTERM");

const row = (r: Summary) => `${r.title.padEnd(32)} ${r.reqPerSec.toFixed(0).padStart(8)} req/s   p99 ${String(r.p99).padStart(4)} ms   mean ${r.mean.toFixed(2)} ms`;
process.stdout.write(`\nbench/api: ${CLIENTS} clients seeded in ${(seedMs / 1000).toFixed(1)} s; ${connections} connections, ${duration} s per route in 3 alternating rounds (after a warm-up); p99 is the median round's\n`);
process.stdout.write(`${row(baseline)}\n${row(gate)}\n`);
const ratio = gate.mean / baseline.mean;
process.stdout.write(`gate/baseline mean latency: ${ratio.toFixed(2)}× (target ≤ 1.5×); p99 ${gate.p99} ms vs ${baseline.p99} ms\n`);
process.exitCode = 0;
