// npm run demo — builds, migrates a fresh demo database, seeds the demo bank, prints the logins
// and serves on http://localhost:3000 (PORT and DATABASE_URL override). Safe to run again: the
// demo database is recreated each time.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// The demo serves the production build but is not a production deployment: it turns on the
// demo mailbox (/demo/mailbox, the client's e-mail with its real links, so one can play the
// respondent) and lets webhooks reach this machine (a local receiver). Both settings are refused
// with NODE_ENV=production (app/env.server.ts), so the demo runs with NODE_ENV=development; run
// it with NODE_ENV=production to get neither.
process.env.NODE_ENV ??= "development";
if (process.env.NODE_ENV !== "production") {
  process.env.DEMO_MAILBOX ??= "1";
  process.env.WEBHOOKS_ALLOW_LOOPBACK ??= "1";
}
process.env.DATABASE_URL ||= "file:./data/demo.db";
process.env.PORT ||= "3000";
process.env.DATA_DIR ||= "./data";
if (!process.env.SESSION_SECRET) {
  // A stable random secret per checkout, so demo sessions survive restarts.
  const file = path.resolve(process.env.DATA_DIR, ".session-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.SESSION_SECRET = fs.readFileSync(file, "utf8").trim();
}
if (!process.env.AUDIT_HMAC_KEY) {
  // The audit chain's HMAC key, likewise kept outside the database (ADR 003).
  const file = path.resolve(process.env.DATA_DIR, ".audit-hmac-key");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUDIT_HMAC_KEY = fs.readFileSync(file, "utf8").trim();
}

const { envOrExit } = await import("./env-or-exit");
const env = envOrExit();

if (process.env.SKIP_BUILD !== "1") {
  process.stdout.write("building…\n");
  execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
}

const { databasePathFromUrl } = await import("../db/open");
const { dialectOfUrl } = await import("../db/dialect");
const { seedDemoBank, printSeeded } = await import("./seed-demo-bank");

const { checkStartup, createServer, listen } = await import("./server");
const onPostgres = dialectOfUrl(env.databaseUrl) === "pg";
const where = onPostgres ? env.databaseUrl.replace(/\/\/[^@/]*@/, "//") : path.relative(process.cwd(), databasePathFromUrl(env.databaseUrl));
if (onPostgres) {
  const { resetDemoPostgres } = await import("./demo-postgres");
  await resetDemoPostgres(env.databaseUrl);
} else {
  const file = databasePathFromUrl(env.databaseUrl);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}
// The old demo database's audit checkpoints go with it (a new chain starts at #1).
fs.rmSync(env.auditCheckpointFile, { force: true });
await checkStartup(env);
const seeded = await seedDemoBank();
// The sample screening lists (fictional names, marked as sample data on every page that shows them).
const { loadSampleLists } = await import("./screening-samples");
await loadSampleLists();

const { startBackgroundWork } = await import("./background");
const app = await createServer(env);
listen(app, env, () => {
  process.stdout.write(`\nProvenant demo on http://localhost:${env.port}  (database ${where})\n\n`);
  printSeeded(seeded);
  if (env.demoMailbox) process.stdout.write(`\nDemo mailbox (what clients receive by e-mail, with their links): http://localhost:${env.port}/demo/mailbox\n`);
  process.stdout.write("\nSign in at http://localhost:" + env.port + "/login — press Ctrl+C to stop.\n");
});
startBackgroundWork();
