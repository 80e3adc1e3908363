// Migrates a template SQLite file once; each test file copies it (tests/setup/test-setup.ts).
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/open";
import { migrate } from "../../db/migrate";

export const TEMPLATE = path.resolve(process.cwd(), ".tmp/test-template.db");

export default function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${TEMPLATE}${suffix}`, { force: true });
  const sqlite = openDatabase(`file:${TEMPLATE}`);
  migrate(sqlite);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
}
