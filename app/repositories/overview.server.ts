import { count, countDistinct, eq } from "drizzle-orm";
import { auditEvents, memberships, outbox } from "../../db/tables";
import type { Reader } from "~/db.server";

export async function institutionOverview(institutionId: string, tx: Reader) {
  const members = (await tx.select({ n: countDistinct(memberships.userId) }).from(memberships).where(eq(memberships.institutionId, institutionId)).limit(1))[0]?.n ?? 0;
  const mail = (await tx.select({ n: count() }).from(outbox).where(eq(outbox.institutionId, institutionId)).limit(1))[0]?.n ?? 0;
  const events = (await tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, institutionId)).limit(1))[0]?.n ?? 0;
  return { members, outbox: mail, auditEvents: events };
}
