// npm run db:backup -- <file> — an online, consistent copy of the database (better-sqlite3's
// backup API works while the server keeps writing). Restore: stop the server, copy the backup
// over the DATABASE_URL file (and delete its -wal and -shm files), start the server.
// PostgreSQL has its own tools for this, which this command names instead of imitating them.
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "../app/env.server";
import { dialectOfUrl } from "../db/dialect";
import { openDatabase } from "../db/open";

export const POSTGRES_BACKUP_HELP = `DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools.
  A consistent logical copy, taken while the app runs:
    pg_dump --format=custom --file=provenant-$(date +%F).dump "$DATABASE_URL"
  restored into an empty database with:
    pg_restore --no-owner --dbname="$NEW_DATABASE_URL" provenant-$(date +%F).dump
  Point-in-time recovery: a base backup (pg_basebackup) plus continuous WAL archiving
  (archive_mode = on, archive_command), restored with recovery_target_time.
  Keep AUDIT_HMAC_KEY, SIGNING_KEY_SECRET and DATA_DIR (evidence files, audit checkpoints) with the backup.
`;

const target = process.argv[2];
if (!target) {
  process.stderr.write("usage: npm run db:backup -- <backup-file>\n");
  process.exit(2);
}
const env = parseEnv(process.env);
if (dialectOfUrl(env.databaseUrl) === "pg") {
  process.stderr.write(POSTGRES_BACKUP_HELP);
  process.exit(2);
}
const sqlite = openDatabase(env.databaseUrl);
const destination = path.resolve(process.cwd(), target);
if (fs.existsSync(destination)) {
  process.stderr.write(`refusing to overwrite ${destination}\n`);
  process.exit(2);
}
fs.mkdirSync(path.dirname(destination), { recursive: true });
await sqlite.backup(destination);
sqlite.close();
const check = openDatabase(`file:${destination}`);
const integrity = check.pragma("integrity_check", { simple: true });
check.close();
process.stdout.write(`backup written to ${destination} (integrity: ${String(integrity)})\n`);
