// Issue 19, second factors (TOTP): enrolment through the page's actions, verification with a
// one-step window either side, replay refused, the per-person code limit, single-use recovery
// codes, the code as the second step of sign-in, institution enforcement (nothing else answers
// until enrolment is done), the code as step-up for approving, and another admin's reset.
import type { ActionFunctionArgs } from "@remix-run/node";
import { and, asc, eq } from "drizzle-orm";
import { apiKeys, auditEvents, decisions, outbox, recoveryCodes, sessions, totpCredentials } from "../../db/tables";
import { requireStaff } from "~/auth/session.server";
import { MAX_SECOND_FACTOR_FAILURES } from "~/domain/second-factor";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as codeAction, loader as codeLoader } from "~/routes/_auth+/login_.code";
import { action as enrolAction, loader as enrolLoader } from "~/routes/_auth+/second-factor";
import { action as apiKeysAction, loader as apiKeysLoader } from "~/routes/app+/admin+/api-keys";
import { action as securityAction } from "~/routes/app+/admin+/security";
import { action as usersAction } from "~/routes/app+/admin+/users";
import { action as decisionAction } from "~/routes/app+/decisions+/$decisionId";
import { loader as accountLoader } from "~/routes/app+/account";
import { verifyStepUpCode } from "~/services/auth.server";
import { createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { codeAt, codeSteps, enrolTotp } from "../helpers/second-factor-factories";

const run = (fn: (args: ActionFunctionArgs) => Promise<unknown>, request: Request, params: Record<string, string> = {}) => settle(() => fn({ request, params, context: {} }));

async function events(userId: string, action: string) {
  return await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.action, action))).orderBy(asc(auditEvents.seq));
}

function cookieOf(headers: Headers): string {
  return (headers.get("Set-Cookie") ?? "").split(";")[0]!;
}

function staffOf(user: { id: string; institutionId: string }) {
  return { userId: user.id, institutionId: user.institutionId, sessionIdHash: "direct-service-call" };
}

let bank: Bank;
beforeAll(async () => {
  bank = await createBank("Banco Doble Factor");
});

describe("enrolment", () => {
  it("starts with the password, shows the key as QR and text, turns on with the first code and shows ten recovery codes once, stored hashed", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const cookie = await cookieFor(user);
    const noPassword = await run(enrolAction, formRequest("/second-factor", { intent: "start" }, cookie));
    expect(noPassword.status).toBe(400);
    expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, user.id))).toHaveLength(0);

    const started = await run(enrolAction, formRequest("/second-factor", { intent: "start", password: PASSWORD }, cookie));
    expect(started.status).toBe(302);
    const page = (await run(enrolLoader, getRequest("/second-factor", cookie))).response as { status: { state: string; secret: string; qrDataUrl: string; uri: string } };
    expect(page.status.state).toBe("pending");
    expect(page.status.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.status.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(page.status.uri).toContain(`secret=${page.status.secret}`);
    const row = (await db().select().from(totpCredentials).where(eq(totpCredentials.userId, user.id)))[0]!;
    expect(row.secretSealed.startsWith("v1:")).toBe(true);
    expect(row.secretSealed).not.toContain(page.status.secret);
    expect(row.confirmedAt).toBeNull();

    const wrong = await run(enrolAction, formRequest("/second-factor", { intent: "confirm", code: codeSteps(page.status.secret, new Date(), 5) }, cookie));
    expect(wrong.status).toBe(401);
    expect(await events(user.id, "auth.second-factor.enrolment-failed")).toHaveLength(1);

    const done = await run(enrolAction, formRequest("/second-factor", { intent: "confirm", code: codeAt(page.status.secret, new Date()) }, cookie));
    expect(done.status).toBe(200);
    const codes = (done.response as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const stored = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const r of stored) {
      expect(r.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(codes.map((c) => c.replace(/-/g, ""))).not.toContain(r.codeHash);
    }
    expect((await db().select().from(totpCredentials).where(eq(totpCredentials.userId, user.id)))[0]!.confirmedAt).not.toBeNull();
    expect(await events(user.id, "auth.second-factor.enrolment-started")).toHaveLength(1);
    expect(await events(user.id, "auth.second-factor.enrolled")).toHaveLength(1);
    // Shown once: the page now says it is set up and carries neither key nor codes.
    const after = (await run(enrolLoader, getRequest("/second-factor", cookie))).response as { status: Record<string, unknown> };
    expect(after.status.state).toBe("enrolled");
    expect(JSON.stringify(after)).not.toContain(page.status.secret);
    expect(JSON.stringify(after)).not.toContain(codes[0]!);
    // A second enrolment cannot replace a confirmed one (the step-up is now the app's code).
    expect((await run(enrolAction, formRequest("/second-factor", { intent: "start", password: PASSWORD }, cookie))).status).toBe(400);
    expect((await run(enrolAction, formRequest("/second-factor", { intent: "start", code: codeSteps(page.status.secret, new Date(), 1) }, cookie))).status).toBe(409);
    expect((await db().select().from(totpCredentials).where(eq(totpCredentials.userId, user.id)))[0]!.secretSealed).toBe(row.secretSealed);
  });
});

