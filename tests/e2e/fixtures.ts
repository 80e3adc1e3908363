// Browser-test helpers: sign in by writing a session row into the e2e database and setting the
// signed cookie (one helper per demo role), as STYLE.md §7 prescribes.
import crypto from "node:crypto";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { expect, test as base, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_DATABASE, E2E_PORT, E2E_SECRET } from "../../playwright.config";

export const DEMO_USERS = {
  admin: { id: "usr_bd_admin", institutionId: "inst_banco_demo", email: "admin@bancodemo.example" },
  rm: { id: "usr_bd_rm", institutionId: "inst_banco_demo", email: "rm@bancodemo.example" },
  approver: { id: "usr_bd_approver", institutionId: "inst_banco_demo", email: "approver@bancodemo.example" },
  auditor: { id: "usr_bd_auditor", institutionId: "inst_banco_demo", email: "auditor@bancodemo.example" },
  otherAdmin: { id: "usr_nw_admin", institutionId: "inst_northwind", email: "admin@northwind.example" },
} as const;
export type DemoRole = keyof typeof DEMO_USERS;

const cookie = createCookie("__session", { secrets: [E2E_SECRET], httpOnly: true, sameSite: "lax", path: "/" });

export async function signInAs(page: Page, role: DemoRole): Promise<void> {
  const user = DEMO_USERS[role];
  const id = crypto.randomBytes(32).toString("base64url");
  const sqlite = new Database(path.resolve(process.cwd(), E2E_DATABASE));
  sqlite.pragma("busy_timeout = 5000");
  const now = new Date();
  sqlite
    .prepare("INSERT INTO sessions (id_hash, user_id, institution_id, created_at, expires_at, verified_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(crypto.createHash("sha256").update(id).digest("hex"), user.id, user.institutionId, now.toISOString(), new Date(now.getTime() + 3600_000).toISOString(), now.toISOString(), "playwright");
  sqlite.close();
  const serialized = await cookie.serialize(id);
  const value = serialized.split(";")[0]!.slice("__session=".length);
  await page.context().addCookies([{ name: "__session", value, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
}

export function e2eDatabase(): Database.Database {
  const sqlite = new Database(path.resolve(process.cwd(), E2E_DATABASE));
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await use(errors);
      // A browser-side error fails the test, except the log line Chromium writes for an HTTP
      // error status that the test navigated to on purpose (403 and 404 pages).
      expect(errors.filter((e) => !e.startsWith("Failed to load resource"))).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
