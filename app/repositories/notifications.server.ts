// Notifications, their per-user preferences and the condition-reminder ledger (issue 17).
// Every query is scoped to the institution (and the user, for a person's own notifications);
// the condition-reminder scan is the system job's, across institutions, like assessmentsForJobs.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { clients, conditionReminders, conditions, decisions, memberships, notificationPreferences, notifications, users } from "../../db/tables";
import { affected, type Reader, type Tx } from "~/db.server";

export type NotificationRow = typeof notifications.$inferSelect;

export async function insertNotifications(rows: Array<typeof notifications.$inferInsert>, tx: Tx): Promise<void> {
  if (rows.length > 0) await tx.insert(notifications).values(rows);
}

export async function listNotifications(institutionId: string, userId: string, limit: number, q: Reader): Promise<NotificationRow[]> {
  return await q
    .select()
    .from(notifications)
    .where(and(eq(notifications.institutionId, institutionId), eq(notifications.userId, userId)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(institutionId: string, userId: string, q: Reader): Promise<number> {
  return await q.$count(notifications, and(eq(notifications.institutionId, institutionId), eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function findNotification(institutionId: string, userId: string, id: string, q: Reader): Promise<NotificationRow | undefined> {
  return (await q.select().from(notifications).where(and(eq(notifications.institutionId, institutionId), eq(notifications.userId, userId), eq(notifications.id, id))).limit(1))[0];
}

export async function markNotificationRead(institutionId: string, userId: string, id: string, readAt: string, tx: Tx): Promise<void> {
  await tx
    .update(notifications)
    .set({ readAt })
    .where(and(eq(notifications.institutionId, institutionId), eq(notifications.userId, userId), eq(notifications.id, id), isNull(notifications.readAt)));
}

export async function markAllNotificationsRead(institutionId: string, userId: string, readAt: string, tx: Tx): Promise<number> {
  const result = await tx
    .update(notifications)
    .set({ readAt })
    .where(and(eq(notifications.institutionId, institutionId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return affected(result);
}

export type PreferenceRow = typeof notificationPreferences.$inferSelect;

export async function preferencesOf(institutionId: string, userIds: string[], q: Reader): Promise<PreferenceRow[]> {
  if (userIds.length === 0) return [];
  return await q
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.institutionId, institutionId), inArray(notificationPreferences.userId, userIds)));
}

export async function upsertPreference(values: typeof notificationPreferences.$inferInsert, tx: Tx): Promise<void> {
  await tx
    .insert(notificationPreferences)
    .values(values)
    .onConflictDoUpdate({ target: [notificationPreferences.institutionId, notificationPreferences.userId, notificationPreferences.kind], set: { byEmail: values.byEmail, updatedAt: values.updatedAt } });
}

/** What the notification service needs of each person holding a role in the institution. */
export type NotifiableMember = { userId: string; email: string; name: string; language: "en" | "es"; roles: string[]; isActive: boolean };

export async function notifiableMembers(institutionId: string, q: Reader): Promise<NotifiableMember[]> {
  const rows = await q
    .select({ id: users.id, email: users.email, name: users.name, language: users.language, isActive: users.isActive, role: memberships.role, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.institutionId, institutionId))
    .orderBy(asc(users.id), asc(memberships.role));
  const byId = new Map<string, NotifiableMember>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { userId: r.id, email: r.email, name: r.name, language: r.language, roles: [], isActive: r.isActive };
    entry.roles.push(r.role);
    if (r.deactivatedAt !== null) entry.isActive = false;
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

/** Open conditions of approved decisions, across institutions, with the stages already sent. */
export async function conditionsForReminders(q: Reader) {
  const open = await q
    .select({ condition: conditions, decisionStatus: decisions.status, validFrom: decisions.validFrom, reviewedAt: decisions.reviewedAt, proposedBy: decisions.proposedBy, assessmentId: decisions.assessmentId, rmUserId: clients.rmUserId })
    .from(conditions)
    .innerJoin(decisions, and(eq(decisions.institutionId, conditions.institutionId), eq(decisions.id, conditions.decisionId)))
    .innerJoin(clients, and(eq(clients.institutionId, conditions.institutionId), eq(clients.id, conditions.clientId)))
    .where(and(eq(conditions.status, "open"), eq(decisions.status, "approved")))
    .orderBy(asc(conditions.institutionId), asc(conditions.dueDate), asc(conditions.id));
  if (open.length === 0) return [];
  const sent = await q
    .select({ conditionId: conditionReminders.conditionId, kind: conditionReminders.kind })
    .from(conditionReminders)
    .where(inArray(conditionReminders.conditionId, open.map((o) => o.condition.id)));
  const stages = new Map<string, string[]>();
  for (const s of sent) stages.set(s.conditionId, [...(stages.get(s.conditionId) ?? []), s.kind]);
  return open.map((o) => ({ ...o, sentStages: stages.get(o.condition.id) ?? [] }));
}

/** Records a stage; false when it was already recorded (each reminder once). */
export async function recordConditionReminder(values: typeof conditionReminders.$inferInsert, tx: Tx): Promise<boolean> {
  const result = await tx.insert(conditionReminders).values(values).onConflictDoNothing();
  return affected(result) > 0;
}
