// "Approval at the moment of decision" and L7 (security review): revoking an attestation,
// creating an API key, rotating the signing key, changing roles (including to admin) and inviting
// (including as admin) each take the staff member's password in the same post. Missing: 400;
// wrong: 401; either way nothing changes and the action is not audited. A session verified a
// minute ago is not enough. Right: the action is done in that request, with its audit event.
// Approving a decision has the same tests in decisions-approval.test.ts.
import { and, eq } from "drizzle-orm";
import { apiKeys, attestations, auditEvents, memberships, signingKeys, users } from "../../db/tables";
import { action as revokeAction } from "~/routes/app+/attestations+/$id";
import { action as apiKeysAction } from "~/routes/app+/admin+/api-keys";
import { action as signingKeysAction } from "~/routes/app+/admin+/signing-keys";
import { action as usersAction } from "~/routes/app+/admin+/users";
import { action as loginAction } from "~/routes/_auth+/login";
import { requireStaff } from "~/auth/session.server";
import { issueAttestation } from "~/services/attestations.server";
import { MAX_FAILED_SIGN_INS } from "~/services/auth.server";
import { createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { cookieFor, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

let bank: Bank;

beforeAll(async () => {
  bank = await createBank("Banco Firma");
});

type Route = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

type Case = {
  name: string;
  actor: () => Bank["admin"];
  /** A fresh target, and the post that acts on it (without a password). */
  prepare: () => Promise<{ route: Route; path: string; params: Record<string, string>; fields: Record<string, string | string[]>; done: () => Promise<boolean>; audited: () => Promise<number> }>;
};

async function count(action: string): Promise<number> {
  return (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, action)))).length;
}

let serial = 0;

const CASES: Case[] = [
  {
    name: "revoking an attestation",
    actor: () => bank.approver,
    prepare: async () => {
      const decision = await createApprovedDecision(bank, { clientName: `Minera Los Andes ${++serial} S.A.C.` });
      const { attestationId } = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: new Date() });
      return {
        route: revokeAction as Route,
        path: `/app/attestations/${attestationId}`,
        params: { id: attestationId },
        fields: { reason: "Forced-labour finding at the main supplier" },
        done: async () => (await db().select().from(attestations).where(eq(attestations.id, attestationId)).limit(1))[0]?.revokedAt != null,
        audited: async () => (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "attestation.revoked"), eq(auditEvents.subjectId, attestationId)))).length,
      };
    },
  },
  {
    name: "creating an API key",
    actor: () => bank.admin,
    prepare: async () => {
      const name = `Core banking ${++serial}`;
      return {
        route: apiKeysAction as Route,
        path: "/app/admin/api-keys",
        params: {},
        fields: { intent: "create", name, scope: "read-write" },
        done: async () => (await db().select().from(apiKeys).where(and(eq(apiKeys.institutionId, bank.institutionId), eq(apiKeys.name, name)))).length === 1,
        audited: async () => {
          const key = (await db().select().from(apiKeys).where(and(eq(apiKeys.institutionId, bank.institutionId), eq(apiKeys.name, name))).limit(1))[0];
          return key ? (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "api-key.created"), eq(auditEvents.subjectId, key.id)))).length : 0;
        },
      };
    },
  },
  {
    name: "rotating the signing key",
    actor: () => bank.admin,
    prepare: async () => {
      const keys = async () => (await db().select().from(signingKeys).where(eq(signingKeys.institutionId, bank.institutionId))).length;
      const before = await keys();
      const rotations = await count("signing-key.rotated");
      return {
        route: signingKeysAction as Route,
        path: "/app/admin/signing-keys",
        params: {},
        fields: { confirm: "on" },
        done: async () => await keys() === before + 1,
        audited: async () => await count("signing-key.rotated") - rotations,
      };
    },
  },
  {
    name: "granting the admin role (set-roles)",
    actor: () => bank.admin,
    prepare: async () => {
      const target = await createUser(bank.institutionId, ["rm"]);
      return {
        route: usersAction as Route,
        path: "/app/admin/users",
        params: {},
        fields: { intent: "set-roles", userId: target.id, roles: ["rm", "admin"] },
        done: async () => (await db().select().from(memberships).where(and(eq(memberships.userId, target.id), eq(memberships.role, "admin")))).length === 1,
        audited: async () => (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "user.roles-changed"), eq(auditEvents.subjectId, target.id)))).length,
      };
    },
  },
  {
    name: "inviting someone as admin",
    actor: () => bank.admin,
    prepare: async () => {
      const email = `new-admin-${++serial}@example.test`;
      const invited = async () => (await db().select().from(users).where(eq(users.email, email)).limit(1))[0];
      return {
        route: usersAction as Route,
        path: "/app/admin/users",
        params: {},
        fields: { intent: "invite", name: "New Admin", email, roles: ["admin"], language: "es" },
        done: async () => await invited() !== undefined,
        audited: async () => {
          const user = await invited();
          return user ? (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "user.invited"), eq(auditEvents.subjectId, user.id)))).length : 0;
        },
      };
    },
  },
];

