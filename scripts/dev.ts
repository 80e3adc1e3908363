// npm run dev — development: builds the app, then keeps rebuilding it as files change (remix
// watch) and restarts the server (scripts/server.ts, NODE_ENV=development) on each new build.
// Uses DATABASE_URL (default file:./data/provenant.db, migrated at start-up); `npm run seed` fills an
// empty one with the demo bank.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const remix = path.resolve("node_modules/.bin/remix");
const tsx = path.resolve("node_modules/.bin/tsx");
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };

process.stdout.write("building…\n");
execFileSync(remix, ["build"], { stdio: ["ignore", "ignore", "inherit"], env });

let server: ChildProcess | undefined;
function startServer(): void {
  server = spawn(tsx, ["scripts/server.ts"], { stdio: "inherit", env });
}
function restartServer(): void {
  if (!server || server.exitCode !== null) return startServer();
  server.once("exit", startServer);
  server.kill("SIGTERM");
}

startServer();
const watcher = spawn(remix, ["watch"], { stdio: ["ignore", "inherit", "inherit"], env });

// A new server build (build/index.js) means a restart; debounce the burst of writes of one build.
let timer: NodeJS.Timeout | undefined;
fs.watch(path.resolve("build"), (_event, name) => {
  if (name !== "index.js") return;
  clearTimeout(timer);
  timer = setTimeout(restartServer, 300);
});

function stop(): void {
  watcher.kill("SIGTERM");
  server?.kill("SIGTERM");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
