import { and, eq, lt, sql } from "drizzle-orm";
import { sessions } from "../../db/tables";
import { affected, type Tx, type Reader } from "~/db.server";
import { preparedGet, preparedPerConnection } from "./prepared.server";

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(values: SessionRow, tx: Tx): Promise<void> {
  await tx.insert(sessions).values(values);
}

const sessionById = preparedPerConnection((db) =>
  db.select().from(sessions).where(eq(sessions.idHash, sql.placeholder("idHash"))).prepare(),
);

/** Read on every page view (prepared once per connection). */
export async function findSession(idHash: string, q: Reader): Promise<SessionRow | undefined> {
  return preparedGet(sessionById(q), { idHash });
}

export async function updateSession(idHash: string, values: Partial<Pick<SessionRow, "institutionId" | "verifiedAt">>, tx: Tx): Promise<void> {
  await tx.update(sessions).set(values).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(idHash: string, tx: Tx): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteSessionsOfUser(userId: string, tx: Tx): Promise<number> {
  return affected(await tx.delete(sessions).where(eq(sessions.userId, userId)));
}

/** Ends the user's sessions that are working in one institution; their others go on. */
export async function deleteSessionsOfUserIn(userId: string, institutionId: string, tx: Tx): Promise<number> {
  return affected(await tx.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.institutionId, institutionId))));
}

export async function deleteExpiredSessions(userId: string, nowIso: string, tx: Tx): Promise<void> {
  await tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, nowIso)));
}
