import { eq } from "drizzle-orm";
import { auditEvents, sessions, users } from "../../db/tables";
import { action as loginAction } from "~/routes/_auth+/login";
import { action as logoutAction } from "~/routes/_auth+/logout";
import { loader as layoutLoader } from "~/routes/app+/_layout";
import { action as confirmAction } from "~/routes/_auth+/confirm-password";
import { requireStaff } from "~/auth/session.server";
import { MAX_FAILED_SIGN_INS } from "~/services/auth.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

async function login(email: string, password: string) {
  return await settle(() => loginAction({ request: formRequest("/login", { email, password }), params: {}, context: {} }));
}

describe("sign-in", () => {
  it("signs in with the right password, creates a session row and audits it", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const result = await login(user.email.toUpperCase(), PASSWORD);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/app");
    const cookie = result.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/__session=.+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/);
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    const staff = await requireStaff(getRequest("/app", cookie.split(";")[0]));
    expect(staff).toMatchObject({ userId: user.id, institutionId: inst, roles: ["rm"] });
    const events = await db().select().from(auditEvents).where(eq(auditEvents.chain, inst));
    expect(events.map((e) => e.action)).toContain("auth.sign-in.succeeded");
  });

  it("refuses a wrong password with 401 and a clear message, and audits the failure", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const result = await login(user.email, "wrong password");
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.response)).toContain("The e-mail address or password is not correct.");
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.chain, inst))).map((e) => e.action);
    expect(actions).toContain("auth.sign-in.failed");
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain("wrong password");
  });

  it("refuses an unknown address the same way and records it in the system chain", async () => {
    const result = await login("nobody@example.test", "whatever");
    expect(result.status).toBe(401);
    expect((await db().select().from(auditEvents).where(eq(auditEvents.chain, "system"))).at(-1)?.action).toBe("auth.sign-in.failed");
  });

  it("locks the account after repeated failures, even for the right password, answering like a wrong password", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect((await login(user.email, "nope")).status).toBe(401);
    const locked = await login(user.email, "nope");
    expect(locked.status).toBe(401);
    expect(JSON.stringify(locked.response)).toContain("The e-mail address or password is not correct.");
    const again = await login(user.email, PASSWORD);
    expect(again.status).toBe(401);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    const row = (await db().select().from(users).where(eq(users.id, user.id)).limit(1))[0]!;
    expect(row.lockedUntil! > new Date().toISOString()).toBe(true);
  });

  it("refuses a deactivated user with the right password like a wrong password", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"], { isActive: false });
    const result = await login(user.email, PASSWORD);
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.response)).toContain("The e-mail address or password is not correct.");
    expect(JSON.stringify(result.response)).not.toContain("deactivated");
  });

  it("signs out (the session row is gone) and signs out everywhere", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["rm"]);
    const a = await cookieFor(user);
    const b = await cookieFor(user);
    const out = await settle(() => logoutAction({ request: formRequest("/logout", {}, a), params: {}, context: {} }));
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect((await settle(() => layoutLoader({ request: getRequest("/app", a), params: {}, context: {} }))).status).toBe(302);
    expect((await settle(() => layoutLoader({ request: getRequest("/app", b), params: {}, context: {} }))).status).toBe(200);
    const c = await cookieFor(user);
    await settle(() => logoutAction({ request: formRequest("/logout", { scope: "everywhere" }, c), params: {}, context: {} }));
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await settle(() => layoutLoader({ request: getRequest("/app", b), params: {}, context: {} }))).status).toBe(302);
  });

  it("redirects anonymous requests to the sign-in page with the way back", async () => {
    const result = await settle(() => layoutLoader({ request: getRequest("/app/admin/users?x=1"), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/app/admin/users?x=1")}`);
  });

  it("the confirm-password page checks the password and moves the session's verification time", async () => {
    const inst = await createInstitution();
    const user = await createUser(inst, ["approver"]);
    const stale = await cookieFor(user, { verifiedAt: new Date(Date.now() - 11 * 60_000) });
    const before = (await requireStaff(getRequest("/app", stale))).verifiedAt;
    const wrong = await settle(() => confirmAction({ request: formRequest("/confirm-password", { password: "bad" }, stale), params: {}, context: {} }));
    expect(wrong.status).toBe(401);
    expect((await requireStaff(getRequest("/app", stale))).verifiedAt).toBe(before);
    const ok = await settle(() => confirmAction({ request: formRequest("/confirm-password", { password: PASSWORD, redirectTo: "/app/decisions/1" }, stale), params: {}, context: {} }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/app/decisions/1");
    expect((await requireStaff(getRequest("/app", stale))).verifiedAt > before).toBe(true);
  });
});
