// apiHandler: the one wrapper every /api/v1 loader and action goes through. In order: method,
// credential (API key or respondent token), per-credential rate limit, scope, path/query
// validation, body (media type, size, JSON, zod with strict objects), Idempotency-Key replay, the
// handler itself, and the mapping of every error to API.md's error shape. Unexpected errors are
// logged with an id and answer a generic 500: never a stack trace, never a 500 for bad input.
import crypto from "node:crypto";
import type { z } from "zod";
import { resolveRespondentToken, RESPONDENT_TOKEN_PREFIX, type RespondentContext } from "~/auth/respondent.server";
import { DomainError, ConflictError, ForbiddenError, NotFoundError } from "~/domain/errors";
import { sha256Hex } from "~/ids.server";
import { authenticateApiKey, type ApiKeyContext } from "~/services/api-keys.server";
import { readJsonBody } from "./body.server";
import { ApiError, errorResponse, validationError } from "./errors";
import { claimOrReplay, releaseClaim, storeResponse } from "./idempotency.server";
import { apiRateLimiter, credentialFailureLimiter } from "./rate-limit";

type Method = "GET" | "POST" | "PUT";
type Params = Record<string, string | undefined>;
type Args = { request: Request; params: Params; context?: unknown };

type BaseConfig<B, Q, P> = {
  method: Method;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Maximum JSON body size in bytes (default 1 MB). */
  bodyLimit?: number;
};

export type ApiContext<B, Q, P> = { request: Request; now: Date; body: B; query: Q; params: P; rawBody: string | null };

const NO_STORE = { "Cache-Control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

function bearer(request: Request): string | null {
  const header = request.headers.get("Authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : "";
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, "unauthorized", message, [{ path: "Authorization", message }], { "WWW-Authenticate": 'Bearer realm="provenant"' });
}

let takes = 0;

function tooMany(retryAfterSeconds: number): ApiError {
  return new ApiError(429, "rate_limited", `Too many requests; retry in ${retryAfterSeconds} s`, [], { "Retry-After": String(retryAfterSeconds) });
}

/** The client's address, which the server puts in the load context (unknown in direct calls). */
function clientAddress(context: unknown): string {
  const address = typeof context === "object" && context !== null && "clientAddress" in context ? context.clientAddress : undefined;
  return typeof address === "string" && address ? address : "unknown";
}

/**
 * L3: failed credentials are counted per client address and per credential prefix. An address
 * over its allowance is refused before its next credential is even checked (a real brake). The
 * prefix bucket only ever refuses credentials that failed: a key's 14-character prefix is shown
 * to staff, so letting it refuse a valid key would let anyone lock out a bank's integration.
 */
type Guessing = { address: string; prefix: string };

function guessing(context: unknown, credential: string): Guessing {
  return { address: `addr:${clientAddress(context)}`, prefix: `prefix:${credential.slice(0, 14)}` };
}

function refuseGuessingAddress(g: Guessing, now: Date): void {
  const decision = credentialFailureLimiter.peek(g.address, now.getTime());
  if (!decision.allowed) throw tooMany(decision.retryAfterSeconds);
}

/** Counts a failed credential; throws 429 once its prefix has failed too often, else returns. */
function recordFailedCredential(g: Guessing, now: Date): void {
  if (++takes % 1000 === 0) credentialFailureLimiter.prune(now.getTime());
  credentialFailureLimiter.take(g.address, now.getTime());
  const byPrefix = credentialFailureLimiter.take(g.prefix, now.getTime());
  if (!byPrefix.allowed) throw tooMany(byPrefix.retryAfterSeconds);
}

function rateLimit(id: string, now: Date): void {
  // Now and then, forget buckets that have refilled, so memory follows active credentials only.
  if (++takes % 1000 === 0) apiRateLimiter.prune(now.getTime());
  const decision = apiRateLimiter.take(id, now.getTime());
  if (!decision.allowed) throw tooMany(decision.retryAfterSeconds);
}

function statusOfDomainError(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof ConflictError) return 409;
  // Input that parsed but that the service refuses (e.g. required questions unanswered).
  return 422;
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof DomainError) return errorResponse(new ApiError(statusOfDomainError(error), error.code === "validation_failed" ? "unprocessable" : error.code, error.message, error.details));
  if (error instanceof Response && error.status < 500) {
    // A require* helper or service threw an HTTP response: keep its status, use our shape.
    const code = error.status === 404 ? "not_found" : error.status === 410 ? "gone" : error.status === 403 ? "forbidden" : "request_refused";
    return errorResponse(new ApiError(error.status, code, error.statusText || code.replace("_", " ")));
  }
  const errorId = crypto.randomBytes(6).toString("hex");
  console.error(`[api] unexpected error ${errorId}:`, error);
  return errorResponse(new ApiError(500, "internal_error", `Something went wrong on our side (error id ${errorId}); it has been logged`));
}

async function parseInputs<B, Q, P>(config: BaseConfig<B, Q, P>, args: Args): Promise<ApiContext<B, Q, P>> {
  const url = new URL(args.request.url);
  let params = args.params as unknown as P;
  if (config.params) {
    const parsed = config.params.safeParse(args.params);
    // A malformed id is simply not an id we have: 404, like a missing or foreign one.
    if (!parsed.success) throw new ApiError(404, "not_found", "Not found");
    params = parsed.data;
  }
  let query = undefined as Q;
  if (config.query) {
    const raw: Record<string, string> = {};
    for (const [k, v] of url.searchParams) raw[k] = v;
    const parsed = config.query.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error, "query");
    query = parsed.data;
  }
  let body = undefined as B;
  let rawBody: string | null = null;
  if (config.body) {
    const read = await readJsonBody(args.request, config.bodyLimit);
    rawBody = read.text;
    const parsed = config.body.safeParse(read.value);
    if (!parsed.success) throw validationError(parsed.error, "body");
    body = parsed.data;
  }
  return { request: args.request, now: new Date(), body, query, params, rawBody };
}

