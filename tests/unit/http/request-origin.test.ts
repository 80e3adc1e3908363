// H1: the same-origin rule for writes, as a pure function (app/http/request-origin.ts).
import { checkRequestOrigin, expectsJson } from "~/http/request-origin";

const OWN = ["http://localhost:3000"];
const SESSION = "__session=abc.def";

function verdict(method: string, headers: Record<string, string>) {
  return checkRequestOrigin({ method, headers, ownOrigins: OWN }).allowed;
}

describe("checkRequestOrigin", () => {
  it("lets reads through whatever their origin", () => {
    expect(verdict("GET", { cookie: SESSION, origin: "http://evil.example" })).toBe(true);
    expect(verdict("HEAD", { cookie: SESSION, origin: "http://evil.example" })).toBe(true);
  });

  it.each([
    ["a foreign site", "http://evil.example"],
    ["another port on the same host (same-site)", "http://localhost:4299"],
    ["a sibling subdomain (same-site)", "http://sub.localhost:3000"],
    ["the same host over https", "https://localhost:3000"],
    ["a malformed origin", "not a url"],
  ])("refuses a write with a cookie from %s", (_label, origin) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(verdict(method, { cookie: SESSION, origin })).toBe(false);
  });

  it("refuses a foreign origin even without a cookie (a forged sign-in)", () => {
    expect(verdict("POST", { origin: "http://evil.example" })).toBe(false);
  });

  it("accepts our own origin", () => {
    expect(verdict("POST", { cookie: SESSION, origin: "http://localhost:3000" })).toBe(true);
  });

  it("checks respondent and language cookies like the staff session", () => {
    expect(verdict("POST", { cookie: "__respondent=x", origin: "http://localhost:4299" })).toBe(false);
    expect(verdict("POST", { cookie: "lang=ImVzIg%3D%3D", origin: "http://localhost:4299" })).toBe(false);
  });

  it("falls back to Sec-Fetch-Site, then Referer, when a browser sends no usable Origin", () => {
    expect(verdict("POST", { cookie: SESSION, origin: "null", "sec-fetch-site": "same-origin" })).toBe(true);
    expect(verdict("POST", { cookie: SESSION, origin: "null", "sec-fetch-site": "same-site" })).toBe(false);
    expect(verdict("POST", { cookie: SESSION, origin: "null" })).toBe(false);
    expect(verdict("POST", { cookie: SESSION, "sec-fetch-site": "same-origin" })).toBe(true);
    expect(verdict("POST", { cookie: SESSION, "sec-fetch-site": "cross-site" })).toBe(false);
    expect(verdict("POST", { cookie: SESSION, referer: "http://localhost:3000/app/clients" })).toBe(true);
    expect(verdict("POST", { cookie: SESSION, referer: "http://localhost:4299/attack.html" })).toBe(false);
    expect(verdict("POST", { cookie: SESSION })).toBe(false);
  });

  it("exempts Bearer requests without our cookies, but not a Bearer header beside a session cookie", () => {
    expect(verdict("POST", { authorization: "Bearer pvn_key_abc", origin: "http://evil.example" })).toBe(true);
    expect(verdict("POST", { authorization: "Bearer pvn_key_abc", cookie: SESSION, origin: "http://evil.example" })).toBe(false);
  });

  it("lets a program without cookies or origin through (it holds no ambient authority)", () => {
    expect(verdict("POST", {})).toBe(true);
    expect(verdict("POST", { cookie: "other=1" })).toBe(true);
  });
});

describe("expectsJson", () => {
  it("tells API, .data and ?_data= requests from documents", () => {
    expect(expectsJson("/api/v1/clients", "")).toBe(true);
    expect(expectsJson("/app/admin/users.data", "")).toBe(true);
    expect(expectsJson("/app/admin/users", "?_data=routes%2Fapp")).toBe(true);
    expect(expectsJson("/app/admin/users", "?index")).toBe(false);
  });
});
