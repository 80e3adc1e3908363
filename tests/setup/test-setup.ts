// console.error fails a test unless the test expects it (STYLE.md §7).
import { afterEach, beforeEach, vi } from "vitest";

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
  if (unexpected.length > 0 && !(globalThis as { __expectConsoleError?: boolean }).__expectConsoleError) {
    throw new Error(`console.error was called during the test:\n${unexpected.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
  (globalThis as { __expectConsoleError?: boolean }).__expectConsoleError = false;
  vi.restoreAllMocks();
});

export {};
