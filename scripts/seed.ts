// npm run seed — migrates DATABASE_URL (default file:./data/provenant.db) and puts the demo bank in
// it: two institutions, their people, clients at every stage and an API key each. It seeds only a
// database that has no institution yet, so it never mixes demo people into a bank's real data.
import { envOrExit } from "./env-or-exit";
import { openDatabase } from "../db/open";
import { migrate } from "../db/migrate";

const env = envOrExit();

const sqlite = openDatabase(env.databaseUrl);
try {
  migrate(sqlite);
  const { count } = sqlite.prepare("select count(*) as count from institutions").get() as { count: number };
  if (count > 0) {
    process.stderr.write(`${env.databaseUrl} already has ${count} institution(s); nothing was seeded. Seed an empty database, or use npm run demo.\n`);
    process.exit(2);
  }
  const { seedDemoBank, printSeeded } = await import("./seed-demo-bank");
  const seeded = await seedDemoBank();
  process.stdout.write(`Seeded the demo bank into ${env.databaseUrl}.\n\n`);
  printSeeded(seeded);
} finally {
  sqlite.close();
}
