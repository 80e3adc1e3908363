// The production server: Express in front of the Remix build, for security headers (CSP with a
// per-request nonce, frame-ancestors none, Referrer-Policy, nosniff, HSTS in production),
// compression and rate limits. Configuration is checked first: a bad value stops start-up with
// one line naming it.
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import helmet from "helmet";
import type { Server } from "node:http";
import type { Env } from "../app/env.server";
import { envOrExit } from "./env-or-exit";
import { csrfGuard, expressErrors, formBodyLimits, handleClientError, limiter, methodGuard } from "../app/http/guards.server";
import { hardenBuild } from "../app/http/harden-build.server";
import cluster from "node:cluster";
import os from "node:os";
import { migrateUrl } from "../db/migrator";
import { assertQuestionnairesValid } from "../app/services/questionnaires.server";

export async function createServer(env: Env) {
  const buildPath = path.resolve(process.cwd(), "build/index.js");
  const build = hardenBuild((await import(pathToFileURL(buildPath).href)) as ServerBuild);
  // The portfolio dashboard reads every client's latest result once (seconds at tens of thousands
  // of clients); do it now, not on a user's first visit. The memos are shared with the build.
  const { warmPortfolioFigures } = await import("../app/services/portfolio.server");
  await warmPortfolioFigures(new Date());
  return createApp(
    env,
    // Remix's Express adapter catches its own errors and passes them to `next`.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    createRequestHandler({
      build,
      // Error details reach the browser only in `npm run dev`: the demo (NODE_ENV=development, for
      // its mailbox) is shown and attacked like a deployment, so it answers like one.
      mode: env.isProduction || env.demoMailbox ? "production" : "development",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
}

/** Everything in front of the app (headers, limits, the CSRF and body checks), then `handler`. */
export function createApp(env: Env, handler: RequestHandler): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Per-address limits see the TCP peer, unless TRUST_PROXY names the proxies in front of us.
  app.set("trust proxy", env.trustProxy);
  app.use(methodGuard);
  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce as string}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      strictTransportSecurity: env.isProduction && env.publicUrl.startsWith("https://") ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Respondent links and pages, client results links (/c/), and invitation links, carry secrets in or behind their URLs:
  // no referrer at all leaves them (PRODUCT.md "Respondent links").
  app.use(["/r/", "/c/", "/respond", "/invitations/", "/api/v1/respond"], (_req, res, next) => {
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  });

  // Sign-in: per IP, on top of the per-account lockout.
  app.post(["/login", "/login/code", "/confirm-password"], limiter({ windowMs: 10 * 60_000, limit: 30 }));
  // Guessing invitation and respondent tokens and attestation ids, on the pages and the public
  // verify API (L3); failed API keys and respondent tokens are braked in app/api/handler.server.ts.
  app.use(["/invitations", "/r/", "/c/", "/verify", "/api/v1/attestations/verify"], limiter({ windowMs: 60_000, limit: 60 }));

  // One choke point for every write, before any route runs: same-origin (H1), then body size (M4).
  app.use(csrfGuard(env.publicUrl));
  app.use(formBodyLimits);

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.all("*", handler);
  app.use(expressErrors);
  return app;
}

/** Listens, and answers what Node's parser refuses (431, 400) in the API's error shape. */
export function listen(app: express.Express, env: Env, onListening: () => void): Server {
  const server = app.listen(env.port, env.host, onListening);
  server.on("clientError", handleClientError);
  return server;
}

export async function checkStartup(env: Env): Promise<void> {
  // A questionnaire file that breaks any rule (or a published file that changed) stops start-up.
  assertQuestionnairesValid();
  // Several instances starting at once migrate once (the PostgreSQL migrator takes an advisory lock;
  // SQLite's takes the file's write lock).
  await migrateUrl(env.databaseUrl);
  // Data the SQL migrations cannot compute (the clients' accent-free search columns).
  const { backfillClientSearchKeys } = await import("../app/services/search-keys.server");
  await backfillClientSearchKeys();
}

/**
 * How many worker processes `npm start` runs on the one port (WEB_CONCURRENCY, default the
 * number of cores). Each worker is a whole app instance: sessions, rate limits of the account
 * lockout, job claims, idempotency keys and memos are in the database (docs/decisions/014-job-claims.md).
 */
export function workerCount(raw = process.env.WEB_CONCURRENCY): number {
  if (raw === undefined || raw.trim() === "") return Math.max(1, os.availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    process.stderr.write(`WEB_CONCURRENCY must be a whole number from 1 to 64 (got ${JSON.stringify(raw)})\n`);
    process.exit(1);
  }
  return n;
}

async function serve(env: Env, options: { background: boolean }) {
  const { startBackgroundWork } = await import("./background");
  const app = await createServer(env);
  const worker = cluster.isWorker ? ` (worker ${process.env.PROVENANT_WORKER ?? cluster.worker?.id}, pid ${process.pid})` : "";
  const server = listen(app, env, () => {
    process.stdout.write(`Provenant listening on http://${env.host === "0.0.0.0" ? "localhost" : env.host}:${env.port} (public URL ${env.publicUrl})${worker}\n`);
  });
  // Jobs claim their rows, so any number of instances may run them; one per machine is enough.
  const stop = options.background ? startBackgroundWork() : () => undefined;
  const shutdown = () => {
    stop();
    server.close(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

async function main() {
  const env = envOrExit();
  if (cluster.isWorker) {
    await serve(env, { background: process.env.PROVENANT_WORKER === "1" });
    return;
  }
  const workers = workerCount();
  // Migrations run once, in the primary, before any worker serves.
  await checkStartup(env);
  if (workers === 1) {
    await serve(env, { background: true });
    return;
  }
  process.stdout.write(`Provenant: starting ${workers} worker processes on port ${env.port}\n`);
  let stopping = false;
  const slots = new Map<number, string>();
  const fork = (slot: string) => {
    const worker = cluster.fork({ PROVENANT_WORKER: slot });
    slots.set(worker.id, slot);
  };
  for (let i = 1; i <= workers; i++) fork(String(i));
  cluster.on("exit", (worker, code, signal) => {
    const slot = slots.get(worker.id) ?? "?";
    slots.delete(worker.id);
    if (stopping) {
      if (slots.size === 0) process.exit(0);
      return;
    }
    process.stderr.write(`Provenant: worker ${slot} (pid ${worker.process.pid}) exited (${signal ?? code}); starting another\n`);
    fork(slot);
  });
  const shutdown = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
