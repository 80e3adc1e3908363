// `DATABASE_URL=postgres://… npm run demo` starts from an empty database, as the SQLite demo starts
// from a new file. It empties the database's public schema only when that holds nothing but an
// earlier demo (no institution other than the demo bank's two), so pointing the demo at a bank's
// real database by mistake stops here instead of erasing it.
import pg from "pg";
import { DEMO_INSTITUTIONS } from "./seed-data";

export async function resetDemoPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = (await client.query<{ t: string | null }>("select to_regclass('public.institutions')::text as t")).rows[0]?.t;
    if (exists) {
      const demo = DEMO_INSTITUTIONS.map((i) => i.id);
      const others = (await client.query<{ n: number }>("select count(*)::int as n from institutions where not (id = any($1::text[]))", [demo])).rows[0]?.n ?? 0;
      if (others > 0) {
        process.stderr.write(`npm run demo: ${url.replace(/\/\/[^@/]*@/, "//")} holds ${others} institution(s) that are not the demo bank's; it was left untouched. Point DATABASE_URL at an empty database.\n`);
        process.exit(2);
      }
    }
    await client.query("drop schema if exists public cascade");
    await client.query("create schema public");
  } finally {
    await client.end();
  }
}
