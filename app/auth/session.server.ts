// Staff sessions: a database row per sign-in; the signed cookie carries only a random id whose
// SHA-256 is the row key. Every request re-reads the user, their active flag and their roles, so
// deactivation and role changes take effect at once.
import { redirect } from "@remix-run/node";
import { reads, write } from "~/db.server";
import { newToken, sha256Hex } from "~/ids.server";
import { hasPermission, type Permission, type Role } from "./permissions";

export { safeRedirect } from "./safe-redirect";
import { getSessionCookie, SESSION_HOURS } from "./cookies.server";
import { deleteSession, findSession, type SessionRow } from "~/repositories/sessions.server";
import { findUserById, rolesOf } from "~/repositories/users.server";
import { findSecondFactorRule, findTotpCredential } from "~/repositories/second-factors.server";
import { isSecondFactorRequired } from "~/domain/second-factor";

export type StaffContext = {
  userId: string;
  institutionId: string;
  roles: Role[];
  name: string;
  email: string;
  sessionIdHash: string;
  verifiedAt: string;
  /** The second factor the person has set up (step-up asks for it instead of the password). */
  secondFactor: "totp" | null;
  /** The institution requires a second factor of this member, who has none yet. */
  mustEnrol: boolean;
};

export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await getSessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/**
 * Prepares a session: the signed cookie (async) and the row to insert. The caller inserts the row
 * inside its synchronous transaction, together with the audit event.
 */
export async function prepareStaffSession(input: {
  userId: string;
  institutionId: string;
  now: Date;
  userAgent: string | null;
  /** The password was right and the second factor is still to come (see PENDING_SIGN_IN_MINUTES). */
  isSecondFactorPending?: boolean;
}): Promise<{ cookie: string; row: SessionRow }> {
  const id = newToken();
  const pending = input.isSecondFactorPending ?? false;
  const row: SessionRow = {
    idHash: sha256Hex(id),
    userId: input.userId,
    institutionId: input.institutionId,
    createdAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + (pending ? PENDING_SIGN_IN_MINUTES * 60_000 : SESSION_HOURS * 3600_000)).toISOString(),
    verifiedAt: input.now.toISOString(),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    isSecondFactorPending: pending,
  };
  return { cookie: await getSessionCookie().serialize(id), row };
}

/** How long the code page waits after a right password before the sign-in must start again. */
export const PENDING_SIGN_IN_MINUTES = 10;

export type PendingSignIn = { userId: string; institutionId: string; sessionIdHash: string };

/** The sign-in waiting for its second factor, if the cookie names one that has not expired. */
export async function getPendingSignIn(request: Request, now: Date): Promise<PendingSignIn | null> {
  const id = await readSessionId(request);
  if (!id) return null;
  const session = await findSession(sha256Hex(id), reads());
  if (!session || !session.isSecondFactorPending || session.expiresAt <= now.toISOString()) return null;
  return { userId: session.userId, institutionId: session.institutionId, sessionIdHash: session.idHash };
}

export async function destroySessionCookie(): Promise<string> {
  return getSessionCookie().serialize("", { maxAge: 0 });
}

// The root, layout and page loaders of one page view each ask for the staff member; a GET (or
// HEAD) changes nothing, so they share one read of the session, user and roles. Actions, and
// callers that pass their own time, always read afresh.
const readsOfRequest = new WeakMap<Request, Promise<StaffContext | null>>();

export async function getStaff(request: Request, now?: Date): Promise<StaffContext | null> {
  if (now !== undefined || (request.method !== "GET" && request.method !== "HEAD")) return await readStaff(request, now ?? new Date());
  let read = readsOfRequest.get(request);
  if (!read) {
    read = readStaff(request, new Date());
    readsOfRequest.set(request, read);
  }
  return await read;
}

async function readStaff(request: Request, now: Date): Promise<StaffContext | null> {
  const id = await readSessionId(request);
  if (!id) return null;
  const db = reads();
  const idHash = sha256Hex(id);
  const session = await findSession(idHash, db);
  if (!session || session.isSecondFactorPending) return null;
  if (session.expiresAt <= now.toISOString()) {
    await write({ institutionId: session.institutionId }, (tx) => deleteSession(idHash, tx));
    return null;
  }
  const user = await findUserById(session.userId, db);
  if (!user || !user.isActive) return null;
  const roles = await rolesOf(session.institutionId, user.id, db);
  if (roles.length === 0) return null;
  const [totp, rule] = await Promise.all([findTotpCredential(user.id, db), findSecondFactorRule(session.institutionId, db)]);
  const secondFactor = totp?.confirmedAt ? "totp" : null;
  return {
    userId: user.id,
    institutionId: session.institutionId,
    roles,
    name: user.name,
    email: user.email,
    sessionIdHash: idHash,
    verifiedAt: session.verifiedAt,
    secondFactor,
    mustEnrol: secondFactor === null && rule !== undefined && isSecondFactorRequired(rule, roles),
  };
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  return redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/**
 * The only source of a staff request's tenant. Throws a redirect (no session), 403, or, for a
 * member whose institution requires a second factor they have not set up, a redirect to the
 * enrolment page: until then no staff page, action or resource answers (only the enrolment page
 * itself, which passes `{ enrolment: true }`, and signing out).
 */
export async function requireStaff(request: Request, permission?: Permission, opts: { enrolment?: boolean } = {}): Promise<StaffContext> {
  const staff = await getStaff(request);
  if (!staff) throw loginRedirect(request);
  if (staff.mustEnrol && !opts.enrolment) throw enrolmentRedirect(request);
  if (permission && !hasPermission(staff.roles, permission)) throw forbidden();
  return staff;
}

function enrolmentRedirect(request: Request): Response {
  const url = new URL(request.url);
  // A post's own address is not worth returning to; the page it came from is unknown here.
  const back = request.method === "GET" || request.method === "HEAD" ? `${url.pathname}${url.search}` : "/app";
  return redirect(`/second-factor?redirectTo=${encodeURIComponent(back)}`);
}
