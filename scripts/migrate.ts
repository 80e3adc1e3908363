// npm run db:migrate — applies pending migrations to DATABASE_URL with the guarded migrator.
import { parseEnv, ConfigError } from "../app/env.server";
import { MigrationError } from "../db/migrate";
import { migrateUrl } from "../db/migrator";

try {
  const env = parseEnv(process.env);
  const { applied } = await migrateUrl(env.databaseUrl);
  process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
  // Data the SQL migrations cannot compute; the server runs the same step at start-up.
  const { backfillClientSearchKeys } = await import("../app/services/search-keys.server");
  const { closeDb } = await import("../app/db.server");
  const filled = await backfillClientSearchKeys();
  if (filled) process.stdout.write(`search keys filled for ${filled} clients\n`);
  await closeDb();
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
