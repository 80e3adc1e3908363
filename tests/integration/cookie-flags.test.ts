// I1: over https in production every cookie of ours is Secure, the language choice included.
async function cookiesWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("~/auth/cookies.server");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const PRODUCTION = { NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), AUDIT_HMAC_KEY: "k".repeat(40) };

describe("cookie flags", () => {
  it("marks the lang and session cookies Secure over https in production", async () => {
    const cookies = await cookiesWith({ ...PRODUCTION, PUBLIC_URL: "https://provenant.bank.example" });
    expect(await cookies.serializeLangCookie("es")).toMatch(/; Secure/);
    expect(await cookies.getSessionCookie().serialize("x".repeat(30))).toMatch(/; Secure/);
  });

  it("leaves them usable over plain http (local use)", async () => {
    const cookies = await cookiesWith({ ...PRODUCTION, PUBLIC_URL: "http://localhost:3000" });
    expect(await cookies.serializeLangCookie("es")).not.toMatch(/Secure/);
  });
});