describe("verifying a code", () => {
  it("accepts the steps either side of now, refuses two steps away, and refuses a code used before", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const now = new Date();
    const { secret } = await enrolTotp(user, new Date(now.getTime() - 300_000));
    expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, -2), "test", now)).ok).toBe(false);
    expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, 2), "test", now)).ok).toBe(false);
    expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, -1), "test", now)).ok).toBe(true);
    // The same code again, a moment later: refused (replay), and so is the current one after a later step was used.
    expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, -1), "test", new Date(now.getTime() + 1000))).ok).toBe(false);
    expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, 1), "test", now)).ok).toBe(true);
    expect((await verifyStepUpCode(staffOf(user), codeAt(secret, now), "test", now)).ok).toBe(false);
    // Not a code at all is a failed attempt too.
    expect((await verifyStepUpCode(staffOf(user), "12ab56", "test", now)).ok).toBe(false);
    const failures = await events(user.id, "auth.second-factor.failed");
    expect(failures.map((e) => (e.after as { reason: string }).reason).sort()).toEqual(["malformed", "replayed", "replayed", "wrong", "wrong"]);
    expect(failures.map((e) => (e.after as { consecutiveFailures: number }).consecutiveFailures)).toEqual([1, 2, 1, 1, 2]);
    expect(await events(user.id, "auth.second-factor.used")).toHaveLength(2);
  });

  it(`pauses codes after ${MAX_SECOND_FACTOR_FAILURES} wrong ones, even the right code, until the pause ends`, async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const now = new Date();
    const { secret } = await enrolTotp(user, new Date(now.getTime() - 300_000));
    for (let i = 0; i < MAX_SECOND_FACTOR_FAILURES; i++) {
      expect((await verifyStepUpCode(staffOf(user), codeSteps(secret, now, 10 + i), "test", now)).ok).toBe(false);
    }
    const refused = await verifyStepUpCode(staffOf(user), codeAt(secret, now), "test", now);
    expect(refused).toEqual({ ok: false, locked: true });
    expect(await events(user.id, "auth.second-factor.locked")).toHaveLength(1);
    expect(await events(user.id, "auth.second-factor.refused-locked")).toHaveLength(1);
    const later = new Date(now.getTime() + 16 * 60_000);
    expect((await verifyStepUpCode(staffOf(user), codeAt(secret, later), "test", later)).ok).toBe(true);
  });
});

