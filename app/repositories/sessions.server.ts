import { and, eq, lt, sql } from "drizzle-orm";
import { sessions } from "../../db/schema";
import type { Tx } from "~/db.server";
import { preparedPerConnection } from "./prepared.server";

export type SessionRow = typeof sessions.$inferSelect;

export function insertSession(values: SessionRow, tx: Tx): void {
  tx.insert(sessions).values(values).run();
}

const sessionById = preparedPerConnection((db) =>
  db.select().from(sessions).where(eq(sessions.idHash, sql.placeholder("idHash"))).prepare(),
);

/** Read on every page view (prepared once; `tx` shares the one connection). */
export function findSession(idHash: string, _tx: Tx): SessionRow | undefined {
  return sessionById().get({ idHash });
}

export function updateSession(idHash: string, values: Partial<Pick<SessionRow, "institutionId" | "verifiedAt">>, tx: Tx): void {
  tx.update(sessions).set(values).where(eq(sessions.idHash, idHash)).run();
}

export function deleteSession(idHash: string, tx: Tx): void {
  tx.delete(sessions).where(eq(sessions.idHash, idHash)).run();
}

export function deleteSessionsOfUser(userId: string, tx: Tx): number {
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** Ends the user's sessions that are working in one institution; their others go on. */
export function deleteSessionsOfUserIn(userId: string, institutionId: string, tx: Tx): number {
  return tx.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.institutionId, institutionId))).run().changes;
}

export function deleteExpiredSessions(userId: string, nowIso: string, tx: Tx): void {
  tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, nowIso))).run();
}
