import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build, served by the demo script on a fresh
// database (.tmp/e2e.db), in Debian's Chromium (browsers cannot be downloaded here).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3123);
export const E2E_SECRET = "e2e-session-secret-0123456789-abcdefghijklmnop";
/** The audit chain's HMAC key for the e2e server and the processes that write its database. */
export const E2E_AUDIT_KEY = "e2e-audit-hmac-key-0123456789-abcdefghijklmnop";
export const E2E_DATABASE = `.tmp/e2e-${E2E_PORT}.db`;

export default defineConfig({
  testDir: "./tests/e2e",
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "off",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
  webServer: {
    command: "node_modules/.bin/tsx scripts/demo.ts",
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 90_000,
    env: {
      SKIP_BUILD: "1",
      // Browser tests create the rows they need; the demo's staged clients would only add noise.
      SEED_STAGES: "0",
      // The demo settings (the demo mailbox the specs read respondent links from, the webhook spec's
      // loopback endpoint) are refused in production; the build served is the production build.
      NODE_ENV: "development",
      DEMO_MAILBOX: "1",
      WEBHOOKS_ALLOW_LOOPBACK: "1",
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:./${E2E_DATABASE}`,
      DATA_DIR: `./.tmp/e2e-data-${E2E_PORT}`,
      SESSION_SECRET: E2E_SECRET,
      AUDIT_HMAC_KEY: E2E_AUDIT_KEY,
      PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
    },
  },
});
