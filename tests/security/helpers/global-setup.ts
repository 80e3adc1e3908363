// Once per `npm run test:security`: a template database and data directory seeded through the
// app's own services (seed.ts), and one session secret; every test file copies them and starts
// its own production server (server.ts).
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { TestProject } from "vitest/node";

export const BASE = path.resolve(process.cwd(), ".tmp/security");

export default function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve("build/index.js"))) throw new Error("no production build: run `npm run build` first");
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.mkdirSync(BASE, { recursive: true });
  // 48 random characters from a 64-letter alphabet.
  const secret = crypto.randomBytes(36).toString("base64url");
  // The audit chain's key, as production requires it, outside the database (ADR 003).
  const auditKey = crypto.randomBytes(36).toString("base64url");
  const dbFile = path.join(BASE, "template.db");
  const dataDir = path.join(BASE, "template-data");
  const out = execFileSync(path.resolve("node_modules/.bin/tsx"), ["tests/security/helpers/seed.ts"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dbFile}`, DATA_DIR: dataDir, SESSION_SECRET: secret, AUDIT_HMAC_KEY: auditKey, AUDIT_CHECKPOINT_FILE: path.join(dataDir, "audit-checkpoints.jsonl"), PUBLIC_URL: "http://127.0.0.1:9" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 60_000,
  });
  const sqlite = new Database(dbFile);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  const seed = JSON.parse(out.trim().split("\n").pop()!);
  project.provide("security", { base: BASE, dbFile, dataDir, secret, auditKey, seed });
  // The servers' copies (databases, uploaded files, tampered PDFs) go afterwards, unless kept for
  // a look with SECURITY_KEEP=1.
  return () => {
    if (process.env.SECURITY_KEEP !== "1") fs.rmSync(BASE, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    security: { base: string; dbFile: string; dataDir: string; secret: string; auditKey: string; seed: import("./seed-types").Seed };
  }
}
