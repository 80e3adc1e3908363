// Demo data: "Banco Demo" with one user per role, and a second institution to show isolation.
// Used by `npm run demo` and by the browser tests' server.
import { write } from "../app/db.server";
import * as schema from "../db/tables";
import { hashPassword } from "../app/auth/password.server";
import type { Role } from "../app/auth/permissions";
import { appendAuditEvent, mirrorCheckpoints } from "../app/repositories/audit-events.server";

export const DEMO_PASSWORD = "Provenant-demo-2026";

export type DemoLogin = { email: string; password: string; roles: Role[]; institution: string; institutionId: string; userId: string };

type DemoUser = { id: string; email: string; name: string; memberships: Array<{ institutionId: string; roles: Role[] }>; language: "en" | "es" };

export const DEMO_INSTITUTIONS = [
  { id: "inst_banco_demo", name: "Banco Demo", slug: "banco-demo", defaultLanguage: "es" as const },
  { id: "inst_northwind", name: "Northwind Trust", slug: "northwind-trust", defaultLanguage: "en" as const },
];

export const DEMO_USERS: DemoUser[] = [
  { id: "usr_bd_admin", email: "admin@bancodemo.example", name: "Lucía Fernández", language: "es", memberships: [{ institutionId: "inst_banco_demo", roles: ["admin"] }] },
  { id: "usr_bd_rm", email: "rm@bancodemo.example", name: "Mateo Gómez", language: "es", memberships: [{ institutionId: "inst_banco_demo", roles: ["rm"] }] },
  { id: "usr_bd_approver", email: "approver@bancodemo.example", name: "Valentina Ríos", language: "en", memberships: [{ institutionId: "inst_banco_demo", roles: ["approver"] }] },
  {
    id: "usr_bd_auditor",
    email: "auditor@bancodemo.example",
    name: "Andrés Muñoz",
    language: "en",
    memberships: [
      { institutionId: "inst_banco_demo", roles: ["auditor"] },
      { institutionId: "inst_northwind", roles: ["auditor"] },
    ],
  },
  { id: "usr_nw_admin", email: "admin@northwind.example", name: "Grace Miller", language: "en", memberships: [{ institutionId: "inst_northwind", roles: ["admin"] }] },
  { id: "usr_nw_rm", email: "rm@northwind.example", name: "Daniel Okafor", language: "en", memberships: [{ institutionId: "inst_northwind", roles: ["rm", "approver"] }] },
];

/** Writes the demo institutions and people into the database DATABASE_URL names (migrated, empty). */
export async function seedDemo(now = new Date()): Promise<DemoLogin[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const iso = now.toISOString();
  await write(
    { institutionId: null },
    async (tx) => {
      for (const institution of DEMO_INSTITUTIONS) {
        await tx.insert(schema.institutions).values({ ...institution, createdAt: iso });
        await appendAuditEvent({ institutionId: institution.id, actorType: "system", actorId: null, action: "institution.created", subjectType: "institution", subjectId: institution.id, after: { name: institution.name }, reason: "demo seed", now }, tx);
      }
      for (const user of DEMO_USERS) {
        await tx.insert(schema.users).values({ id: user.id, email: user.email, name: user.name, passwordHash, language: user.language, isActive: true, createdAt: iso, updatedAt: iso });
        for (const membership of user.memberships) {
          for (const role of membership.roles) {
            await tx.insert(schema.memberships).values({ id: `${user.id}_${membership.institutionId}_${role}`, institutionId: membership.institutionId, userId: user.id, role, createdAt: iso });
          }
          await appendAuditEvent({ institutionId: membership.institutionId, actorType: "system", actorId: null, action: "user.created", subjectType: "user", subjectId: user.id, after: { email: user.email, name: user.name, roles: membership.roles }, reason: "demo seed", now }, tx);
        }
      }
    },
  );
  // This transaction ran outside inTransaction: copy its audit checkpoints to the file now.
  await mirrorCheckpoints();
  return DEMO_USERS.flatMap((user) =>
    user.memberships.map((m) => ({
      email: user.email,
      password: DEMO_PASSWORD,
      roles: m.roles,
      institution: DEMO_INSTITUTIONS.find((i) => i.id === m.institutionId)!.name,
      institutionId: m.institutionId,
      userId: user.id,
    })),
  );
}