function checkMethod(request: Request, method: Method): void {
  const actual = request.method.toUpperCase();
  if (actual === method || (method === "GET" && actual === "HEAD")) return;
  throw new ApiError(405, "method_not_allowed", `Use ${method} on this path`, [], { Allow: method });
}

async function finish(result: unknown): Promise<Response> {
  return result instanceof Response ? result : json(result);
}

export type KeyConfig<B, Q, P> = BaseConfig<B, Q, P> & {
  /** Writes need a read-write key. */
  write?: boolean;
  /** Reading the audit log needs a key with audit access. */
  audit?: boolean;
  /** Creating POSTs honour Idempotency-Key. */
  idempotent?: boolean;
};

/** A route authorised by an institution's API key (`Authorization: Bearer pvn_key_…`). */
export function keyHandler<B = undefined, Q = undefined, P = Params>(
  config: KeyConfig<B, Q, P>,
  fn: (ctx: ApiContext<B, Q, P> & { key: ApiKeyContext }) => unknown,
): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      checkMethod(args.request, config.method);
      const now = new Date();
      const raw = bearer(args.request);
      if (raw === null) throw unauthorized("Send an API key as `Authorization: Bearer pvn_key_…`");
      const guess = guessing(args.context, raw);
      refuseGuessingAddress(guess, now);
      const check = await authenticateApiKey(raw, now);
      if (check.state !== "valid") recordFailedCredential(guess, now);
      if (check.state === "unknown") throw unauthorized("The API key is not valid");
      if (check.state === "revoked") throw unauthorized("The API key has been revoked");
      const key = check.context;
      rateLimit(`key:${key.keyId}`, now);
      if (config.write && key.scope !== "read-write") throw new ApiError(403, "forbidden", "This API key is read-only; this request needs a read-write key");
      if (config.audit && !key.canReadAudit) throw new ApiError(403, "forbidden", "This API key has no access to the audit log");
      const ctx = { ...(await parseInputs(config, args)), now, key };
      if (!config.idempotent) return await finish(await fn(ctx));
      const idempotencyKey = args.request.headers.get("Idempotency-Key");
      if (idempotencyKey === null) return await finish(await fn(ctx));
      if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
        throw new ApiError(400, "validation_failed", "Idempotency-Key must be 1 to 255 visible ASCII characters", [{ path: "Idempotency-Key", message: "1 to 255 visible ASCII characters" }]);
      }
      const requestHash = sha256Hex(`${args.request.method} ${new URL(args.request.url).pathname}\n${ctx.rawBody ?? ""}`);
      const path = new URL(args.request.url).pathname;
      const claim = await claimOrReplay({ institutionId: key.institutionId, key: idempotencyKey, method: args.request.method, path, requestHash }, now);
      if (claim.state === "mismatch") throw new ApiError(409, "idempotency_key_reused", "This Idempotency-Key was used with a different request", [{ path: "Idempotency-Key", message: "already used with another body or path" }]);
      if (claim.state === "in-progress") throw new ApiError(409, "idempotency_key_in_progress", "A request with this Idempotency-Key is still being processed; retry in a few seconds", [{ path: "Idempotency-Key", message: "in progress" }]);
      if (claim.state === "stored") return json(JSON.parse(claim.body), claim.status, { "Idempotent-Replayed": "true" });
      let response: Response;
      try {
        response = await finish(await fn(ctx));
      } catch (error) {
        await releaseClaim(key.institutionId, idempotencyKey);
        throw error;
      }
      if (response.status >= 200 && response.status < 300) {
        await storeResponse({ institutionId: key.institutionId, key: idempotencyKey, status: response.status, body: await response.clone().text() });
      } else {
        await releaseClaim(key.institutionId, idempotencyKey);
      }
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** A respondent route authorised by a link token (`Authorization: Bearer pvn_rsp_…`). */
export function respondentHandler<B = undefined, Q = undefined, P = Params>(
  config: BaseConfig<B, Q, P>,
  fn: (ctx: ApiContext<B, Q, P> & { respondent: RespondentContext }) => unknown,
): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      checkMethod(args.request, config.method);
      const now = new Date();
      const raw = bearer(args.request);
      if (raw === null) throw unauthorized(`Send the respondent token as \`Authorization: Bearer ${RESPONDENT_TOKEN_PREFIX}…\``);
      const guess = guessing(args.context, raw);
      refuseGuessingAddress(guess, now);
      rateLimit(`rsp:${sha256Hex(raw)}`, now);
      const state = await resolveRespondentToken(raw, now);
      if (state.state === "not-found") recordFailedCredential(guess, now);
      if (state.state === "not-found") throw new ApiError(404, "not_found", "This respondent token is not known");
      if (state.state === "gone") throw new ApiError(410, "gone", `This respondent link is no longer valid (${state.reason})`, [{ path: "Authorization", message: state.reason }]);
      const ctx = { ...(await parseInputs(config, args)), now, respondent: state.context };
      const response = await finish(await fn(ctx));
      response.headers.set("Referrer-Policy", "no-referrer");
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** A route anyone may call (the OpenAPI document). */
export function publicHandler(config: { method: Method }, fn: (ctx: { request: Request; now: Date }) => unknown): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      checkMethod(args.request, config.method);
      return await finish(await fn({ request: args.request, now: new Date() }));
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
