// Role checks (issue 3): typed permissions throw 403 before anything is read from the form or
// written; read-only roles can look but not change.
import { eq } from "drizzle-orm";
import { auditEvents, memberships, outbox, users } from "../../db/tables";
import type { Role } from "~/auth/permissions";
import { action as usersAction, loader as usersLoader } from "~/routes/app+/admin+/users";
import { loader as auditLoader } from "~/routes/app+/admin+/audit";
import { loader as outboxLoader } from "~/routes/app+/admin+/outbox";
import { deliverableBody } from "~/services/outbox.server";
import { inviteUser } from "~/services/users.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const POSTS = (targetId: string): Array<Record<string, string | string[]>> => [
  { intent: "invite", name: "Someone", email: "someone@example.test", roles: ["admin"], language: "en", password: PASSWORD },
  { intent: "set-roles", userId: targetId, roles: ["admin"], password: PASSWORD },
  { intent: "deactivate", userId: targetId },
  { intent: "reactivate", userId: targetId },
  { intent: "resend-invitation", userId: targetId },
];

async function counts() {
  return {
    users: (await db().select().from(users)).length,
    memberships: (await db().select().from(memberships)).length,
    outbox: (await db().select().from(outbox)).length,
    audit: (await db().select().from(auditEvents)).length,
  };
}

describe("POSTs to the users action", () => {
  it.each<Role>(["rm", "approver", "auditor"])("are refused with 403 for %s and write nothing", async (role) => {
    const inst = await createInstitution();
    const caller = await createUser(inst, [role]);
    const target = await createUser(inst, ["rm"]);
    const cookie = await cookieFor(caller);
    const before = await counts();
    for (const fields of POSTS(target.id)) {
      const result = await settle(() => usersAction({ request: formRequest("/app/admin/users", fields, cookie), params: {}, context: {} }));
      expect({ intent: fields.intent, status: result.status }).toEqual({ intent: fields.intent, status: 403 });
    }
    expect(await counts()).toEqual(before);
    expect((await db().select().from(users).where(eq(users.id, target.id)).limit(1))[0]?.isActive).toBe(true);
  });

  it("are refused with 403 even for a user holding every non-admin role", async () => {
    const inst = await createInstitution();
    const caller = await createUser(inst, ["rm", "approver", "auditor"]);
    const cookie = await cookieFor(caller);
    const result = await settle(() => usersAction({ request: formRequest("/app/admin/users", { intent: "set-roles", userId: caller.id, roles: ["admin"] }, cookie), params: {}, context: {} }));
    expect(result.status).toBe(403);
    expect((await db().select().from(memberships).where(eq(memberships.userId, caller.id))).map((m) => m.role).sort()).toEqual(["approver", "auditor", "rm"]);
  });
});

describe("the auditor", () => {
  it("can read the users, audit and outbox pages", async () => {
    const inst = await createInstitution();
    const auditor = await createUser(inst, ["auditor"]);
    const cookie = await cookieFor(auditor);
    const usersPage = await settle(() => usersLoader({ request: getRequest("/app/admin/users", cookie), params: {}, context: {} }));
    expect(usersPage.status).toBe(200);
    expect(usersPage.response).toMatchObject({ canManage: false, selfId: auditor.id });
    const auditPage = await settle(() => auditLoader({ request: getRequest("/app/admin/audit", cookie), params: {}, context: {} }));
    expect(auditPage.status).toBe(200);
    expect((auditPage.response as { events: Array<{ action: string }> }).events.map((e) => e.action)).toContain("institution.created");
    const verify = await settle(() => auditLoader({ request: getRequest("/app/admin/audit?verify=1", cookie), params: {}, context: {} }));
    expect((verify.response as { verdict: { ok: boolean } }).verdict.ok).toBe(true);
    expect((await settle(() => outboxLoader({ request: getRequest("/app/admin/outbox", cookie), params: {}, context: {} }))).status).toBe(200);
  });
});

describe("reading", () => {
  it("the audit page is refused with 403 to rm and approver", async () => {
    const inst = await createInstitution();
    for (const role of ["rm", "approver"] as const) {
      const cookie = await cookieFor(await createUser(inst, [role]));
      const result = await settle(() => auditLoader({ request: getRequest("/app/admin/audit", cookie), params: {}, context: {} }));
      expect({ role, status: result.status }).toEqual({ role, status: 403 });
    }
  });

  it("the users page is refused with 403 to rm and approver, and the outbox to the approver", async () => {
    const inst = await createInstitution();
    const rm = await cookieFor(await createUser(inst, ["rm"]));
    const approver = await cookieFor(await createUser(inst, ["approver"]));
    expect((await settle(() => usersLoader({ request: getRequest("/app/admin/users", rm), params: {}, context: {} }))).status).toBe(403);
    expect((await settle(() => usersLoader({ request: getRequest("/app/admin/users", approver), params: {}, context: {} }))).status).toBe(403);
    expect((await settle(() => outboxLoader({ request: getRequest("/app/admin/outbox", approver), params: {}, context: {} }))).status).toBe(403);
  });

  it("an anonymous request is sent to sign in rather than answered", async () => {
    const result = await settle(() => usersAction({ request: formRequest("/app/admin/users", { intent: "deactivate", userId: "x" }), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("invitation links in the outbox", () => {
  it("are hidden from every role, the admin included: only the invitee's delivered e-mail carries the token", async () => {
    const inst = await createInstitution();
    const admin = await createUser(inst, ["admin"]);
    await inviteUser({ institutionId: inst, userId: admin.id, name: "Admin" }, { email: "new-admin@example.test", name: "New Admin", roles: ["admin"], language: "en" }, new Date());
    const stored = (await db().select().from(outbox).where(eq(outbox.toAddress, "new-admin@example.test")).limit(1))[0]!;
    const token = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(deliverableBody(stored))![1]!;
    expect(stored.body).not.toContain(token);
    expect(stored.body).toContain(`/invitations/${token.slice(0, 4)}…`);

    for (const role of ["admin", "rm", "auditor"] as const) {
      const cookie = role === "admin" ? await cookieFor(admin) : await cookieFor(await createUser(inst, [role]));
      const page = await outboxLoader({ request: getRequest("/app/admin/outbox", cookie), params: {}, context: {} });
      const email = page.emails.find((e) => e.id === stored.id)!;
      expect(email.subject).toBe(stored.subject);
      expect(email.body).toContain(`/invitations/${token.slice(0, 4)}…`);
      expect(JSON.stringify(page)).not.toContain(token);
      expect(JSON.stringify(page)).not.toContain("sealedBody");
    }
  });
});
