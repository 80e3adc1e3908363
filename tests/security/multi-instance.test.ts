// Several app instances on one PostgreSQL database (issue 18 §3-4, docs/decisions/008 and 014):
// two real production servers, each its own process, share a database seeded through the app.
// Identical Idempotency-Key POSTs sent to both at once create one client; the sign-in lockout
// counts failures from both. (E-mail and webhook claims across claimants: tests/integration/job-claims.test.ts.)
// Runs when a PostgreSQL is reachable (PG_TEST_URL, set by scripts/test.sh); skipped otherwise.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DEMO_PASSWORD } from "../../scripts/seed-data";
import { Client, send, type Res } from "./helpers/http";
import { freePort, type App } from "./helpers/server";

const admin = process.env.PG_TEST_URL && /^postgres(ql)?:\/\//.test(process.env.PG_TEST_URL) ? process.env.PG_TEST_URL : undefined;

type Instance = { app: App; child: ChildProcess; output: () => string };

async function startInstance(env: Record<string, string>, name: string): Promise<Instance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/server.ts"], {
    env: { ...env, PORT: String(port), PUBLIC_URL: origin, DATA_DIR: path.join(env.DATA_DIR!, name) } as unknown as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited:\n${out}`);
    try {
      if ((await fetch(`${origin}/healthz`)).status === 200) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`instance ${name} not healthy:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { app: { port, origin } as App, child, output: () => out };
}

function stop(instance: Instance) {
  try {
    if (instance.child.pid) process.kill(-instance.child.pid, "SIGKILL");
  } catch {
    // gone
  }
}

describe.skipIf(!admin)("two app instances on one PostgreSQL database", () => {
  const name = `provenant_multi_${crypto.randomBytes(4).toString("hex")}`;
  let url = "";
  let a: Instance;
  let b: Instance;
  let apiKey = "";
  let dir = "";

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database "${name}"`);
    await client.end();
    const u = new URL(admin!);
    u.pathname = `/${name}`;
    url = u.toString();
    dir = path.resolve(`.tmp/multi-${name}`);
    fs.mkdirSync(dir, { recursive: true });
    const secret = crypto.randomBytes(36).toString("base64url");
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      DATABASE_URL: url,
      DATA_DIR: dir,
      SESSION_SECRET: secret,
      AUDIT_HMAC_KEY: crypto.randomBytes(36).toString("base64url"),
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "1",
    };
    const seeded = execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/seed.ts"], { env: { ...env, NODE_ENV: "development", DATA_DIR: path.join(dir, "seed") }, encoding: "utf8", timeout: 120_000 });
    apiKey = /api key: (pvn_key_\S+) \(Banco Demo\)/.exec(seeded)![1]!;
    [a, b] = await Promise.all([startInstance(env, "a"), startInstance(env, "b")]);
  }, 180_000);

  afterAll(async () => {
    if (a) stop(a);
    if (b) stop(b);
    if (!admin) return;
    await new Promise((r) => setTimeout(r, 300));
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates one client from 20 identical Idempotency-Key POSTs sent to both instances at once", async () => {
    const body = JSON.stringify({ name: "Textiles Concurrentes S.A.", country: "GT", sector: "14", contactEmail: "contacto@concurrentes.example", sourcingCountries: [], goods: [] });
    const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Idempotency-Key": "multi-instance-1" };
    const responses: Res[] = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 === 0 ? a.app : b.app, "/api/v1/clients", { method: "POST", headers, body })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers["idempotent-replayed"] === "true")).toHaveLength(19);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ n: number }>("select count(*)::int as n from clients where name = $1", ["Textiles Concurrentes S.A."]);
    await check.end();
    expect(rows[0]!.n).toBe(1);
  });

  it("locks the account after 5 failed sign-ins spread over both instances, on both", async () => {
    const email = "auditor@bancodemo.example";
    for (let i = 0; i < 5; i++) {
      const res = await new Client(i % 2 === 0 ? a.app : b.app).form("/login", { email, password: `wrong-${i}`, redirectTo: "/app" });
      expect(res.status).not.toBe(302);
    }
    for (const instance of [a, b]) {
      const client = new Client(instance.app);
      const res = await client.form("/login", { email, password: DEMO_PASSWORD, redirectTo: "/app" });
      expect(res.status).not.toBe(302);
      expect(client.cookies.has("__session")).toBe(false);
    }
  });
});