describe("signing in with a second factor", () => {
  async function signInWithPassword(email: string) {
    const result = await run(loginAction, formRequest("/login", { email, password: PASSWORD, redirectTo: "/app/clients" }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login/code?redirectTo=%2Fapp%2Fclients");
    return cookieOf(result.headers);
  }

  it("asks for the code after the password; the pending session signs nobody in; the code gives a new session", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const { secret } = await enrolTotp(user);
    const pending = await signInWithPassword(user.email);
    expect((await run(accountLoader, getRequest("/app/account", pending))).headers.get("Location")).toMatch(/^\/login\?/);
    expect((await run(codeLoader, getRequest("/login/code", pending))).status).toBe(200);
    expect(await events(user.id, "auth.sign-in.password-accepted")).toHaveLength(1);
    expect(await events(user.id, "auth.sign-in.succeeded")).toHaveLength(0);

    const wrong = await run(codeAction, formRequest("/login/code", { code: codeSteps(secret, new Date(), 4) }, pending));
    expect(wrong.status).toBe(401);
    const ok = await run(codeAction, formRequest("/login/code", { code: codeAt(secret, new Date()), redirectTo: "/app/clients" }, pending));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/app/clients");
    const full = cookieOf(ok.headers);
    expect(full).not.toBe(pending);
    const staff = await requireStaff(getRequest("/app/account", full));
    expect(staff.userId).toBe(user.id);
    expect(staff.secondFactor).toBe("totp");
    // The pending cookie is spent.
    expect((await run(codeLoader, getRequest("/login/code", pending))).status).toBe(302);
    const succeeded = await events(user.id, "auth.sign-in.succeeded");
    expect(succeeded).toHaveLength(1);
    expect((succeeded[0]!.after as { secondFactor: string }).secondFactor).toBe("totp");
  });

  it("takes a recovery code once", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const { recoveryCodes: codes } = await enrolTotp(user);
    const first = await run(codeAction, formRequest("/login/code", { code: codes[3]!.toLowerCase() }, await signInWithPassword(user.email)));
    expect(first.status).toBe(302);
    const again = await run(codeAction, formRequest("/login/code", { code: codes[3]! }, await signInWithPassword(user.email)));
    expect(again.status).toBe(401);
    const unused = (await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).filter((r) => r.usedAt === null);
    expect(unused).toHaveLength(9);
    const used = await events(user.id, "auth.second-factor.used");
    expect(used.map((e) => (e.after as { method: string }).method)).toEqual(["recovery-code"]);
  });

  it("a burst of 30 parallel guesses checks at most 5 codes, signs nobody in, and then refuses even the right code", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const { secret } = await enrolTotp(user);
    const pending = await signInWithPassword(user.email);
    const guesses = Array.from({ length: 30 }, (_, i) => String(100000 + i * 7919).slice(0, 6)).filter((g) => ![-1, 0, 1].some((n) => codeSteps(secret, new Date(), n) === g));
    const results = await Promise.all(guesses.map((code) => run(codeAction, formRequest("/login/code", { code }, pending))));
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(results.some((r) => r.headers.get("Set-Cookie"))).toBe(false);
    expect(await events(user.id, "auth.second-factor.failed")).toHaveLength(MAX_SECOND_FACTOR_FAILURES);
    expect(await events(user.id, "auth.second-factor.refused-locked")).toHaveLength(guesses.length - MAX_SECOND_FACTOR_FAILURES);
    const right = await run(codeAction, formRequest("/login/code", { code: codeAt(secret, new Date()) }, pending));
    expect(right.status).toBe(429);
    expect(right.headers.get("Set-Cookie")).toBeNull();
  });

  it("without a factor, the password alone signs in as before", async () => {
    const user = await createUser(bank.institutionId, ["rm"]);
    const result = await run(loginAction, formRequest("/login", { email: user.email, password: PASSWORD, redirectTo: "/app" }));
    expect(result.headers.get("Location")).toBe("/app");
    expect((await requireStaff(getRequest("/app", cookieOf(result.headers)))).userId).toBe(user.id);
  });
});

describe("an institution that requires a second factor", () => {
  it("sends members of the chosen roles to enrolment, refuses every other page and action until done, and lets others be", async () => {
    const inst = await createInstitution("Banco Estricto");
    const admin = await createUser(inst, ["admin"]);
    const rm = await createUser(inst, ["rm"]);
    const adminCookie = await cookieFor(admin);
    // Admin's default when choosing roles is approver + admin; here the form posts them.
    const saved = await run(securityAction, formRequest("/app/admin/security", { policy: "roles", roles: ["approver", "admin"] }, adminCookie));
    expect(saved.status).toBe(302);
    expect((await db().select().from(auditEvents).where(and(eq(auditEvents.chain, inst), eq(auditEvents.action, "institution.second-factor-rule-changed")))).length).toBe(1);

    const page = await run(apiKeysLoader, getRequest("/app/admin/api-keys", adminCookie));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/second-factor?redirectTo=%2Fapp%2Fadmin%2Fapi-keys");
    const create = await run(apiKeysAction, formRequest("/app/admin/api-keys", { intent: "create", name: "Core banking", scope: "read-write", password: PASSWORD }, adminCookie));
    expect(create.status).toBe(302);
    expect(create.headers.get("Location")).toMatch(/^\/second-factor/);
    expect(await db().select().from(apiKeys).where(eq(apiKeys.institutionId, inst))).toHaveLength(0);
    // Changing the rule back is refused too: only enrolment (and signing out) answers.
    expect((await run(securityAction, formRequest("/app/admin/security", { policy: "off" }, adminCookie))).status).toBe(302);
    expect((await run(enrolLoader, getRequest("/second-factor", adminCookie))).status).toBe(200);
    // A member outside the chosen roles is not held up, and cannot change the rule either.
    const rmCookie = await cookieFor(rm);
    expect((await run(accountLoader, getRequest("/app/account", rmCookie))).status).toBe(200);
    expect((await run(securityAction, formRequest("/app/admin/security", { policy: "off" }, rmCookie))).status).toBe(403);

    await enrolTotp(admin);
    expect((await run(apiKeysLoader, getRequest("/app/admin/api-keys", adminCookie))).status).toBe(200);
  });

  it("with every member required, holds up every role", async () => {
    const inst = await createInstitution("Banco Todos");
    const admin = await createUser(inst, ["admin"]);
    const auditor = await createUser(inst, ["auditor"]);
    await enrolTotp(admin);
    const adminCookie = await cookieFor(admin);
    expect((await run(securityAction, formRequest("/app/admin/security", { policy: "all" }, adminCookie))).status).toBe(302);
    expect((await run(accountLoader, getRequest("/app/account", await cookieFor(auditor)))).headers.get("Location")).toMatch(/^\/second-factor/);
    expect((await run(accountLoader, getRequest("/app/account", adminCookie))).status).toBe(200);
    // Choosing "roles" with none ticked names the field.
    expect((await run(securityAction, formRequest("/app/admin/security", { policy: "roles" }, adminCookie))).status).toBe(400);
  });
});

