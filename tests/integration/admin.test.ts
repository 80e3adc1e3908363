// Institution administration (issue 3): invitations through the outbox, accepting them, resending,
// roles, deactivation and the one-active-admin rule, each with its audit event.
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, invitations, memberships, outbox, sessions, users } from "../../db/schema";
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

function post(fields: Record<string, string | string[]>, cookie: string) {
  return settle(() => usersAction({ request: formRequest("/app/admin/users", fields, cookie), params: {}, context: {} }));
}

function openInvitation(token: string) {
  return settle(() => invitationLoader({ request: getRequest(`/invitations/${token}`), params: { token }, context: {} }));
}

function acceptInvitation(token: string, password = NEW_PASSWORD) {
  return settle(() => invitationAction({ request: formRequest(`/invitations/${token}`, { password, confirm: password }), params: { token }, context: {} }));
}

function lastEvent(chain: string, action: string) {
  return db().select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.action, action))).orderBy(desc(auditEvents.seq)).get();
}

function tokenOf(email: string): string {
  // The link as the invitee gets it: the stored body has it masked (app/domain/secret-links.ts).
  const mail = db().select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(desc(outbox.createdAt)).all()[0];
  const body = mail ? deliverableBody(mail) : "";
  const match = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(body);
  if (!match) throw new Error(`no invitation link in the e-mail to ${email}`);
  return match[1]!;
}

function counts() {
  return {
    users: db().select().from(users).all().length,
    memberships: db().select().from(memberships).all().length,
    invitations: db().select().from(invitations).all().length,
    outbox: db().select().from(outbox).all().length,
    audit: db().select().from(auditEvents).all().length,
  };
}

async function bank() {
  const inst = createInstitution();
  const admin = await createUser(inst, ["admin"]);
  return { inst, admin, cookie: await cookieFor(admin) };
}

async function invite(cookie: string, email: string, roles: string[] = ["rm", "approver"]) {
  const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email, roles, language: "es" }, cookie);
  expect(result.status).toBe(302);
  return db().select().from(users).where(eq(users.email, email.toLowerCase())).get()!;
}

describe("inviting a user", () => {
  it("creates the user, their roles, an outbox e-mail with the link, and an audit event without the token", async () => {
    const { inst, admin, cookie } = await bank();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email: "Ana@Example.test", roles: ["rm", "approver"], language: "es" }, cookie);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toContain("flash=invited");

    const user = db().select().from(users).where(eq(users.email, "ana@example.test")).get()!;
    expect(user).toMatchObject({ name: "Ana Pérez", passwordHash: null, isActive: true, language: "es" });
    const roles = db().select().from(memberships).where(eq(memberships.userId, user.id)).all();
    expect(roles.map((m) => [m.institutionId, m.role]).sort()).toEqual([[inst, "approver"], [inst, "rm"]]);

    const emails = db().select().from(outbox).where(eq(outbox.toAddress, "ana@example.test")).all();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ institutionId: inst, kind: "user.invitation", status: "pending", language: "es" });
    const token = tokenOf("ana@example.test");
    expect(deliverableBody(emails[0]!)).toContain(`/invitations/${token}`);
    expect(emails[0]!.body).not.toContain(token);
    const invitation = db().select().from(invitations).where(eq(invitations.userId, user.id)).get()!;
    expect(invitation.tokenHash).toBe(sha256Hex(token));
    expect(invitation.invitedBy).toBe(admin.id);

    const event = lastEvent(inst, "user.invited")!;
    expect(event).toMatchObject({ actorType: "user", actorId: admin.id, subjectType: "user", subjectId: user.id });
    expect(event.after).toEqual({ email: "ana@example.test", name: "Ana Pérez", roles: ["rm", "approver"] });
    const json = JSON.stringify(event);
    expect(json).not.toContain(token);
    expect(json).not.toContain(sha256Hex(token));
  });

  it("refuses a bad e-mail or no role with 400 and field errors, writing nothing", async () => {
    const { cookie } = await bank();
    const before = counts();
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
    expect(counts()).toEqual(before);
  });

  it("refuses an address that already belongs to the institution with 400 on the e-mail field", async () => {
    const { admin, cookie } = await bank();
    const before = counts();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Again", email: admin.email, roles: ["rm"] }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ reply: { error: { email: ["form.emailTaken"] } } });
    expect(counts()).toEqual(before);
  });
});

