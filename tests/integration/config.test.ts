// Configuration (issue 3): a missing or malformed value stops start-up with one line naming it;
// local use needs no setup.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, parseEnv } from "~/env.server";

const SECRET = "s".repeat(40);

function configError(raw: Record<string, string | undefined>): ConfigError {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(raw)}`);
}

describe("parseEnv", () => {
  it("refuses production without SESSION_SECRET, naming it on one line", () => {
    const error = configError({ NODE_ENV: "production" });
    expect(error.message).toMatch(/^Configuration error: SESSION_SECRET /);
    expect(error.message).not.toContain("\n");
    expect(configError({ NODE_ENV: "production", SESSION_SECRET: "" }).message).toContain("SESSION_SECRET");
  });

  it("refuses production without AUDIT_HMAC_KEY, and audit keys shorter than 32 characters (ADR 002)", () => {
    expect(configError({ NODE_ENV: "production", SESSION_SECRET: SECRET }).message).toMatch(/^Configuration error: AUDIT_HMAC_KEY is required in production/);
    expect(configError({ NODE_ENV: "production", SESSION_SECRET: SECRET, AUDIT_HMAC_KEY: `${"k".repeat(32)},short` }).message).toContain("AUDIT_HMAC_KEY");
  });

  it("reads AUDIT_HMAC_KEY newest first, derives a development key otherwise, and keeps one checkpoint file per database", () => {
    const keys = parseEnv({ AUDIT_HMAC_KEY: `${"a".repeat(32)}, ${"b".repeat(32)}` });
    expect(keys.auditHmacKeys).toEqual(["a".repeat(32), "b".repeat(32)]);
    const dev = parseEnv({});
    expect(dev.auditHmacKeys).toHaveLength(1);
    expect(dev.auditHmacKeys[0]).not.toBe(dev.sessionSecrets[0]);
    expect(dev.auditCheckpointFile).toBe(path.resolve(process.cwd(), "data/audit-checkpoints-provenant.jsonl"));
    expect(parseEnv({ DATABASE_URL: "file:./data/demo.db" }).auditCheckpointFile).toBe(path.resolve(process.cwd(), "data/audit-checkpoints-demo.jsonl"));
    expect(parseEnv({ AUDIT_CHECKPOINT_FILE: "/var/log/provenant/checkpoints.jsonl" }).auditCheckpointFile).toBe("/var/log/provenant/checkpoints.jsonl");
  });

  it("refuses a session secret shorter than 32 characters, in any of the rotated secrets", () => {
    expect(configError({ SESSION_SECRET: "short" }).message).toContain("SESSION_SECRET");
    expect(configError({ NODE_ENV: "production", SESSION_SECRET: `${SECRET},short` }).message).toContain("SESSION_SECRET");
  });

  it.each([
    ["PUBLIC_URL", "not a url"],
    ["PUBLIC_URL", "provenant.example.com"],
    ["SMTP_URL", "http://mail.example.com"],
    ["SMTP_URL", "nonsense"],
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "0"],
    ["NODE_ENV", "staging"],
    ["DATABASE_URL", "file:with spaces.db"],
  ])("names %s when it is %j", (name, value) => {
    const error = configError({ SESSION_SECRET: SECRET, [name]: value });
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${name} `));
    expect(error.message).not.toContain("\n");
  });

  it("has defaults for local development", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      nodeEnv: "development",
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: "file:./data/provenant.db",
      dataDir: "./data",
      publicUrl: "http://localhost:3000",
      smtpUrl: undefined,
      isProduction: false,
    });
    expect(env.sessionSecrets).toHaveLength(1);
    expect(env.sessionSecrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(parseEnv({ PORT: "4000" }).publicUrl).toBe("http://localhost:4000");
  });

  it("accepts a complete production configuration and treats empty values as unset", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      SESSION_SECRET: `${SECRET}, ${"t".repeat(32)}`,
      AUDIT_HMAC_KEY: "k".repeat(40),
      PUBLIC_URL: "https://provenant.example.com/",
      SMTP_URL: "smtps://user:pass@mail.example.com:465",
      PORT: "8080",
      DATABASE_URL: "file:/var/lib/provenant/p.db",
      HOST: "",
    });
    expect(env).toMatchObject({
      isProduction: true,
      port: 8080,
      host: "127.0.0.1",
      publicUrl: "https://provenant.example.com",
      smtpUrl: "smtps://user:pass@mail.example.com:465",
      sessionSecrets: [SECRET, "t".repeat(32)],
    });
  });
});

describe("starting the server", () => {
  // Run from an empty directory: the configuration check must come before anything needs a
  // build or a database.
  const tsx = path.resolve(process.cwd(), "node_modules/.bin/tsx");
  const server = path.resolve(process.cwd(), "scripts/server.ts");

  function start(env: Record<string, string>) {
    const cwd = path.resolve(process.cwd(), `.tmp/config-${crypto.randomBytes(4).toString("hex")}`);
    fs.mkdirSync(cwd, { recursive: true });
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["SESSION_SECRET", "PUBLIC_URL", "SMTP_URL", "PORT", "DATABASE_URL", "NODE_ENV"].includes(k)));
    const result = spawnSync(tsx, [server], { cwd, env: { ...clean, ...env } as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
    const created = fs.readdirSync(cwd);
    fs.rmSync(cwd, { recursive: true, force: true });
    return { ...result, created };
  }

  it("exits 1 with one line naming SESSION_SECRET when production has none", () => {
    const result = start({ NODE_ENV: "production", DATABASE_URL: "file:./data/never.db" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^Configuration error: SESSION_SECRET /);
    expect(result.stdout).toBe("");
    expect(result.created).toEqual([]);
  });

  it("exits 1 with one line naming PORT when it is malformed", () => {
    const result = start({ NODE_ENV: "production", SESSION_SECRET: SECRET, PORT: "eighty" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Configuration error: PORT /)]);
  });
});
