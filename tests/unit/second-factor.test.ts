// app/domain/second-factor.ts: who must have a second factor, the code attempt limit, and the
// recovery-code and authenticator-code formats.
import {
  formatRecoveryCode,
  isSecondFactorRequired,
  MAX_SECOND_FACTOR_FAILURES,
  normalizeRecoveryCode,
  normalizeTotpCode,
  SECOND_FACTOR_LOCK_MINUTES,
  takeAttempt,
  timeStepAt,
} from "~/domain/second-factor";

describe("isSecondFactorRequired", () => {
  it("off requires nobody, all requires everyone, roles requires holders of a chosen role", () => {
    expect(isSecondFactorRequired({ policy: "off", roles: ["admin"] }, ["admin"])).toBe(false);
    expect(isSecondFactorRequired({ policy: "all", roles: [] }, ["auditor"])).toBe(true);
    expect(isSecondFactorRequired({ policy: "roles", roles: ["approver", "admin"] }, ["rm", "approver"])).toBe(true);
    expect(isSecondFactorRequired({ policy: "roles", roles: ["approver", "admin"] }, ["rm", "auditor"])).toBe(false);
  });
});

describe("takeAttempt", () => {
  const now = new Date("2026-12-02T10:00:00.000Z");
  it("counts slots, pauses at the limit, refuses while paused and starts afresh after", () => {
    let state = { failedAttempts: 0, lockedUntil: null as string | null };
    for (let i = 1; i < MAX_SECOND_FACTOR_FAILURES; i++) {
      const { decision, next } = takeAttempt(state, now);
      expect(decision).toEqual({ allowed: true, slot: i, locks: false });
      state = next;
    }
    const last = takeAttempt(state, now);
    expect(last.decision).toEqual({ allowed: true, slot: MAX_SECOND_FACTOR_FAILURES, locks: true });
    expect(last.next.lockedUntil).toBe(new Date(now.getTime() + SECOND_FACTOR_LOCK_MINUTES * 60_000).toISOString());
    expect(takeAttempt(last.next, new Date(now.getTime() + 60_000)).decision.allowed).toBe(false);
    const after = takeAttempt(last.next, new Date(now.getTime() + (SECOND_FACTOR_LOCK_MINUTES + 1) * 60_000));
    expect(after.decision).toEqual({ allowed: true, slot: 1, locks: false });
  });
});

describe("codes", () => {
  it("formats recovery codes in Crockford base32 and reads them back leniently", () => {
    const code = formatRecoveryCode(Uint8Array.from({ length: 12 }, (_, i) => i * 7));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normalizeRecoveryCode(code.toLowerCase())).toBe(code.replace(/-/g, ""));
    expect(normalizeRecoveryCode("0O1I-L111-2222")).toBe("001111112222");
    expect(normalizeRecoveryCode("ABCD-EFGH")).toBeNull();
    expect(normalizeRecoveryCode("UUUU-UUUU-UUUU")).toBeNull();
  });

  it("takes six digits, spaces allowed, and nothing else", () => {
    expect(normalizeTotpCode("123 456")).toBe("123456");
    expect(normalizeTotpCode("12345")).toBeNull();
    expect(normalizeTotpCode("12345a")).toBeNull();
  });

  it("numbers 30-second steps from the epoch (RFC 6238 T)", () => {
    expect(timeStepAt(new Date(59_000))).toBe(1);
    expect(timeStepAt(new Date(60_000))).toBe(2);
  });
});
