// Per test file: its own copy of the migrated template database, set before any app module
// loads; and console.error fails a test unless the test expects it (STYLE.md §7).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { PG_TEMPLATE, pgAdminUrl } from "./pg-test-databases";

const template = path.resolve(process.cwd(), ".tmp/test-template.db");
const pgAdmin = pgAdminUrl();
if (pgAdmin) {
  // This file's own database, copied from the migrated template.
  const name = `provenant_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${PG_TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgAdmin);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.DATA_DIR = path.resolve(process.cwd(), `.tmp/data-${name}`);
  afterAll(async () => {
    const { closeDb } = await import("../../app/db.server");
    await closeDb();
    const cleanup = new pg.Client({ connectionString: pgAdmin });
    await cleanup.connect();
    try {
      await cleanup.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await cleanup.end();
    }
  });
} else if (fs.existsSync(template)) {
  const file = path.resolve(process.cwd(), `.tmp/test-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.DATA_DIR = path.resolve(process.cwd(), `.tmp/data-${path.basename(file, ".db")}`);
}
process.env.NODE_ENV = "test";

let errors: unknown[][] = [];
const original = console.error;

beforeEach(() => {
  errors = [];
  console.error = (...args: unknown[]) => {
    errors.push(args);
  };
});

afterEach(() => {
  console.error = original;
  const unexpected = errors;
  errors = [];
  const expected = (globalThis as { __expectConsoleError?: boolean }).__expectConsoleError;
  (globalThis as { __expectConsoleError?: boolean }).__expectConsoleError = false;
  vi.restoreAllMocks();
  if (unexpected.length > 0 && !expected) {
    throw new Error(`console.error was called during the test:\n${unexpected.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});

export {};
