// Institution administration (issue 3): invitations through the outbox, accepting them, resending,
// roles, deactivation and the one-active-admin rule, each with its audit event.
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, invitations, memberships, outbox, sessions, users } from "../../db/tables";
import { action as usersAction } from "~/routes/app+/admin+/users";
import { action as invitationAction, loader as invitationLoader } from "~/routes/_auth+/invitations.$token";
import { action as loginAction } from "~/routes/_auth+/login";
import { requireStaff } from "~/auth/session.server";
import { verifyPassword } from "~/auth/password.server";
import { sha256Hex } from "~/ids.server";
import { deliverableBody } from "~/services/outbox.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const NEW_PASSWORD = "a long new password for the invitee";

async function post(fields: Record<string, string | string[]>, cookie: string) {
  return await settle(() => usersAction({ request: formRequest("/app/admin/users", fields, cookie), params: {}, context: {} }));
}

async function openInvitation(token: string) {
  return await settle(() => invitationLoader({ request: getRequest(`/invitations/${token}`), params: { token }, context: {} }));
}

async function acceptInvitation(token: string, password = NEW_PASSWORD) {
  return await settle(() => invitationAction({ request: formRequest(`/invitations/${token}`, { password, confirm: password }), params: { token }, context: {} }));
}

async function lastEvent(chain: string, action: string) {
  return (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.action, action))).orderBy(desc(auditEvents.seq)).limit(1))[0];
}

async function tokenOf(email: string): Promise<string> {
  // The link as the invitee gets it: the stored body has it masked (app/domain/secret-links.ts).
  const mail = (await db().select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(desc(outbox.createdAt)))[0];
  const body = mail ? deliverableBody(mail) : "";
  const match = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(body);
  if (!match) throw new Error(`no invitation link in the e-mail to ${email}`);
  return match[1]!;
}

async function counts() {
  return {
    users: (await db().select().from(users)).length,
    memberships: (await db().select().from(memberships)).length,
    invitations: (await db().select().from(invitations)).length,
    outbox: (await db().select().from(outbox)).length,
    audit: (await db().select().from(auditEvents)).length,
  };
}

async function bank() {
  const inst = await createInstitution();
  const admin = await createUser(inst, ["admin"]);
  return { inst, admin, cookie: await cookieFor(admin) };
}

async function invite(cookie: string, email: string, roles: string[] = ["rm", "approver"]) {
  const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email, roles, language: "es" }, cookie);
  expect(result.status).toBe(302);
  return (await db().select().from(users).where(eq(users.email, email.toLowerCase())).limit(1))[0]!;
}

