// Respondents have no account: a link token (pvn_rsp_ + 32 random bytes; only its SHA-256 is
// stored) identifies one person invited to one assessment. In a browser the token is exchanged
// once for a respondent session cookie and the user is redirected to a URL without it
// (PRODUCT.md "Respondent links"). The API takes the same token as a Bearer credential.
// Unknown → 404; revoked, expired or withdrawn → 410.
import { createCookie, redirect } from "@remix-run/node";
import { reads, write } from "~/db.server";
import { getEnv } from "~/env.server";
import { cookiesAreSecure } from "./cookies.server";
import { newToken, sha256Hex } from "~/ids.server";
import { isOpenForAnswers, type AssessmentStatus } from "~/domain/assessment-state";
import {
  findRespondentByTokenHash,
  findRespondentSession,
  insertRespondentSession,
  touchRespondent,
  type Respondent,
} from "~/repositories/respondents.server";

export const RESPONDENT_TOKEN_PREFIX = "pvn_rsp_";
const SESSION_DAYS = 30;

export type RespondentContext = {
  respondentId: string;
  assessmentId: string;
  institutionId: string;
  clientId: string;
  email: string;
  name: string | null;
  isPrimary: boolean;
  status: AssessmentStatus;
  language: "en" | "es";
  expiresAt: string;
};

export type TokenState =
  | { state: "valid"; context: RespondentContext }
  | { state: "not-found" }
  | { state: "gone"; reason: "revoked" | "expired" | "withdrawn"; institutionId: string; assessmentId: string };

export function newRespondentToken(): string {
  return newToken(RESPONDENT_TOKEN_PREFIX);
}

let cookie: Awaited<ReturnType<typeof createCookie>> | undefined;
function respondentCookie() {
  const env = getEnv();
  cookie ??= createCookie("__respondent", {
    secrets: env.sessionSecrets,
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(),
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
  });
  return cookie;
}

function toContext(respondent: Respondent, assessment: { id: string; institutionId: string; clientId: string; status: AssessmentStatus; language: "en" | "es"; expiresAt: string }): RespondentContext {
  return {
    respondentId: respondent.id,
    assessmentId: assessment.id,
    institutionId: assessment.institutionId,
    clientId: assessment.clientId,
    email: respondent.email,
    name: respondent.name,
    isPrimary: respondent.isPrimary,
    status: assessment.status,
    language: assessment.language,
    expiresAt: assessment.expiresAt,
  };
}

function goneReason(respondent: Respondent, assessment: { status: AssessmentStatus; expiresAt: string }, now: Date): "revoked" | "expired" | "withdrawn" | null {
  if (respondent.revokedAt) return "revoked";
  if (assessment.status === "withdrawn") return "withdrawn";
  if (assessment.status === "expired") return "expired";
  // After submission the link still opens (read-only answers and receipt) until expiry.
  if (isOpenForAnswers(assessment.status) && assessment.expiresAt <= now.toISOString()) return "expired";
  return null;
}

/** Resolves a raw token (from a link or a Bearer header). */
export async function resolveRespondentToken(token: string, now: Date): Promise<TokenState> {
  if (!token.startsWith(RESPONDENT_TOKEN_PREFIX)) return { state: "not-found" };
  const row = await findRespondentByTokenHash(sha256Hex(token), reads());
  if (!row) return { state: "not-found" };
  const reason = goneReason(row.respondent, row.assessment, now);
  if (reason) return { state: "gone", reason, institutionId: row.assessment.institutionId, assessmentId: row.assessment.id };
  return { state: "valid", context: toContext(row.respondent, row.assessment) };
}

/** Exchanges a valid link token for a session; returns the Set-Cookie header value. */
export async function startRespondentSession(context: RespondentContext, now: Date): Promise<string> {
  const id = newToken();
  const serialized = await respondentCookie().serialize(id);
  await write({ institutionId: context.institutionId }, async (tx) => {
    await insertRespondentSession(
      {
        idHash: sha256Hex(id),
        institutionId: context.institutionId,
        assessmentId: context.assessmentId,
        respondentId: context.respondentId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SESSION_DAYS * 24 * 3600_000).toISOString(),
      },
      tx,
    );
    await touchRespondent(context.respondentId, now.toISOString(), tx);
  });
  return serialized;
}

export async function getRespondent(request: Request, now = new Date()): Promise<RespondentContext | { gone: "revoked" | "expired" | "withdrawn" } | null> {
  const value: unknown = await respondentCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || value.length < 20) return null;
  const row = await findRespondentSession(sha256Hex(value), reads());
  if (!row || row.session.expiresAt <= now.toISOString()) return null;
  const reason = goneReason(row.respondent, row.assessment, now);
  if (reason) return { gone: reason };
  return toContext(row.respondent, row.assessment);
}

/** For respondent pages: no session → the "open your link again" page; gone → 410 page. */
export async function requireRespondent(request: Request, now = new Date()): Promise<RespondentContext> {
  const respondent = await getRespondent(request, now);
  if (!respondent) throw redirect("/respond/link-needed");
  if ("gone" in respondent) throw new Response(respondent.gone, { status: 410, headers: { "Referrer-Policy": "no-referrer" } });
  return respondent;
}
