import { count, countDistinct, eq } from "drizzle-orm";
import { auditEvents, memberships, outbox } from "../../db/schema";
import type { Tx } from "~/db.server";

export function institutionOverview(institutionId: string, tx: Tx) {
  const members = tx.select({ n: countDistinct(memberships.userId) }).from(memberships).where(eq(memberships.institutionId, institutionId)).get()?.n ?? 0;
  const mail = tx.select({ n: count() }).from(outbox).where(eq(outbox.institutionId, institutionId)).get()?.n ?? 0;
  const events = tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, institutionId)).get()?.n ?? 0;
  return { members, outbox: mail, auditEvents: events };
}
