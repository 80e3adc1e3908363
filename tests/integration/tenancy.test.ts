// Tenant isolation (issue 3, STYLE.md §7): a user of institution A naming anything of institution B
// gets 404 and changes nothing; lists show only the caller's institution; switching needs a role.
import { eq } from "drizzle-orm";
import { auditEvents, invitations, memberships, outbox, users } from "../../db/tables";
import { action as usersAction, loader as usersLoader } from "~/routes/app+/admin+/users";
import { loader as outboxLoader } from "~/routes/app+/admin+/outbox";
import { loader as auditLoader } from "~/routes/app+/admin+/audit";
import { action as switchAction } from "~/routes/app+/switch-institution";
import { requireStaff } from "~/auth/session.server";
import { inviteUser } from "~/services/users.server";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

async function snapshot(userId: string) {
  return {
    user: (await db().select().from(users).where(eq(users.id, userId)).limit(1))[0],
    roles: await db().select().from(memberships).where(eq(memberships.userId, userId)),
    invitations: await db().select().from(invitations).where(eq(invitations.userId, userId)),
    outbox: (await db().select().from(outbox)).length,
    audit: (await db().select().from(auditEvents)).length,
  };
}

async function twoBanks() {
  const a = await createInstitution("Banco A");
  const b = await createInstitution("Banco B");
  const adminA = await createUser(a, ["admin"]);
  const adminB = await createUser(b, ["admin"]);
  const rmB = await createUser(b, ["rm"]);
  return { a, b, adminA, adminB, rmB, cookieA: await cookieFor(adminA) };
}

describe("a user of institution A acting on institution B's users", () => {
  const intents: Array<[string, Record<string, string | string[]>]> = [
    ["set-roles", { intent: "set-roles", roles: ["admin", "auditor"] }],
    ["deactivate", { intent: "deactivate" }],
    ["reactivate", { intent: "reactivate" }],
    ["resend-invitation", { intent: "resend-invitation" }],
  ];

  it.each(intents)("%s answers 404 and leaves B's rows unchanged", async (_name, fields) => {
    const { b, adminA, rmB, cookieA } = await twoBanks();
    const invitedB = await inviteUser({ institutionId: b, userId: rmB.id, name: "B admin" }, { email: `pending-${b.slice(-6).toLowerCase()}@example.test`, name: "Pending", roles: ["rm"], language: "en" }, new Date());
    for (const target of [rmB.id, invitedB.userId]) {
      const before = await snapshot(target);
      const result = await settle(() => usersAction({ request: formRequest("/app/admin/users", { ...fields, userId: target }, cookieA), params: {}, context: {} }));
      expect(result.status).toBe(404);
      expect(await snapshot(target)).toEqual(before);
    }
    expect(await db().select().from(auditEvents).where(eq(auditEvents.actorId, adminA.id))).toHaveLength(0);
  });

  it("a made-up user id answers 404 as well", async () => {
    const { cookieA } = await twoBanks();
    const result = await settle(() => usersAction({ request: formRequest("/app/admin/users", { intent: "deactivate", userId: "no-such-user" }, cookieA), params: {}, context: {} }));
    expect(result.status).toBe(404);
  });
});

