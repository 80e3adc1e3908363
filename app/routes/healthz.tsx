import { getConnection } from "~/db.server";

export async function loader() {
  getConnection().sqlite.prepare("SELECT 1").get();
  return Response.json({ ok: true });
}
