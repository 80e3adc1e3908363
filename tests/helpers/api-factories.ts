// Factories and request builders for the API tests: institutions with API keys made through the
// real service, and real Request objects handed to the route modules' loaders and actions (so
// auth headers, bodies, media types and sizes all go through the API framework).
import { createApiKey, type ApiKeyInput } from "~/services/api-keys.server";
import { apiRateLimiter, API_RATE_LIMIT, CREDENTIAL_FAILURE_LIMIT, credentialFailureLimiter } from "~/api/rate-limit";
import { createInstitution, createUser } from "./factories";
import { reads } from "~/db.server";
import { recentOutboxEmails } from "~/repositories/outbox.server";
import { deliverableBody } from "~/services/outbox.server";

export type RouteFn = (args: { request: Request; params: Record<string, string | undefined>; context: Record<string, unknown> }) => Promise<Response> | Response;

export async function apiBank(name = "Banco API") {
  const institutionId = await createInstitution(name);
  const admin = await createUser(institutionId, ["admin"], { name: "Ada Admin" });
  const key = (input: Partial<ApiKeyInput> = {}) => createApiKey({ institutionId, userId: admin.id }, { name: "test key", scope: "read-write", canReadAudit: false, ...input }, new Date());
  const rw = await key();
  const ro = await key({ name: "read-only", scope: "read" });
  return { institutionId, admin, rw: rw.key, rwId: rw.id, ro: ro.key, key };
}

export type CallOptions = {
  method?: string;
  token?: string | null;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export function apiRequest(path: string, opts: CallOptions = {}): Request {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["Content-Type"] = opts.contentType ?? "application/json";
  } else if (opts.contentType) {
    headers["Content-Type"] = opts.contentType;
  }
  return new Request(`http://localhost${path}`, { method: opts.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

/** Calls a route function and returns status, headers and the parsed JSON body. */
export async function call(fn: RouteFn | undefined, path: string, opts: CallOptions = {}) {
  if (!fn) throw new Error("route has no such export");
  const response = await fn({ request: apiRequest(path, opts), params: opts.params ?? {}, context: {} });
  const text = await response.text();
  // The body is whatever the route answered; tests read its fields freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function resetRateLimit(): void {
  apiRateLimiter.configure(API_RATE_LIMIT.capacity, API_RATE_LIMIT.perMinute);
  credentialFailureLimiter.configure(CREDENTIAL_FAILURE_LIMIT.capacity, CREDENTIAL_FAILURE_LIMIT.perMinute);
}

export const CLIENT_BODY = {
  name: "Textiles Andinos S.A.",
  country: "PE",
  sector: "14",
  registrationNumber: "RUC 20123456789",
  contactName: "Ana Quispe",
  contactEmail: "ana.quispe@textiles.example",
  sourcingCountries: ["CN", "BD"],
  goods: ["cotton"],
};

export function isoDate(plusDays: number, from = new Date()): string {
  return new Date(from.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

/** The full-points answers to every question of a questionnaire version (the test knows the points). */
export async function bestAnswers(key: string, version: number): Promise<Record<string, { value: unknown }>> {
  const { getQuestionnaire } = await import("~/services/questionnaires.server");
  const { bestValue } = await import("./review-factories");
  const loaded = getQuestionnaire(key, version);
  if (!loaded) throw new Error(`${key} v${version} is not available`);
  const answers: Record<string, { value: unknown }> = {};
  for (const section of loaded.questionnaire.sections) for (const q of section.questions) answers[q.id] = { value: bestValue(q) };
  return answers;
}

export function tokenOf(respondUrl: string): string {
  const token = respondUrl.split("/r/")[1];
  if (!token) throw new Error(`not a respond URL: ${respondUrl}`);
  return token;
}

/**
 * The respondent token as the client receives it: from the newest invitation e-mail of the
 * institution (the bank never gets it back from the API or a page; security review H3).
 */
export async function invitedRespondentToken(institutionId: string, toAddress?: string): Promise<string> {
  const email = (await recentOutboxEmails(500, reads())).find((e) => e.institutionId === institutionId && e.kind === "assessment.invitation" && (!toAddress || e.toAddress === toAddress));
  if (!email) throw new Error(`no invitation e-mail in ${institutionId}`);
  const token = /\/r\/(pvn_rsp_[A-Za-z0-9_-]{43})/.exec(deliverableBody(email))?.[1];
  if (!token) throw new Error("the invitation e-mail carries no respondent link");
  return token;
}