async function post(c: { route: Route; path: string; params: Record<string, string> }, fields: Record<string, string | string[]>, cookie: string) {
  return await settle(() => c.route({ request: formRequest(c.path, fields, cookie), params: c.params, context: {} }));
}

function passwordError(response: unknown): unknown {
  const r = response as { reply?: { error?: Record<string, unknown> }; passwordError?: unknown };
  // Conform replies carry field errors as lists; the signing-key page returns the one key.
  const error = r.reply?.error?.password ?? r.passwordError;
  return typeof error === "string" ? [error] : error;
}

describe.each(CASES)("$name", ({ actor, prepare }) => {
  it("without the password: 400 naming the field, nothing changed, even right after signing in", async () => {
    const c = await prepare();
    const cookie = await cookieFor(actor());
    const missing = await post(c, c.fields, cookie);
    expect(missing.status).toBe(400);
    expect(passwordError(missing.response)).toEqual(["stepUp.required"]);
    const blank = await post(c, { ...c.fields, password: "" }, cookie);
    expect(blank.status).toBe(400);
    const oneMinuteAgo = await cookieFor(actor(), { verifiedAt: new Date(Date.now() - 60_000) });
    expect((await post(c, c.fields, oneMinuteAgo)).status).toBe(400);
    expect(await c.done()).toBe(false);
    expect(await c.audited()).toBe(0);
  });

  it("with a wrong password: 401, nothing changed, the failed confirmation audited", async () => {
    const c = await prepare();
    const cookie = await cookieFor(actor());
    const failedBefore = await count("auth.step-up.failed");
    const wrong = await post(c, { ...c.fields, password: "not the password" }, cookie);
    expect(wrong.status).toBe(401);
    expect(passwordError(wrong.response)).toEqual(["stepUp.invalid"]);
    expect(JSON.stringify(wrong.response)).not.toContain("not the password");
    expect(await c.done()).toBe(false);
    expect(await c.audited()).toBe(0);
    expect(await count("auth.step-up.failed")).toBe(failedBefore + 1);
  });

  it("with the right password: done in that request, audited once, and the session's verification moves", async () => {
    const c = await prepare();
    const cookie = await cookieFor(actor(), { verifiedAt: new Date(Date.now() - 60 * 60_000) });
    const before = (await requireStaff(getRequest("/app", cookie))).verifiedAt;
    const ok = await post(c, { ...c.fields, password: PASSWORD }, cookie);
    expect([200, 302]).toContain(ok.status);
    expect(await c.done()).toBe(true);
    expect(await c.audited()).toBe(1);
    expect((await requireStaff(getRequest("/app", cookie))).verifiedAt > before).toBe(true);
  });
});

describe("the set-roles confirmation", () => {
  it("answers a row's 'Save roles' (no password) with what the confirmation form carries through", async () => {
    const target = await createUser(bank.institutionId, ["rm"]);
    const cookie = await cookieFor(bank.admin);
    const first = await post({ route: usersAction as Route, path: "/app/admin/users", params: {} }, { intent: "set-roles", userId: target.id, roles: ["approver", "admin"] }, cookie);
    expect(first.status).toBe(400);
    expect(first.response).toMatchObject({ intent: "set-roles", userId: target.id, roles: ["approver", "admin"], stepUp: true });
  });

  it("another institution's user is 404 before any password is asked for", async () => {
    const other = await createBank("Banco Ajeno");
    const cookie = await cookieFor(bank.admin);
    const res = await post({ route: usersAction as Route, path: "/app/admin/users", params: {} }, { intent: "set-roles", userId: other.rm.id, roles: ["admin"] }, cookie);
    expect(res.status).toBe(404);
  });
});

describe("wrong step-up passwords count toward the lockout", () => {
  it("the fifth wrong one locks the account: the right password is then refused (401), and so is sign-in", async () => {
    const admin = await createUser(bank.institutionId, ["admin"]);
    const cookie = await cookieFor(admin);
    const c = { route: apiKeysAction as Route, path: "/app/admin/api-keys", params: {} };
    const fields = { intent: "create", name: `Locked out ${++serial}`, scope: "read" };
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect((await post(c, { ...fields, password: `guess ${i}` }, cookie)).status).toBe(401);
    const right = await post(c, { ...fields, password: PASSWORD }, cookie);
    expect(right.status).toBe(401);
    expect(passwordError(right.response)).toEqual(["stepUp.locked"]);
    expect(await db().select().from(apiKeys).where(eq(apiKeys.name, fields.name))).toEqual([]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.account.locked"), eq(auditEvents.subjectId, admin.id)))).toHaveLength(1);
    const signIn = await settle(() => loginAction({ request: formRequest("/login", { email: admin.email, password: PASSWORD }), params: {}, context: {} }));
    expect(signIn.status).toBe(401);
  });
});
