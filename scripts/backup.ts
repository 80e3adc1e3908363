// npm run db:backup -- <file> — an online, consistent copy of the database (better-sqlite3's
// backup API works while the server keeps writing). Restore: stop the server, copy the backup
// over the DATABASE_URL file (and delete its -wal and -shm files), start the server.
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "../app/env.server";
import { openDatabase } from "../db/open";

const target = process.argv[2];
if (!target) {
  process.stderr.write("usage: npm run db:backup -- <backup-file>\n");
  process.exit(2);
}
const env = parseEnv(process.env);
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
