// npm run demo — builds, migrates a fresh demo database, seeds the demo bank, prints the logins
// and serves on http://localhost:3000 (PORT and DATABASE_URL override). Safe to run again: the
// demo database is recreated each time.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

process.env.NODE_ENV ??= "production";
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
  // The audit chain's HMAC key, likewise kept outside the database (ADR 002).
  const file = path.resolve(process.env.DATA_DIR, ".audit-hmac-key");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUDIT_HMAC_KEY = fs.readFileSync(file, "utf8").trim();
}

const { parseEnv, ConfigError } = await import("../app/env.server");
let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

if (process.env.SKIP_BUILD !== "1") {
  process.stdout.write("building…\n");
  execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"] });
}

const { databasePathFromUrl, openDatabase } = await import("../db/open");
const { migrate } = await import("../db/migrate");
const { seedDemo } = await import("./seed-data");

const { checkStartup } = await import("./server");
const file = databasePathFromUrl(env.databaseUrl);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
// The old demo database's audit checkpoints go with it (a new chain starts at #1).
fs.rmSync(env.auditCheckpointFile, { force: true });
checkStartup(env);
const sqlite = openDatabase(env.databaseUrl);
migrate(sqlite);
const logins = await seedDemo(sqlite);
sqlite.close();

// Clients at every stage and an API key per institution, through the app's own services.
const { seedStages, seedApiKeys } = await import("./seed-stages");
const { DEMO_INSTITUTIONS, DEMO_USERS } = await import("./seed-data");
const stages = process.env.SEED_STAGES === "0" ? [] : await seedStages();
const apiKeys = seedApiKeys(
  DEMO_INSTITUTIONS.map((i) => ({ id: i.id, name: i.name, adminUserId: DEMO_USERS.find((u) => u.memberships.some((m) => m.institutionId === i.id && m.roles.includes("admin")))!.id })),
);

const { createServer } = await import("./server");
const { startBackgroundWork } = await import("./background");
const app = await createServer(env);
app.listen(env.port, env.host, () => {
  process.stdout.write(`\nProvenant demo on http://localhost:${env.port}  (database ${path.relative(process.cwd(), file)})\n\n`);
  for (const login of logins) {
    process.stdout.write(`login: ${login.email} / ${login.password} (${login.roles.join("+")}, ${login.institution})\n`);
  }
  for (const { institution, key } of apiKeys) process.stdout.write(`api key: ${key} (${institution})\n`);
  if (stages.length) process.stdout.write(`\ndemo clients: ${stages.map((s) => `${s.client} (${s.stage})`).join("; ")}\n`);
  process.stdout.write("\nSign in at http://localhost:" + env.port + "/login — press Ctrl+C to stop.\n");
});
startBackgroundWork();
