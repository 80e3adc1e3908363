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
}

async function main() {
  const env = envOrExit();
  await checkStartup(env);
  const { startBackgroundWork } = await import("./background");
  const app = await createServer(env);
  const server = listen(app, env, () => {
    process.stdout.write(`Provenant listening on http://${env.host === "0.0.0.0" ? "localhost" : env.host}:${env.port} (public URL ${env.publicUrl})\n`);
  });
  const stop = startBackgroundWork();
  const shutdown = () => {
    stop();
    server.close(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
