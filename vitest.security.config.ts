// The attack suite (issue 13): tests/security/**, against real production servers the suite
// starts itself on the production build (run `npm run build` first). One fork, one file at a
// time, so the 2-core budget holds and the servers never compete.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(process.cwd(), "app") } },
  test: {
    include: ["tests/security/**/*.test.ts"],
    environment: "node",
    globals: true,
    globalSetup: ["tests/security/helpers/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
