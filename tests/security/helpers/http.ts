// A small HTTP client for the attacks: node:http (so TRACE, PROPFIND, huge headers and exact
// Origin/Referer headers go out as written), never following redirects, a cookie jar per
// Client, and a Tally that counts every request and records 5xx, leaks and unshaped API errors.
// Requests leave from a rotating 127.0.0.x source address (all loopback, all to 127.0.0.1), so the
// server's per-address rate limits do not stop the suite from exercising what it tests.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { App } from "./server";

export type Res = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: string; method: string; path: string };

export class Tally {
  requests = 0;
  fiveXX: string[] = [];
  leaks: string[] = [];
  unshaped: string[] = [];
  failures: string[] = [];
  extra: Record<string, number> = {};
  constructor(public readonly name: string) {}
  count(key: string, n = 1) {
    this.extra[key] = (this.extra[key] ?? 0) + n;
  }
  fail(message: string) {
    if (this.failures.length < 200) this.failures.push(message);
    else this.count("more failures");
  }
  line(): string {
    const extras = Object.entries(this.extra).map(([k, v]) => `, ${v} ${k}`).join("");
    return `${this.name}: ${this.requests} requests, ${this.leaks.length} leaks, ${this.fiveXX.length} 5xx, ${this.unshaped.length} unshaped API errors, ${this.failures.length} other failures${extras}`;
  }
  print() {
    console.log(this.line());
    // The full lists, for reading after the run (the console shows the first 40 of each).
    const dir = path.resolve(".tmp/security-report");
    fs.mkdirSync(dir, { recursive: true });
    const all = [this.line(), ...(["fiveXX", "leaks", "unshaped", "failures"] as const).flatMap((k) => (this[k].length ? [`${k}:`, ...this[k].map((x) => `  ${x}`)] : []))];
    fs.writeFileSync(path.join(dir, `${this.name}.txt`), `${all.join("\n")}\n`);
    const show = (label: string, list: string[]) => list.length && console.log(`  ${label}:\n    ${list.slice(0, 40).join("\n    ")}${list.length > 40 ? `\n    … ${list.length - 40} more` : ""}`);
    show("5xx", this.fiveXX);
    show("leaks", this.leaks);
    show("unshaped API errors", this.unshaped);
    show("failures", this.failures);
  }
}

const agents = new Map<string, http.Agent>();
let rotation = 0;
function nextAddress(): string {
  rotation = (rotation % 250) + 1;
  return `127.0.${Math.floor(rotation / 250) + 10}.${(rotation % 250) + 2}`;
}
function agentFor(address: string): http.Agent {
  let agent = agents.get(address);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: address } as http.AgentOptions);
    agents.set(address, agent);
  }
  return agent;
}

export type SendOptions = { method?: string; headers?: Record<string, string | undefined>; body?: Buffer | string; timeoutMs?: number; address?: string; chunked?: boolean };

export function isApiPath(path: string): boolean {
  return path.startsWith("/api/");
}

/** True when a body is the documented API error shape. */
export function hasErrorShape(text: string): boolean {
  try {
    const v = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    return !!v && typeof v === "object" && !!v.error && typeof v.error.code === "string" && typeof v.error.message === "string" && Array.isArray(v.error.details);
  } catch {
    return false;
  }
}

export function send(app: App, path: string, opts: SendOptions = {}, tally?: Tally): Promise<Res> {
  const method = (opts.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = v;
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, "utf8");
  if (body && !opts.chunked && !Object.keys(headers).some((h) => h.toLowerCase() === "content-length")) headers["Content-Length"] = String(body.length);
  const address = opts.address ?? nextAddress();
  return new Promise<Res>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: app.port, path, method, headers, agent: agentFor(address), timeout: opts.timeoutMs ?? 30_000, insecureHTTPParser: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const buf = Buffer.concat(chunks);
        const out: Res = { status: res.statusCode ?? 0, headers: res.headers, body: buf, text: buf.toString("utf8"), method, path };
        if (tally) record(tally, out);
        resolve(out);
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on("error", (e) => {
      if (tally) tally.requests += 1;
      reject(e);
    });
    if (body) req.write(body);
    req.end();
  });
}

function short(path: string): string {
  return path.length > 120 ? `${path.slice(0, 117)}…` : path;
}

function record(tally: Tally, res: Res) {
  tally.requests += 1;
  if (res.status >= 500) tally.fiveXX.push(`${res.status} ${res.method} ${short(res.path)}: ${res.text.slice(0, 120).replace(/\s+/g, " ")}`);
  if (isApiPath(res.path) && res.status >= 400 && !hasErrorShape(res.text)) tally.unshaped.push(`${res.status} ${res.method} ${short(res.path)}: ${JSON.stringify(res.text.slice(0, 100))}`);
}

/** A browser-like client: a cookie jar, and the app's own Origin on writes unless told otherwise. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly app: App,
    readonly tally?: Tally,
  ) {}

  cookieHeader(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") : undefined;
  }

  async send(path: string, opts: SendOptions & { origin?: string | null } = {}): Promise<Res> {
    const method = (opts.method ?? "GET").toUpperCase();
    const headers: Record<string, string | undefined> = { "User-Agent": "provenant-attack-suite", Cookie: this.cookieHeader(), ...(opts.headers ?? {}) };
    if (method !== "GET" && method !== "HEAD" && opts.origin !== null && !Object.keys(headers).some((h) => h.toLowerCase() === "origin")) headers.Origin = opts.origin ?? this.app.origin;
    const res = await send(this.app, path, { ...opts, headers }, this.tally);
    const setCookies = res.headers["set-cookie"] ?? [];
    for (const c of setCookies) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(c) || /expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async form(path: string, fields: Record<string, string | string[]> | Array<[string, string]>, opts: SendOptions & { origin?: string | null } = {}): Promise<Res> {
    const params = new URLSearchParams();
    const entries = Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
    for (const [k, v] of entries) params.append(k, v);
    return await this.send(path, { method: "POST", ...opts, body: params.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", ...(opts.headers ?? {}) } });
  }

  async json(path: string, value: unknown, opts: SendOptions & { origin?: string | null } = {}): Promise<Res> {
    return await this.send(path, { method: "POST", ...opts, body: JSON.stringify(value), headers: { "Content-Type": "application/json", ...(opts.headers ?? {}) } });
  }
}

export type Part = { name: string; value: string } | { name: string; fileName: string; contentType: string; data: Buffer };

export function multipart(parts: Part[], boundary = `----attack${Math.random().toString(16).slice(2)}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ("data" in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.fileName}"\r\nContent-Type: ${p.contentType}\r\n\r\n`, "utf8"), p.data, Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`, "utf8"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function signIn(app: App, email: string, password: string, tally?: Tally): Promise<Client> {
  const client = new Client(app, tally);
  const res = await client.form("/login", { email, password, redirectTo: "/app" });
  if (res.status !== 302 || !client.cookies.has("__session")) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.text.slice(0, 200)}`);
  return client;
}

export async function respondent(app: App, token: string, tally?: Tally): Promise<Client> {
  const client = new Client(app, tally);
  const res = await client.send(`/r/${token}`);
  if (!client.cookies.has("__respondent")) throw new Error(`the respondent link did not give a cookie: ${res.status}`);
  return client;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Runs tasks with at most `n` at once. */
export async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
