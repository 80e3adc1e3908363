// The Express layer in front of every route (scripts/server.ts createApp), over real HTTP on a
// loopback port: the CSRF choke point (H1), form body limits (M4), methods and parser errors in the
// API's error shape (L1), and per-address limits with Retry-After (L3). The app behind it is a
// stand-in that records what reached it, so each refusal is shown to happen before any route.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { parseEnv } from "~/env.server";
import { createApp, listen } from "../../scripts/server";

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

let server: http.Server;
let port: number;
const reached: string[] = [];
const originsSeen: (string | undefined)[] = [];

function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length = body === undefined || "Transfer-Encoding" in headers || "Content-Length" in headers ? {} : { "Content-Length": String(Buffer.byteLength(body)) };
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const own = () => `http://127.0.0.1:${port}`;
const FORM = { "Content-Type": "application/x-www-form-urlencoded", Cookie: "__session=s%3Aabc.def" };

function expectApiError(reply: Reply, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/application\/json/);
  const parsed = JSON.parse(reply.body) as { error: { code: string; message: string; details: unknown[] } };
  expect(parsed.error.code).toBe(code);
  expect(typeof parsed.error.message).toBe("string");
  expect(Array.isArray(parsed.error.details)).toBe(true);
}

beforeAll(async () => {
  const env = parseEnv({ NODE_ENV: "test", PORT: "3999" });
  const app = createApp(env, express.Router().all("*", (req, res) => {
    reached.push(`${req.method} ${req.originalUrl}`);
    originsSeen.push(req.headers.origin);
    req.resume();
    req.on("end", () => res.status(200).type("text/plain").send("reached"));
  }));
  server = await new Promise<http.Server>((resolve) => {
    const s = listen(app, { ...env, port: 0, host: "127.0.0.1" }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reached.length = 0;
  originsSeen.length = 0;
});

describe("CSRF: one check for every write that carries our cookie", () => {
  const targets = [
    ["a document POST", "/app/admin/users"],
    ["a .data POST", "/app/admin/users.data"],
    ["a legacy ?_data= POST", "/app/admin/users?_data=routes%2Fapp%2B%2Fadmin%2B%2Fusers"],
    ["sign out", "/logout"],
    ["switching institution", "/app/switch-institution"],
    ["the language switch", "/set-language"],
    ["the respondent autosave", "/respond/answers.save"],
  ];

  it.each(targets)("refuses %s from a same-site foreign origin with 403 before any route runs", async (_label, path) => {
    for (const origin of ["http://sub.localhost:" + port, "http://localhost:4299", "http://evil.example"]) {
      const reply = await send("POST", path, { ...FORM, Origin: origin }, "intent=invite&email=attacker%40evil.example&roles=admin");
      expect(reply.status).toBe(403);
    }
    expect(reached).toEqual([]);
  });

  it("answers JSON in the API's shape to data requests and a translated page to documents", async () => {
    expectApiError(await send("POST", "/app/admin/users?_data=routes%2Fapp", { ...FORM, Origin: "http://evil.example" }, "a=1"), 403, "cross_origin_request");
    expectApiError(await send("POST", "/app/admin/users.data", { ...FORM, Origin: "http://evil.example" }, "a=1"), 403, "cross_origin_request");
    const page = await send("POST", "/app/admin/users", { ...FORM, Origin: "http://evil.example", "Accept-Language": "es-MX,es;q=0.9" }, "a=1");
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("otro sitio");
    expect(reached).toEqual([]);
  });

  it("refuses a write with a cookie and no Origin unless Sec-Fetch-Site or the Referer says same-origin", async () => {
    expect((await send("POST", "/logout", FORM, "")).status).toBe(403);
    expect((await send("POST", "/logout", { ...FORM, Origin: "null" }, "")).status).toBe(403);
    expect((await send("POST", "/logout", { ...FORM, "Sec-Fetch-Site": "same-site" }, "")).status).toBe(403);
    expect((await send("POST", "/logout", { ...FORM, Referer: "http://localhost:4299/x" }, "")).status).toBe(403);
    expect(reached).toEqual([]);
    expect((await send("POST", "/logout", { ...FORM, Origin: "null", "Sec-Fetch-Site": "same-origin" }, "")).status).toBe(200);
    expect((await send("POST", "/logout", { ...FORM, Referer: `${own()}/app` }, "")).status).toBe(200);
    expect((await send("POST", "/logout", { ...FORM, Origin: own() }, "")).status).toBe(200);
    expect(reached).toHaveLength(3);
    // Decided once: Remix's own check (which would 500 on "Origin: null") never sees the header.
    expect(originsSeen).toEqual([undefined, undefined, undefined]);
  });

  it("lets Bearer API calls without cookies through whatever their origin", async () => {
    const reply = await send("POST", "/api/v1/clients", { "Content-Type": "application/json", Authorization: "Bearer pvn_key_x", Origin: "http://evil.example" }, "{}");
    expect(reply.status).toBe(200);
    expect(reached).toEqual(["POST /api/v1/clients"]);
  });
});

describe("form body limits", () => {
  it("refuses an oversized urlencoded form with 413 without reading it", async () => {
    // Only the headers are sent: the answer must come before any of the 256 MB would.
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/set-language", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(256 * 1024 * 1024) } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(reply.status).toBe(413);
    expect(reached).toEqual([]);
  });

  it("takes a 1 MB form, refuses 1 MB + 1, and refuses a multipart body over one file's allowance", async () => {
    const ok = "a=" + "x".repeat(1024 * 1024 - 2);
    expect((await send("POST", "/login", { "Content-Type": "application/x-www-form-urlencoded", Origin: own() }, ok)).status).toBe(200);
    expect((await send("POST", "/login", { "Content-Type": "application/x-www-form-urlencoded", Origin: own() }, ok + "x")).status).toBe(413);
    const multipart = { "Content-Type": "multipart/form-data; boundary=b", Origin: own(), "Content-Length": String(12 * 1024 * 1024 + 1) };
    const big = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/respond/section/gov", headers: multipart }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(big).toBe(413);
    expect(reached).toEqual(["POST /login"]);
  });

  it("gives the upload allowance only to the upload forms, not to a multipart post to /login", async () => {
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method: "POST", path, headers: { "Content-Type": "multipart/form-data; boundary=b", Origin: own(), "Content-Length": String(2 * 1024 * 1024) } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", reject);
        req.flushHeaders();
      });
    expect(await status("/login")).toBe(413);
    expect(await status("/set-language")).toBe(413);
    expect(reached).toEqual([]);
  });

  it("refuses a form of unknown length (chunked) with 411", async () => {
    const reply = await send("POST", "/login", { "Content-Type": "application/x-www-form-urlencoded", Origin: own(), "Transfer-Encoding": "chunked" }, "email=a");
    expect(reply.status).toBe(411);
    expect(reached).toEqual([]);
  });
});

describe("methods and parser errors", () => {
  it("answers TRACE, CONNECT-like and WebDAV methods with 405, in the error shape on the API", async () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
      expectApiError(await send(method, "/api/v1/clients"), 405, "method_not_allowed");
      const page = await send(method, "/app");
      expect(page.status).toBe(405);
      expect(page.headers.allow).toContain("GET");
    }
    expect(reached).toEqual([]);
  });

  it("answers a header block over 16 KB with 431 in the error shape", async () => {
    expectApiError(await send("GET", "/api/v1/clients", { "X-Big": "x".repeat(20_000) }), 431, "headers_too_large");
  });
});

describe("per-address limits", () => {
  it("limits the public verify API and pages with 429 and Retry-After", async () => {
    let limited: Reply | undefined;
    for (let i = 0; i < 70 && !limited; i++) {
      const reply = await send("POST", "/api/v1/attestations/verify", { "Content-Type": "application/json" }, "{}");
      if (reply.status === 429) limited = reply;
    }
    expect(limited).toBeDefined();
    expectApiError(limited!, 429, "rate_limited");
    expect(Number(limited!.headers["retry-after"])).toBeGreaterThan(0);
    expect(reached.length).toBe(60);
  });
});
