// Configuration, checked with zod once at start-up. A missing or malformed value stops the process
// with one line that names it (PRODUCT.md "Data and configuration").
import crypto from "node:crypto";
import path from "node:path";
import { z } from "zod";

const DEV_SESSION_SECRET = "provenant-development-secret-not-for-production-use";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_URL: z
      .string()
      .min(1)
      .regex(/^(file:)?[^\s]+$/, "must be a file: URL or a path (SQLite), or a postgres:// URL (PostgreSQL)")
      .default("file:./data/provenant.db"),
    DATA_DIR: z.string().min(1).default("./data"),
    SESSION_SECRET: z.string().optional(),
    PUBLIC_URL: z.url("must be an absolute URL, e.g. https://provenant.example.com").optional(),
    SMTP_URL: z
      .url("must be an smtp:// or smtps:// URL")
      .refine((v) => /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL")
      .optional(),
    SIGNING_KEY_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // Demo-only switches (scripts/demo.ts sets them); refused in production below.
    DEMO_MAILBOX: z.enum(["0", "1"], "must be 1 or 0").default("0"),
    WEBHOOKS_ALLOW_LOOPBACK: z.enum(["0", "1"], "must be 1 or 0").default("0"),
    AUDIT_HMAC_KEY: z.string().optional(),
    AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    // Express's "trust proxy": a hop count, "loopback", or comma-separated addresses/CIDRs.
    TRUST_PROXY: z
      .string()
      .regex(/^(\d{1,2}|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, "must be a hop count, loopback, or addresses/CIDRs separated by commas")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production (comma-separated secrets, newest first)" });
    }
    if (env.SESSION_SECRET) {
      for (const secret of env.SESSION_SECRET.split(",")) {
        if (secret.trim().length < 32) {
          ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "each comma-separated secret must be at least 32 characters" });
          break;
        }
      }
    }
    if (env.NODE_ENV === "production") {
      for (const name of ["DEMO_MAILBOX", "WEBHOOKS_ALLOW_LOOPBACK"] as const) {
        if (env[name] === "1") ctx.addIssue({ code: "custom", path: [name], message: "is a demo-only setting and cannot be 1 in production" });
      }
    }
    if (env.NODE_ENV === "production" && !env.AUDIT_HMAC_KEY) {
      ctx.addIssue({ code: "custom", path: ["AUDIT_HMAC_KEY"], message: "is required in production (comma-separated keys, newest first; keep them outside the database)" });
    }
    if (env.AUDIT_HMAC_KEY && env.AUDIT_HMAC_KEY.split(",").some((key) => key.trim().length < 32)) {
      ctx.addIssue({ code: "custom", path: ["AUDIT_HMAC_KEY"], message: "each comma-separated key must be at least 32 characters" });
    }
  });

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  sessionSecrets: string[];
  publicUrl: string;
  smtpUrl: string | undefined;
  signingKeySecret: string;
  /** HMAC keys of the audit chain, newest first: the first signs, all verify (ADR 003). */
  auditHmacKeys: string[];
  /** The audit checkpoints' copy outside the database (one file per database). */
  auditCheckpointFile: string;
  isProduction: boolean;
  /** Who may set X-Forwarded-For for the per-address limits (false: nobody, the TCP peer counts). */
  trustProxy: boolean | number | string;
  /** DEMO_MAILBOX=1: /demo/mailbox shows delivered mail with its real links (never in production). */
  demoMailbox: boolean;
  /** WEBHOOKS_ALLOW_LOOPBACK=1: webhooks may target 127.0.0.0/8 and ::1 (never in production). */
  webhooksAllowLoopback: boolean;
};

export class ConfigError extends Error {}

/** Parses a raw environment. Throws ConfigError whose message is one line naming the variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const first = result.error.issues[0];
    const name = first?.path.join(".") || "environment";
    throw new ConfigError(`Configuration error: ${name} ${first?.message ?? "is invalid"}`);
  }
  const env = result.data;
  const sessionSecrets = (env.SESSION_SECRET ?? DEV_SESSION_SECRET).split(",").map((s) => s.trim());
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    sessionSecrets,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    smtpUrl: env.SMTP_URL,
    // Encrypts institution signing keys at rest; derived from the session secret when unset so
    // local use needs no setup (production deployments should set it separately).
    signingKeySecret: env.SIGNING_KEY_SECRET ?? sessionSecrets[0]!,
    // Outside development and tests it must be set; there a key derived from the session secret
    // keeps local use free of setup.
    auditHmacKeys: env.AUDIT_HMAC_KEY
      ? env.AUDIT_HMAC_KEY.split(",").map((k) => k.trim())
      : // One derived key per session secret, newest first, so rotating the session secret (outside
        // production) does not orphan the events signed under the old one.
        sessionSecrets.map((secret) => crypto.createHmac("sha256", secret).update("provenant audit chain key").digest("base64url")),
    auditCheckpointFile: path.resolve(process.cwd(), env.AUDIT_CHECKPOINT_FILE ?? path.join(env.DATA_DIR, `audit-checkpoints-${databaseName(env.DATABASE_URL)}.jsonl`)),
    isProduction: env.NODE_ENV === "production",
    trustProxy: env.TRUST_PROXY === undefined ? false : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    demoMailbox: env.DEMO_MAILBOX === "1",
    webhooksAllowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK === "1",
  };
}

/** "file:./data/provenant.db" → "provenant", so two databases in one DATA_DIR keep apart. */
function databaseName(url: string): string {
  const base = path.basename(url.startsWith("file:") ? url.slice("file:".length) : url).replace(/\.(db|sqlite3?)$/i, "");
  return base.replace(/[^A-Za-z0-9._-]/g, "_") || "database";
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
