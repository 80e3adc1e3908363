// Cursor pagination (API.md "Lists"): `?limit=` (1..200, default 50) and `?cursor=`, an opaque
// base64url of the last row's id. Ids are time-ordered text, so "after the cursor" is a plain
// comparison on an indexed column and pages never skip or repeat rows as new ones arrive.
import { z } from "zod";

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeCursor(lastId: string): string {
  return Buffer.from(`v1:${lastId}`, "utf8").toString("base64url");
}

/** The id a cursor carries, or null when it is not one this API issued. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith("v1:")) return null;
  const id = text.slice(3);
  return ID_PATTERN.test(id) ? id : null;
}

export const CursorSchema = z
  .string()
  .refine((c) => decodeCursor(c) !== null, { error: "not a cursor this API issued" })
  .transform((c) => decodeCursor(c)!)
  .optional()
  .meta({ description: "The `nextCursor` of the previous page." });

export const LimitSchema = z.coerce
  .number({ error: "must be a whole number" })
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be at least 1" })
  .max(MAX_LIMIT, { error: `must be at most ${MAX_LIMIT}` })
  .default(DEFAULT_LIMIT)
  .meta({ description: `Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).` });

export const PageQuerySchema = z.strictObject({ limit: LimitSchema, cursor: CursorSchema });

/** Given limit+1 rows, the page and the cursor of the next one. */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
