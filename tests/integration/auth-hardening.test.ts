// Security review findings M1 (open redirect through every route that follows `redirectTo`), M2
// (the lockout could be raced: 31 parallel sign-ins checked 30 passwords) and L6 (a locked or
// deactivated account answered differently from a wrong password).
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { auditEvents, users } from "../../db/tables";
import { action as loginAction, loader as loginLoader } from "~/routes/_auth+/login";
import { action as confirmAction } from "~/routes/_auth+/confirm-password";
import { action as setLanguageAction } from "~/routes/set-language";
import { action as respondLanguageAction } from "~/routes/respond+/language";
import { LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, signIn } from "~/services/auth.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const EVIL = "/\t/evil.example/phish";

async function login(fields: Record<string, string>) {
  return await settle(() => loginAction({ request: formRequest("/login", fields), params: {}, context: {} }));
}

async function events(userId: string, actions: string[]) {
  return await db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, userId), inArray(auditEvents.action, actions)));
}

async function userRow(userId: string) {
  return (await db().select().from(users).where(eq(users.id, userId)).limit(1))[0]!;
}

describe("redirectTo is followed only to a path on this site (M1)", () => {
  it("GET /login when signed in", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const cookie = await cookieFor(user);
    for (const [to, expected] of [
      [EVIL, "/app"],
      ["/%09/evil.example", "/app"],
      ["/app/clients?q=a%20b", "/app/clients?q=a%20b"],
    ] as const) {
      const res = await settle(() => loginLoader({ request: getRequest(`/login?redirectTo=${encodeURIComponent(to)}`, cookie), params: {}, context: {} }));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(expected);
    }
  });

  it("POST /login", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const evil = await login({ email: user.email, password: PASSWORD, redirectTo: EVIL });
    expect(evil.headers.get("Location")).toBe("/app");
    const good = await login({ email: user.email, password: PASSWORD, redirectTo: "/app/portfolio?risk=high" });
    expect(good.headers.get("Location")).toBe("/app/portfolio?risk=high");
  });

  it("POST /confirm-password", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["approver"]);
    const cookie = await cookieFor(user);
    const res = await settle(() => confirmAction({ request: formRequest("/confirm-password", { password: PASSWORD, redirectTo: "/%5Cevil.example" }, cookie), params: {}, context: {} }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/app");
  });

  it("POST /set-language, signed in or not, and the respondent's language switch", async () => {
    const evil = await settle(() => setLanguageAction({ request: formRequest("/set-language", { lang: "es", redirectTo: EVIL }), params: {}, context: {} }));
    expect(evil.headers.get("Location")).toBe("/");
    const good = await settle(() => setLanguageAction({ request: formRequest("/set-language", { lang: "es", redirectTo: "/login?redirectTo=%2Fapp" }), params: {}, context: {} }));
    expect(good.headers.get("Location")).toBe("/login?redirectTo=%2Fapp");
    const respondent = await settle(() => respondLanguageAction({ request: formRequest("/respond/language", { lang: "es", redirectTo: "/respond/\t/evil.example" }), params: {}, context: {} }));
    expect(respondent.headers.get("Location")).toBe("/respond");
  });
});

