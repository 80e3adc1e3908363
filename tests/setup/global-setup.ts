// Migrates a template database once per run; each test file gets its own copy
// (tests/setup/test-setup.ts). SQLite: a template file copied per file. PostgreSQL (PG_TEST_URL set,
// e.g. by scripts/test.sh): a template database, copied per file with CREATE DATABASE … TEMPLATE.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../db/open";
import { migrate } from "../../db/migrate";
import { migratePg } from "../../db/migrate-pg";
import { PG_TEMPLATE, pgAdminUrl } from "./pg-test-databases";

export const TEMPLATE = path.resolve(process.cwd(), ".tmp/test-template.db");

export default async function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${TEMPLATE}${suffix}`, { force: true });
  const sqlite = openDatabase(`file:${TEMPLATE}`);
  migrate(sqlite);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();

  const admin = pgAdminUrl();
  if (!admin) return undefined;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Databases of an earlier run (each file drops its own; a killed run leaves some behind).
    const stale = await client.query<{ datname: string }>("select datname from pg_database where datname like 'provenant_test_%' or datname = $1", [PG_TEMPLATE]);
    for (const { datname } of stale.rows) await client.query(`drop database if exists "${datname}" with (force)`);
    await client.query(`create database "${PG_TEMPLATE}"`);
  } finally {
    await client.end();
  }
  const template = new pg.Client({ connectionString: withDatabase(admin, PG_TEMPLATE) });
  await template.connect();
  try {
    await migratePg(template);
  } finally {
    await template.end();
  }
  return async () => {
    const cleanup = new pg.Client({ connectionString: admin });
    await cleanup.connect();
    try {
      const left = await cleanup.query<{ datname: string }>("select datname from pg_database where datname like 'provenant_test_%' or datname = $1", [PG_TEMPLATE]);
      for (const { datname } of left.rows) await cleanup.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await cleanup.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
