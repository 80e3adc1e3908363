// npm run seed — migrates DATABASE_URL (default file:./data/provenant.db; postgres:// works too) and
// puts the demo bank in it: two institutions, their people, clients at every stage and an API key
// each. It seeds only a database that has no institution yet, so it never mixes demo people into a
// bank's real data.
import { envOrExit } from "./env-or-exit";
import { migrateUrl } from "../db/migrator";

const env = envOrExit();

await migrateUrl(env.databaseUrl);
const { closeDb, reads } = await import("../app/db.server");
const { institutions } = await import("../db/tables");
try {
  const count = await reads().$count(institutions);
  if (count > 0) {
    process.stderr.write(`${env.databaseUrl} already has ${count} institution(s); nothing was seeded. Seed an empty database, or use npm run demo.\n`);
    process.exitCode = 2;
  } else {
    const { seedDemoBank, printSeeded } = await import("./seed-demo-bank");
    const seeded = await seedDemoBank();
    process.stdout.write(`Seeded the demo bank into ${env.databaseUrl}.\n\n`);
    printSeeded(seeded);
  }
} finally {
  await closeDb();
}