describe("lists show only the caller's institution", () => {
  it("the users, outbox and audit pages of A show none of B's rows", async () => {
    const { a, b, adminA, adminB, rmB, cookieA } = await twoBanks();
    await inviteUser({ institutionId: a, userId: adminA.id, name: "A admin" }, { email: `new-a-${a.slice(-6).toLowerCase()}@example.test`, name: "New A", roles: ["rm"], language: "en" }, new Date());
    await inviteUser({ institutionId: b, userId: adminB.id, name: "B admin" }, { email: `new-b-${b.slice(-6).toLowerCase()}@example.test`, name: "New B", roles: ["rm"], language: "es" }, new Date());

    const members = (await usersLoader({ request: getRequest("/app/admin/users", cookieA), params: {}, context: {} })).members;
    expect(members.map((m) => m.id)).toContain(adminA.id);
    expect(members.map((m) => m.id)).not.toContain(rmB.id);
    expect(members.map((m) => m.id)).not.toContain(adminB.id);

    const emails = (await outboxLoader({ request: getRequest("/app/admin/outbox", cookieA), params: {}, context: {} })).emails;
    expect(emails).toHaveLength(1);
    expect(emails.every((e) => e.institutionId === a)).toBe(true);
    expect(emails[0]!.toAddress).toBe(`new-a-${a.slice(-6).toLowerCase()}@example.test`);
    expect(await db().select().from(outbox).where(eq(outbox.institutionId, b))).toHaveLength(1);

    const events = (await auditLoader({ request: getRequest("/app/admin/audit", cookieA), params: {}, context: {} })).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.chain === a && e.institutionId === a)).toBe(true);
    expect(events.map((e) => e.subjectId)).not.toContain(b);
    expect(JSON.stringify(events)).not.toContain(`new-b-${b.slice(-6).toLowerCase()}`);
  });
});

describe("switching institution", () => {
  it("refuses an institution where the user holds no role with 403 and keeps the session where it was", async () => {
    const { a, b, adminA, cookieA } = await twoBanks();
    const result = await settle(() => switchAction({ request: formRequest("/app/switch-institution", { institutionId: b }, cookieA), params: {}, context: {} }));
    expect(result.status).toBe(403);
    expect((await requireStaff(getRequest("/app", cookieA))).institutionId).toBe(a);
    expect((await db().select().from(auditEvents).where(eq(auditEvents.chain, b))).map((e) => e.actorId)).not.toContain(adminA.id);
  });

  it("lets a user with roles in two institutions switch, and then shows the other institution's data", async () => {
    const { a, b, adminA, adminB } = await twoBanks();
    const both = await createUser(a, ["admin"]);
    await db().insert(memberships).values({ id: `m-${both.id}`, institutionId: b, userId: both.id, role: "auditor", createdAt: new Date().toISOString() });
    await inviteUser({ institutionId: b, userId: adminB.id, name: "B admin" }, { email: `only-b-${b.slice(-6).toLowerCase()}@example.test`, name: "Only B", roles: ["rm"], language: "en" }, new Date());
    const cookie = await cookieFor(both);

    const beforeSwitch = (await usersLoader({ request: getRequest("/app/admin/users", cookie), params: {}, context: {} })).members.map((m) => m.id);
    expect(beforeSwitch).toContain(adminA.id);
    expect(beforeSwitch).not.toContain(adminB.id);

    const result = await settle(() => switchAction({ request: formRequest("/app/switch-institution", { institutionId: b }, cookie), params: {}, context: {} }));
    expect(result.status).toBe(302);
    const staff = await requireStaff(getRequest("/app", cookie));
    expect(staff).toMatchObject({ institutionId: b, roles: ["auditor"] });

    const afterSwitch = (await usersLoader({ request: getRequest("/app/admin/users", cookie), params: {}, context: {} })).members.map((m) => m.id);
    expect(afterSwitch).toContain(adminB.id);
    expect(afterSwitch).not.toContain(adminA.id);
    const emails = (await outboxLoader({ request: getRequest("/app/admin/outbox", cookie), params: {}, context: {} })).emails;
    expect(emails.map((e) => e.toAddress)).toEqual([`only-b-${b.slice(-6).toLowerCase()}@example.test`]);
    const events = (await auditLoader({ request: getRequest("/app/admin/audit", cookie), params: {}, context: {} })).events;
    expect(events.every((e) => e.chain === b)).toBe(true);
    expect(events[0]?.action).toBe("auth.institution-switched");

    // Roles follow the institution: the auditor role in B does not carry A's admin rights.
    const refused = await settle(() => usersAction({ request: formRequest("/app/admin/users", { intent: "deactivate", userId: adminB.id }, cookie), params: {}, context: {} }));
    expect(refused.status).toBe(403);
  });
});