describe("step-up with the authenticator code", () => {
  it("approves a decision with the code in the same post; the password alone or a wrong code changes nothing", async () => {
    const approver = await createUser(bank.institutionId, ["approver"]);
    const { secret } = await enrolTotp(approver);
    const cookie = await cookieFor(approver);
    const decision = await createApprovedDecision(bank, { proposed: true, clientName: "Textiles del Sur S.A." });
    const post = (fields: Record<string, string>) => {
      const request = formRequest(`/app/decisions/${decision.decisionId}`, { intent: "approve", comment: "Reviewed.", ...fields }, cookie);
      return run(decisionAction, request, { decisionId: decision.decisionId });
    };
    const status = async () => (await db().select().from(decisions).where(eq(decisions.id, decision.decisionId)))[0]!.status;
    const before = await status();
    const password = await post({ password: PASSWORD });
    expect(password.status).toBe(400);
    expect((password.response as { passwordError: string }).passwordError).toBe("stepUp.codeRequired");
    const wrong = await post({ code: codeSteps(secret, new Date(), 6) });
    expect(wrong.status).toBe(401);
    expect((wrong.response as { passwordError: string }).passwordError).toBe("stepUp.codeInvalid");
    expect(await status()).toBe(before);
    const ok = await post({ code: codeAt(secret, new Date()) });
    expect(ok.status).toBe(302);
    expect(await status()).toBe("approved");
    const used = await events(approver.id, "auth.second-factor.used");
    expect(used.map((e) => (e.after as { purpose: string }).purpose)).toEqual(["decision.approve"]);
  });
});

describe("an admin resets a colleague's lost factor", () => {
  it("with the admin's step-up: the factor and sessions go, the person is e-mailed, the reset is audited", async () => {
    const target = await createUser(bank.institutionId, ["approver"], { name: "Pía Perdida" });
    await enrolTotp(target);
    const targetCookie = await cookieFor(target);
    const admin = await createUser(bank.institutionId, ["admin"]);
    const adminCookie = await cookieFor(admin);
    const first = await run(usersAction, formRequest("/app/admin/users", { intent: "reset-second-factor", userId: target.id }, adminCookie));
    expect(first.status).toBe(400);
    expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, target.id))).toHaveLength(1);

    const done = await run(usersAction, formRequest("/app/admin/users", { intent: "reset-second-factor", userId: target.id, password: PASSWORD }, adminCookie));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/app/admin/users?flash=second-factor-reset");
    expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, target.id))).toHaveLength(0);
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, target.id))).toHaveLength(0);
    expect(await db().select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0);
    expect((await run(accountLoader, getRequest("/app/account", targetCookie))).status).toBe(302);
    const mail = await db().select().from(outbox).where(and(eq(outbox.institutionId, bank.institutionId), eq(outbox.kind, "user.second-factor-reset")));
    expect(mail.map((m) => m.toAddress)).toContain(target.email);
    const reset = await events(target.id, "auth.second-factor.reset");
    expect(reset).toHaveLength(1);
    expect(reset[0]!.actorId).toBe(admin.id);
  });

  it("is never one's own, needs manage:user, and another institution's member is not found", async () => {
    const admin = await createUser(bank.institutionId, ["admin"]);
    await enrolTotp(admin);
    const adminCookie = await cookieFor(admin);
    const self = await run(usersAction, formRequest("/app/admin/users", { intent: "reset-second-factor", userId: admin.id, code: "000000" }, adminCookie));
    // The admin's own row carries no reset button; a crafted post is refused before or at the step-up.
    expect([400, 401]).toContain(self.status);
    expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, admin.id))).toHaveLength(1);

    const other = await createInstitution("Banco Ajeno");
    const stranger = await createUser(other, ["approver"]);
    await enrolTotp(stranger);
    expect((await run(usersAction, formRequest("/app/admin/users", { intent: "reset-second-factor", userId: stranger.id }, adminCookie))).status).toBe(404);
    expect((await run(usersAction, formRequest("/app/admin/users", { intent: "reset-second-factor", userId: admin.id }, await cookieFor(bank.approver)))).status).toBe(403);
  });
});
