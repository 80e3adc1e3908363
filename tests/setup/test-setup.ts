// Per test file: its own copy of the migrated template database, set before any app module
// loads; and console.error fails a test unless the test expects it (STYLE.md §7).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";

const template = path.resolve(process.cwd(), ".tmp/test-template.db");
if (fs.existsSync(template)) {
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
