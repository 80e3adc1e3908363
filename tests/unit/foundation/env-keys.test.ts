// Settings added by issue 13: the derived audit keyring follows session-secret rotation, and
// TRUST_PROXY is parsed for Express.
import { ConfigError, parseEnv } from "~/env.server";

const OLD = "o".repeat(40);
const NEW = "n".repeat(40);

describe("derived audit keys (development and tests)", () => {
  it("derive one key per session secret, newest first, so a rotation keeps old events verifiable", () => {
    const before = parseEnv({ SESSION_SECRET: OLD }).auditHmacKeys;
    const after = parseEnv({ SESSION_SECRET: `${NEW},${OLD}` }).auditHmacKeys;
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(2);
    expect(after[1]).toBe(before[0]);
    expect(after[0]).not.toBe(before[0]);
  });

  it("are never used when AUDIT_HMAC_KEY is set", () => {
    expect(parseEnv({ SESSION_SECRET: OLD, AUDIT_HMAC_KEY: "k".repeat(40) }).auditHmacKeys).toEqual(["k".repeat(40)]);
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, false],
    ["1", 1],
    ["loopback", "loopback"],
    ["10.0.0.0/8, 192.168.1.4", "10.0.0.0/8, 192.168.1.4"],
  ])("reads %s as %s", (raw, expected) => {
    expect(parseEnv(raw === undefined ? {} : { TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it("refuses anything else, naming the variable", () => {
    expect(() => parseEnv({ TRUST_PROXY: "everyone" })).toThrow(ConfigError);
    expect(() => parseEnv({ TRUST_PROXY: "everyone" })).toThrow(/^Configuration error: TRUST_PROXY /);
  });
});