describe("the lockout cannot be raced (M2)", () => {
  it("31 parallel sign-ins (30 wrong, then the right one) check at most 5 passwords and lock the account", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const now = new Date();
    const passwords = [...Array.from({ length: 30 }, (_, i) => `wrong guess ${i}`), PASSWORD];
    const results = await Promise.all(passwords.map((password) => signIn({ email: user.email, password, userAgent: "burst", now })));
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    const checked = await events(user.id, ["auth.sign-in.failed", "auth.sign-in.succeeded"]);
    expect(checked).toHaveLength(MAX_FAILED_SIGN_INS);
    expect(await events(user.id, ["auth.sign-in.refused-locked"])).toHaveLength(31 - MAX_FAILED_SIGN_INS);
    expect(await events(user.id, ["auth.account.locked"])).toHaveLength(1);
    expect((await userRow(user.id)).lockedUntil).toBe(new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString());

    // The next window, after the lock ran out: again at most 5 checks in a burst.
    const later = new Date(now.getTime() + (LOCKOUT_MINUTES + 1) * 60_000);
    await Promise.all(passwords.map((password) => signIn({ email: user.email, password, userAgent: "burst", now: later })));
    expect(await events(user.id, ["auth.sign-in.failed", "auth.sign-in.succeeded"])).toHaveLength(2 * MAX_FAILED_SIGN_INS);
    expect((await userRow(user.id)).lockedUntil! > later.toISOString()).toBe(true);
  });

  it("through the real sign-in action: 31 parallel posts, at most 5 passwords checked, no session, account locked", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const passwords = [...Array.from({ length: 30 }, (_, i) => `wrong guess ${i}`), PASSWORD];
    const results = await Promise.all(passwords.map((password) => login({ email: user.email, password })));
    expect(results.map((r) => r.status)).toEqual(passwords.map(() => 401));
    expect(results.some((r) => r.headers.get("Set-Cookie"))).toBe(false);
    expect((await events(user.id, ["auth.sign-in.failed", "auth.sign-in.succeeded"])).length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
    expect((await userRow(user.id)).lockedUntil! > new Date().toISOString()).toBe(true);
  });

  it("a right password inside the first five frees the slots; sequential failures still lock at the fifth", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) expect((await login({ email: user.email, password: "nope" })).status).toBe(401);
    expect((await login({ email: user.email, password: PASSWORD })).status).toBe(302);
    expect(await userRow(user.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await login({ email: user.email, password: "nope" });
    expect((await login({ email: user.email, password: PASSWORD })).status).toBe(401);
  });
});

describe("sign-in tells no one which accounts exist (L6)", () => {
  function formError(response: unknown): unknown {
    return (response as { error?: unknown }).error;
  }

  it("unknown, wrong, locked and deactivated answer the same status and message, after one scrypt each", async () => {
    const inst = await createInstitution();
    const known = await createUser(inst, ["rm"]);
    const locked = await createUser(inst, ["rm"]);
    const deactivated = await createUser(inst, ["rm"], { isActive: false });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await login({ email: locked.email, password: "nope" });
    expect((await userRow(locked.id)).lockedUntil).not.toBeNull();

    const scrypt = vi.spyOn(crypto, "scrypt");
    const answers = [];
    for (const fields of [
      { email: "nobody-here@example.test", password: PASSWORD },
      { email: known.email, password: "wrong password" },
      { email: locked.email, password: PASSWORD },
      { email: deactivated.email, password: PASSWORD },
    ]) {
      scrypt.mockClear();
      const res = await login(fields);
      // The same work for every case, so the answer's timing tells nothing either.
      expect(scrypt).toHaveBeenCalledTimes(1);
      answers.push({ status: res.status, error: formError(res.response), cookie: res.headers.get("Set-Cookie") });
    }
    expect(answers[0]).toEqual({ status: 401, error: { "": ["The e-mail address or password is not correct."] }, cookie: null });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it("still audits the refusals for the bank: locked and deactivated", async () => {
    const inst = await createInstitution();
    const locked = await createUser(inst, ["rm"]);
    const deactivated = await createUser(inst, ["rm"], { isActive: false });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await login({ email: locked.email, password: "nope" });
    await login({ email: locked.email, password: PASSWORD });
    await login({ email: deactivated.email, password: PASSWORD });
    expect(await events(locked.id, ["auth.account.locked"])).toHaveLength(1);
    expect(await events(locked.id, ["auth.sign-in.refused-locked"])).toHaveLength(1);
    expect(await events(deactivated.id, ["auth.sign-in.refused-deactivated"])).toHaveLength(1);
  });
});
