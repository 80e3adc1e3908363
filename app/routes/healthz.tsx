import { sql } from "drizzle-orm";
import { rawGet, reads } from "~/db.server";

export async function loader() {
  await rawGet(reads(), sql`select 1`);
  return Response.json({ ok: true });
}