describe("accepting an invitation", () => {
  it("sets the password and signs the user in; the link then answers 410", async () => {
    const { inst, cookie } = await bank();
    const user = await invite(cookie, "bea@example.test");
    const token = tokenOf("bea@example.test");

    const page = await openInvitation(token);
    expect(page.status).toBe(200);
    expect(page.response).toMatchObject({ state: "valid", email: "bea@example.test", name: "Ana Pérez" });
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");

    const short = await acceptInvitation(token, "short");
    expect(short.status).toBe(400);
    expect(db().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBeNull();

    const accepted = await acceptInvitation(token);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/app");
    const setCookie = accepted.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__session=.+HttpOnly; SameSite=Lax/);
    const staff = await requireStaff(getRequest("/app", setCookie.split(";")[0]));
    expect(staff).toMatchObject({ userId: user.id, institutionId: inst, roles: ["approver", "rm"] });

    const row = db().select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash)).toBe(true);
    expect(db().select().from(invitations).where(eq(invitations.userId, user.id)).get()!.acceptedAt).not.toBeNull();
    expect(lastEvent(inst, "user.invitation-accepted")).toMatchObject({ actorId: user.id, subjectId: user.id });

    expect((await openInvitation(token)).status).toBe(410);
    const reused = await acceptInvitation(token, "another long password here");
    expect(reused.status).toBe(410);
    expect(await verifyPassword(NEW_PASSWORD, db().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash)).toBe(true);

    const login = await settle(() => loginAction({ request: formRequest("/login", { email: "bea@example.test", password: NEW_PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
  });

  it("answers 410 once the invitation has expired, and accepting it changes nothing", async () => {
    const { cookie } = await bank();
    const user = await invite(cookie, "cai@example.test");
    const token = tokenOf("cai@example.test");
    db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(invitations.userId, user.id)).run();
    expect((await openInvitation(token)).status).toBe(410);
    const result = await acceptInvitation(token);
    expect(result.status).toBe(410);
    expect(result.headers.get("Set-Cookie")).toBeNull();
    expect(db().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBeNull();
    expect(db().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
  });

  it("answers 404 for an unknown token", async () => {
    const result = await openInvitation("this-token-was-never-issued-by-anyone-000");
    expect(result.status).toBe(404);
    expect(result.response).toEqual({ state: "not-found" });
  });

  it("resending revokes the old link and mails a new one", async () => {
    const { inst, admin, cookie } = await bank();
    const user = await invite(cookie, "dan@example.test");
    const oldToken = tokenOf("dan@example.test");
    const result = await post({ intent: "resend-invitation", userId: user.id }, cookie);
    expect(result.status).toBe(302);
    const newToken = tokenOf("dan@example.test");
    expect(newToken).not.toBe(oldToken);
    expect(db().select().from(outbox).where(eq(outbox.toAddress, "dan@example.test")).all()).toHaveLength(2);
    expect((await openInvitation(oldToken)).status).toBe(410);
    expect((await acceptInvitation(oldToken)).status).toBe(410);
    expect((await openInvitation(newToken)).status).toBe(200);
    const rows = db().select().from(invitations).where(eq(invitations.userId, user.id)).all();
    expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
    expect(lastEvent(inst, "user.invitation-resent")).toMatchObject({ actorId: admin.id, subjectId: user.id });
    expect(JSON.stringify(db().select().from(auditEvents).all())).not.toContain(newToken);
  });

  it("resending to a user who has already set a password is refused with 409", async () => {
    const { inst, cookie } = await bank();
    const rm = await createUser(inst, ["rm"]);
    const before = counts();
    expect((await post({ intent: "resend-invitation", userId: rm.id }, cookie)).status).toBe(409);
    expect(counts()).toEqual(before);
  });

  it("inviting someone who already has an account elsewhere adds the role and tells them to sign in, with no password link", async () => {
    const other = createInstitution("Banco Otro");
    const existing = await createUser(other, ["admin"]);
    const { inst, cookie } = await bank();
    await invite(cookie, existing.email, ["auditor"]);
    expect(db().select().from(memberships).where(and(eq(memberships.userId, existing.id), eq(memberships.institutionId, inst))).all().map((m) => m.role)).toEqual(["auditor"]);
    const mail = db().select().from(outbox).where(eq(outbox.toAddress, existing.email)).orderBy(desc(outbox.createdAt)).all()[0]!;
    expect(mail.kind).toBe("user.added");
    expect(mail.body).toContain("/login");
    expect(mail.body).not.toMatch(/\/invitations\//);
    expect(db().select().from(invitations).where(eq(invitations.userId, existing.id)).all()).toHaveLength(0);
    expect(lastEvent(inst, "user.invited")).toMatchObject({ subjectId: existing.id, after: { roles: ["auditor"], existingAccount: true } });
    const row = db().select().from(users).where(eq(users.id, existing.id)).get()!;
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    // They can switch to the new institution with the session they already have.
    expect((await requireStaff(getRequest("/app", await cookieFor({ id: existing.id, institutionId: inst })))).roles).toEqual(["auditor"]);
  });

  it("refuses to invite someone still pending at another institution, whose link would set the password there too", async () => {
    const first = await bank();
    await invite(first.cookie, "pending@elsewhere.example", ["rm"]);
    const pending = db().select().from(users).where(eq(users.email, "pending@elsewhere.example")).get()!;
    const second = await bank();
    const before = counts();
    const result = await post({ intent: "invite", password: PASSWORD, name: "Ana Pérez", email: "pending@elsewhere.example", roles: ["auditor"], language: "es" }, second.cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ reply: { error: { email: ["form.pendingElsewhere"] } } });
    expect(counts()).toEqual(before);
    expect(db().select().from(memberships).where(eq(memberships.userId, pending.id)).all().map((m) => m.institutionId)).toEqual([first.inst]);

    // Legacy data that holds such a second membership: neither bank's link sets the password.
    db().insert(memberships).values({ id: `m-legacy-${pending.id}`, institutionId: second.inst, userId: pending.id, role: "auditor", createdAt: new Date().toISOString() }).run();
    expect((await acceptInvitation(tokenOf("pending@elsewhere.example"))).status).toBe(410);
    expect(db().select().from(users).where(eq(users.id, pending.id)).get()!.passwordHash).toBeNull();
  });
});

describe("roles", () => {
  it("replaces the roles and audits before and after", async () => {
    const { inst, admin, cookie } = await bank();
    const target = await createUser(inst, ["rm"]);
    const targetCookie = await cookieFor(target);
    const result = await post({ intent: "set-roles", password: PASSWORD, userId: target.id, roles: ["approver", "auditor"] }, cookie);
    expect(result.status).toBe(302);
    expect(db().select().from(memberships).where(eq(memberships.userId, target.id)).all().map((m) => m.role).sort()).toEqual(["approver", "auditor"]);
    const event = lastEvent(inst, "user.roles-changed")!;
    expect(event).toMatchObject({ actorId: admin.id, subjectId: target.id, before: { roles: ["rm"] }, after: { roles: ["approver", "auditor"] } });
    // The change applies to sessions already open.
    expect((await requireStaff(getRequest("/app", targetCookie))).roles).toEqual(["approver", "auditor"]);
  });

  it("refuses to remove the last active admin with 400 form.lastAdmin and keeps the roles", async () => {
    const { inst, admin, cookie } = await bank();
    const formerAdmin = await createUser(inst, ["admin"], { isActive: false });
    const before = counts();
    const result = await post({ intent: "set-roles", password: PASSWORD, userId: admin.id, roles: ["rm"] }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ intent: "set-roles", userId: admin.id, reply: { error: { roles: ["form.lastAdmin"] } } });
    expect(db().select().from(memberships).where(eq(memberships.userId, admin.id)).all().map((m) => m.role)).toEqual(["admin"]);
    expect(counts()).toEqual(before);
    expect(formerAdmin.id).not.toBe(admin.id);
  });

  it("lets an admin hand over: with a second active admin the first may drop the role", async () => {
    const { inst, admin, cookie } = await bank();
    await createUser(inst, ["admin"]);
    expect((await post({ intent: "set-roles", password: PASSWORD, userId: admin.id, roles: ["auditor"] }, cookie)).status).toBe(302);
    expect(db().select().from(memberships).where(eq(memberships.userId, admin.id)).all().map((m) => m.role)).toEqual(["auditor"]);
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
    expect(db().select().from(sessions).where(eq(sessions.userId, target.id)).all()).toHaveLength(0);
    expect(lastEvent(inst, "user.deactivated")).toMatchObject({ actorId: admin.id, subjectId: target.id, before: { isActive: true }, after: { isActive: false, sessionsEnded: 2 } });

    expect((await post({ intent: "reactivate", userId: target.id }, cookie)).status).toBe(302);
    expect(db().select().from(users).where(eq(users.id, target.id)).get()!.isActive).toBe(true);
    expect(lastEvent(inst, "user.reactivated")).toMatchObject({ subjectId: target.id, after: { isActive: true } });
    const login = await settle(() => loginAction({ request: formRequest("/login", { email: target.email, password: PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
  });

  it("refuses to deactivate yourself (the last active admin) with 400 and a message key", async () => {
    const { admin, cookie } = await bank();
    const before = counts();
    const result = await post({ intent: "deactivate", userId: admin.id }, cookie);
    expect(result.status).toBe(400);
    expect(result.response).toMatchObject({ userId: admin.id, reply: { error: { userId: ["form.selfDeactivate"] } } });
    expect(db().select().from(users).where(eq(users.id, admin.id)).get()!.isActive).toBe(true);
    expect(counts()).toEqual(before);
  });

  it("deactivates a shared user in this institution only: their other bank's sessions and sign-in go on", async () => {
    const { inst, admin, cookie } = await bank();
    const otherBank = createInstitution("Banco Dos");
    const shared = await createUser(otherBank, ["admin"]);
    db().insert(memberships).values({ id: `m-${shared.id}`, institutionId: inst, userId: shared.id, role: "rm", createdAt: new Date().toISOString() }).run();
    const inOtherBank = await cookieFor(shared);
    const inThisBank = await cookieFor({ id: shared.id, institutionId: inst });

    const result = await post({ intent: "deactivate", userId: shared.id }, cookie);
    expect(result.status).toBe(302);
    // Here: the session working in this bank ends, and it can no longer switch back in.
    expect((await settle(() => requireStaff(getRequest("/app", inThisBank)))).headers.get("Location")).toMatch(/^\/login/);
    // There: untouched, still an admin of the other bank.
    expect(await requireStaff(getRequest("/app", inOtherBank))).toMatchObject({ userId: shared.id, institutionId: otherBank, roles: ["admin"] });
    expect(db().select().from(users).where(eq(users.id, shared.id)).get()!.isActive).toBe(true);
    expect(db().select().from(memberships).where(eq(memberships.userId, shared.id)).all().map((m) => [m.institutionId, m.deactivatedAt !== null]).sort()).toEqual(
      [
        [inst, true],
        [otherBank, false],
      ].sort(),
    );
    expect(lastEvent(inst, "user.deactivated")).toMatchObject({ actorId: admin.id, subjectId: shared.id, after: { isActive: false, sessionsEnded: 1 } });
    expect(lastEvent(otherBank, "user.deactivated")).toBeUndefined();

    // Signing in lands in the other bank; this bank's audit chain still sees the attempt.
    const login = await settle(() => loginAction({ request: formRequest("/login", { email: shared.email, password: PASSWORD }), params: {}, context: {} }));
    expect(login.status).toBe(302);
    const session = db().select().from(sessions).where(eq(sessions.userId, shared.id)).all().at(-1);
    expect(session?.institutionId).toBe(otherBank);
    expect(lastEvent(inst, "auth.sign-in.succeeded")).toMatchObject({ actorId: shared.id });

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
    expect(lastEvent(inst, "auth.sign-in.refused-deactivated")).toMatchObject({ actorId: target.id });
  });

  it("keeps a deactivated membership deactivated when the admin changes its roles", async () => {
    const { inst, cookie } = await bank();
    const target = await createUser(inst, ["rm"]);
    await post({ intent: "deactivate", userId: target.id }, cookie);
    expect((await post({ intent: "set-roles", password: PASSWORD, userId: target.id, roles: ["rm", "approver"] }, cookie)).status).toBe(302);
    const rows = db().select().from(memberships).where(eq(memberships.userId, target.id)).all();
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