describe("inviting a user", () => {
  it("creates the user, their roles, an outbox e-mail with the link, and an audit event without the token", async () => {
    const { inst, admin, cookie } = await bank();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email: "Ana@Example.test", roles: ["rm", "approver"], language: "es" }, cookie);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toContain("flash=invited");

    const user = (await db().select().from(users).where(eq(users.email, "ana@example.test")).limit(1))[0]!;
    expect(user).toMatchObject({ name: "Ana Pérez", passwordHash: null, isActive: true, language: "es" });
    const roles = await db().select().from(memberships).where(eq(memberships.userId, user.id));
    expect(roles.map((m) => [m.institutionId, m.role]).sort()).toEqual([[inst, "approver"], [inst, "rm"]]);

    const emails = await db().select().from(outbox).where(eq(outbox.toAddress, "ana@example.test"));
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ institutionId: inst, kind: "user.invitation", status: "pending", language: "es" });
    const token = await tokenOf("ana@example.test");
    expect(deliverableBody(emails[0]!)).toContain(`/invitations/${token}`);
    expect(emails[0]!.body).not.toContain(token);
    const invitation = (await db().select().from(invitations).where(eq(invitations.userId, user.id)).limit(1))[0]!;
    expect(invitation.tokenHash).toBe(sha256Hex(token));
    expect(invitation.invitedBy).toBe(admin.id);

    const event = (await lastEvent(inst, "user.invited"))!;
    expect(event).toMatchObject({ actorType: "user", actorId: admin.id, subjectType: "user", subjectId: user.id });
    expect(event.after).toEqual({ email: "ana@example.test", name: "Ana Pérez", roles: ["rm", "approver"] });
    const json = JSON.stringify(event);
    expect(json).not.toContain(token);
    expect(json).not.toContain(sha256Hex(token));
  });

  it("refuses a bad e-mail or no role with 400 and field errors, writing nothing", async () => {
    const { cookie } = await bank();
    const before = await counts();
    const badEmail = await post({ intent: "invite", name: "X", email: "not-an-email", roles: ["rm"] }, cookie);
    expect(badEmail.status).toBe(400);
    expect(badEmail.response).toMatchObject({ intent: "invite", reply: { status: "error", error: { email: ["form.invalidEmail"] } } });
    const noRole = await post({ intent: "invite", name: "X", email: "x@example.test" }, cookie);
    expect(noRole.status).toBe(400);
    expect(noRole.response).toMatchObject({ reply: { error: { roles: ["form.chooseRole"] } } });
    const noName = await post({ intent: "invite", name: "", email: "x@example.test", roles: ["rm"] }, cookie);
    expect(noName.status).toBe(400);
    expect(noName.response).toMatchObject({ reply: { error: { name: ["form.required"] } } });
    const unknownRole = await post({ intent: "invite", name: "X", email: "x@example.test", roles: ["superuser"] }, cookie);
    expect(unknownRole.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("refuses an address that already belongs to the institution with 400 on the e-mail field", async () => {
    const { admin, cookie } = await bank();
    const before = await counts();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Again", email: admin.email, roles: ["rm"] }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ reply: { error: { email: ["form.emailTaken"] } } });
    expect(await counts()).toEqual(before);
  });
});

describe("accepting an invitation", () => {
  it("sets the password and signs the user in; the link then answers 410", async () => {
    const { inst, cookie } = await bank();
    const user = await invite(cookie, "bea@example.test");
    const token = await tokenOf("bea@example.test");

    const page = await openInvitation(token);
    expect(page.status).toBe(200);
    expect(page.response).toMatchObject({ state: "valid", email: "bea@example.test", name: "Ana Pérez" });
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");

    const short = await acceptInvitation(token, "short");
    expect(short.status).toBe(400);
    expect((await db().select().from(users).where(eq(users.id, user.id)).limit(1))[0]!.passwordHash).toBeNull();

    const accepted = await acceptInvitation(token);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/app");
    const setCookie = accepted.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__session=.+HttpOnly; SameSite=Lax/);
    const staff = await requireStaff(getRequest("/app", setCookie.split(";")[0]));
    expect(staff).toMatchObject({ userId: user.id, institutionId: inst, roles: ["approver", "rm"] });

    const row = (await db().select().from(users).where(eq(users.id, user.id)).limit(1))[0]!;
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash)).toBe(true);
    expect((await db().select().from(invitations).where(eq(invitations.userId, user.id)).limit(1))[0]!.acceptedAt).not.toBeNull();
    expect(await lastEvent(inst, "user.invitation-accepted")).toMatchObject({ actorId: user.id, subjectId: user.id });

    expect((await openInvitation(token)).status).toBe(410);
    const reused = await acceptInvitation(token, "another long password here");
    expect(reused.status).toBe(410);
    expect(await verifyPassword(NEW_PASSWORD, (await db().select().from(users).where(eq(users.id, user.id)).limit(1))[0]!.passwordHash)).toBe(true);

    const login = await settle(() => loginAction({ request: formRequest("/login", { email: "bea@example.test", password: NEW_PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
  });

  it("answers 410 once the invitation has expired, and accepting it changes nothing", async () => {
    const { cookie } = await bank();
    const user = await invite(cookie, "cai@example.test");
    const token = await tokenOf("cai@example.test");
    await db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(invitations.userId, user.id));
    expect((await openInvitation(token)).status).toBe(410);
    const result = await acceptInvitation(token);
    expect(result.status).toBe(410);
    expect(result.headers.get("Set-Cookie")).toBeNull();
    expect((await db().select().from(users).where(eq(users.id, user.id)).limit(1))[0]!.passwordHash).toBeNull();
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it("answers 404 for an unknown token", async () => {
    const result = await openInvitation("this-token-was-never-issued-by-anyone-000");
    expect(result.status).toBe(404);
    expect(result.response).toEqual({ state: "not-found" });
  });

  it("resending revokes the old link and mails a new one", async () => {
    const { inst, admin, cookie } = await bank();
    const user = await invite(cookie, "dan@example.test");
    const oldToken = await tokenOf("dan@example.test");
    const result = await post({ intent: "resend-invitation", userId: user.id }, cookie);
    expect(result.status).toBe(302);
    const newToken = await tokenOf("dan@example.test");
    expect(newToken).not.toBe(oldToken);
    expect(await db().select().from(outbox).where(eq(outbox.toAddress, "dan@example.test"))).toHaveLength(2);
    expect((await openInvitation(oldToken)).status).toBe(410);
    expect((await acceptInvitation(oldToken)).status).toBe(410);
    expect((await openInvitation(newToken)).status).toBe(200);
    const rows = await db().select().from(invitations).where(eq(invitations.userId, user.id));
    expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
    expect(await lastEvent(inst, "user.invitation-resent")).toMatchObject({ actorId: admin.id, subjectId: user.id });
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain(newToken);
  });

  it("resending to a user who has already set a password is refused with 409", async () => {
    const { inst, cookie } = await bank();
    const rm = await createUser(inst, ["rm"]);
    const before = await counts();
    expect((await post({ intent: "resend-invitation", userId: rm.id }, cookie)).status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it("inviting someone who already has an account elsewhere adds the role and tells them to sign in, with no password link", async () => {
    const other = await createInstitution("Banco Otro");
    const existing = await createUser(other, ["admin"]);
    const { inst, cookie } = await bank();
    await invite(cookie, existing.email, ["auditor"]);
    expect((await db().select().from(memberships).where(and(eq(memberships.userId, existing.id), eq(memberships.institutionId, inst)))).map((m) => m.role)).toEqual(["auditor"]);
    const mail = (await db().select().from(outbox).where(eq(outbox.toAddress, existing.email)).orderBy(desc(outbox.createdAt)))[0]!;
    expect(mail.kind).toBe("user.added");
    expect(mail.body).toContain("/login");
    expect(mail.body).not.toMatch(/\/invitations\//);
    expect(await db().select().from(invitations).where(eq(invitations.userId, existing.id))).toHaveLength(0);
    expect(await lastEvent(inst, "user.invited")).toMatchObject({ subjectId: existing.id, after: { roles: ["auditor"], existingAccount: true } });
    const row = (await db().select().from(users).where(eq(users.id, existing.id)).limit(1))[0]!;
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    // They can switch to the new institution with the session they already have.
    expect((await requireStaff(getRequest("/app", await cookieFor({ id: existing.id, institutionId: inst })))).roles).toEqual(["auditor"]);
  });

  it("refuses to invite someone still pending at another institution, whose link would set the password there too", async () => {
    const first = await bank();
    await invite(first.cookie, "pending@elsewhere.example", ["rm"]);
    const pending = (await db().select().from(users).where(eq(users.email, "pending@elsewhere.example")).limit(1))[0]!;
    const second = await bank();
    const before = await counts();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email: "pending@elsewhere.example", roles: ["auditor"], language: "es" }, second.cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ reply: { error: { email: ["form.pendingElsewhere"] } } });
    expect(await counts()).toEqual(before);
    expect((await db().select().from(memberships).where(eq(memberships.userId, pending.id))).map((m) => m.institutionId)).toEqual([first.inst]);

    // Legacy data that holds such a second membership: neither bank's link sets the password.
    await db().insert(memberships).values({ id: `m-legacy-${pending.id}`, institutionId: second.inst, userId: pending.id, role: "auditor", createdAt: new Date().toISOString() });
    expect((await acceptInvitation(await tokenOf("pending@elsewhere.example"))).status).toBe(410);
    expect((await db().select().from(users).where(eq(users.id, pending.id)).limit(1))[0]!.passwordHash).toBeNull();
  });
});

describe("roles", () => {
  it("replaces the roles and audits before and after", async () => {
    const { inst, admin, cookie } = await bank();
    const target = await createUser(inst, ["rm"]);
    const targetCookie = await cookieFor(target);
    const result = await post({ intent: "set-roles", password: PASSWORD, userId: target.id, roles: ["approver", "auditor"] }, cookie);
    expect(result.status).toBe(302);
    expect((await db().select().from(memberships).where(eq(memberships.userId, target.id))).map((m) => m.role).sort()).toEqual(["approver", "auditor"]);
    const event = (await lastEvent(inst, "user.roles-changed"))!;
    expect(event).toMatchObject({ actorId: admin.id, subjectId: target.id, before: { roles: ["rm"] }, after: { roles: ["approver", "auditor"] } });
    // The change applies to sessions already open.
    expect((await requireStaff(getRequest("/app", targetCookie))).roles).toEqual(["approver", "auditor"]);
  });

  it("refuses to remove the last active admin with 400 form.lastAdmin and keeps the roles", async () => {
    const { inst, admin, cookie } = await bank();
    const formerAdmin = await createUser(inst, ["admin"], { isActive: false });
    const before = await counts();
    const result = await post({ intent: "set-roles", password: PASSWORD, userId: admin.id, roles: ["rm"] }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ intent: "set-roles", userId: admin.id, reply: { error: { roles: ["form.lastAdmin"] } } });
    expect((await db().select().from(memberships).where(eq(memberships.userId, admin.id))).map((m) => m.role)).toEqual(["admin"]);
    expect(await counts()).toEqual(before);
    expect(formerAdmin.id).not.toBe(admin.id);
  });

  it("lets an admin hand over: with a second active admin the first may drop the role", async () => {
    const { inst, admin, cookie } = await bank();
    await createUser(inst, ["admin"]);
    expect((await post({ intent: "set-roles", password: PASSWORD, userId: admin.id, roles: ["auditor"] }, cookie)).status).toBe(302);
    expect((await db().select().from(memberships).where(eq(memberships.userId, admin.id))).map((m) => m.role)).toEqual(["auditor"]);
  });
});

describe("deactivation", () => {
  it("ends the user's sessions at once and audits it; reactivation lets them sign in again", async () => {
    const { inst, admin, cookie } = await bank();
    const target = await createUser(inst, ["rm"]);
    const one = await cookieFor(target);
    const two = await cookieFor(target);
    expect((await requireStaff(getRequest("/app", one))).userId).toBe(target.id);

    const result = await post({ intent: "deactivate", userId: target.id }, cookie);
    expect(result.status).toBe(302);
    for (const c of [one, two]) {
      const refused = await settle(() => requireStaff(getRequest("/app", c)));
      expect(refused.status).toBe(302);
      expect(refused.headers.get("Location")).toMatch(/^\/login/);
    }
    expect(await db().select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0);
    expect(await lastEvent(inst, "user.deactivated")).toMatchObject({ actorId: admin.id, subjectId: target.id, before: { isActive: true }, after: { isActive: false, sessionsEnded: 2 } });

    expect((await post({ intent: "reactivate", userId: target.id }, cookie)).status).toBe(302);
    expect((await db().select().from(users).where(eq(users.id, target.id)).limit(1))[0]!.isActive).toBe(true);
    expect(await lastEvent(inst, "user.reactivated")).toMatchObject({ subjectId: target.id, after: { isActive: true } });
    const login = await settle(() => loginAction({ request: formRequest("/login", { email: target.email, password: PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
  });

  it("refuses to deactivate yourself (the last active admin) with 400 and a message key", async () => {
    const { admin, cookie } = await bank();
    const before = await counts();
    const result = await post({ intent: "deactivate", userId: admin.id }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ userId: admin.id, reply: { error: { userId: ["form.selfDeactivate"] } } });
    expect((await db().select().from(users).where(eq(users.id, admin.id)).limit(1))[0]!.isActive).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("deactivates a shared user in this institution only: their other bank's sessions and sign-in go on", async () => {
    const { inst, admin, cookie } = await bank();
    const otherBank = await createInstitution("Banco Dos");
    const shared = await createUser(otherBank, ["admin"]);
    await db().insert(memberships).values({ id: `m-${shared.id}`, institutionId: inst, userId: shared.id, role: "rm", createdAt: new Date().toISOString() });
    const inOtherBank = await cookieFor(shared);
    const inThisBank = await cookieFor({ id: shared.id, institutionId: inst });

    const result = await post({ intent: "deactivate", userId: shared.id }, cookie);
    expect(result.status).toBe(302);
    // Here: the session working in this bank ends, and it can no longer switch back in.
    expect((await settle(() => requireStaff(getRequest("/app", inThisBank)))).headers.get("Location")).toMatch(/^\/login/);
    // There: untouched, still an admin of the other bank.
    expect(await requireStaff(getRequest("/app", inOtherBank))).toMatchObject({ userId: shared.id, institutionId: otherBank, roles: ["admin"] });
    expect((await db().select().from(users).where(eq(users.id, shared.id)).limit(1))[0]!.isActive).toBe(true);
    expect((await db().select().from(memberships).where(eq(memberships.userId, shared.id))).map((m) => [m.institutionId, m.deactivatedAt !== null]).sort()).toEqual(
      [
        [inst, true],
        [otherBank, false],
      ].sort(),
    );
    expect(await lastEvent(inst, "user.deactivated")).toMatchObject({ actorId: admin.id, subjectId: shared.id, after: { isActive: false, sessionsEnded: 1 } });
    expect(await lastEvent(otherBank, "user.deactivated")).toBeUndefined();

    // Signing in lands in the other bank; this bank's audit chain still sees the attempt.
    const login = await settle(() => loginAction({ request: formRequest("/login", { email: shared.email, password: PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
    const session = (await db().select().from(sessions).where(eq(sessions.userId, shared.id))).at(-1);
    expect(session?.institutionId).toBe(otherBank);
    expect(await lastEvent(inst, "auth.sign-in.succeeded")).toMatchObject({ actorId: shared.id });

    // Reactivated here, they may act here again.
    expect((await post({ intent: "reactivate", userId: shared.id }, cookie)).status).toBe(302);
    expect((await requireStaff(getRequest("/app", await cookieFor({ id: shared.id, institutionId: inst })))).roles).toEqual(["rm"]);
  });

  it("answers someone deactivated in every institution like a wrong password, and audits why (L6)", async () => {
    const { inst, cookie } = await bank();
    const target = await createUser(inst, ["rm", "approver"]);
    expect((await post({ intent: "deactivate", userId: target.id }, cookie)).status).toBe(302);
    const login = await settle(() => loginAction({ request: formRequest("/login", { email: target.email, password: PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(401);
    expect(JSON.stringify(login.response)).toContain("The e-mail address or password is not correct.");
    expect(JSON.stringify(login.response)).not.toContain("deactivated");
    expect(await lastEvent(inst, "auth.sign-in.refused-deactivated")).toMatchObject({ actorId: target.id });
  });

  it("keeps a deactivated membership deactivated when the admin changes its roles", async () => {
    const { inst, cookie } = await bank();
    const target = await createUser(inst, ["rm"]);
    await post({ intent: "deactivate", userId: target.id }, cookie);
    expect((await post({ intent: "set-roles", password: PASSWORD, userId: target.id, roles: ["rm", "approver"] }, cookie)).status).toBe(302);
    const rows = await db().select().from(memberships).where(eq(memberships.userId, target.id));
    expect(rows.map((r) => r.role).sort()).toEqual(["approver", "rm"]);
    expect(rows.every((r) => r.deactivatedAt !== null)).toBe(true);
  });

  it("a deactivated admin does not count as the institution's active admin", async () => {
    const { inst, admin, cookie } = await bank();
    const second = await createUser(inst, ["admin"]);
    expect((await post({ intent: "deactivate", userId: second.id }, cookie)).status).toBe(302);
    const result = await post({ intent: "set-roles", password: PASSWORD, userId: admin.id, roles: ["rm"] }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ reply: { error: { roles: ["form.lastAdmin"] } } });
  });
});
