import { attestationStanding } from "~/domain/attestation-standing";

describe("attestationStanding", () => {
  const today = "2026-12-02";
  it.each<[Parameters<typeof attestationStanding>[0], string]>([
    [{ revokedAt: null, validUntil: "2027-01-01", outcome: "approve" }, "in-force"],
    [{ revokedAt: null, validUntil: "2027-01-01", outcome: "approve-with-conditions" }, "in-force"],
    [{ revokedAt: null, validUntil: "2027-01-01", outcome: "decline" }, "not-in-force"],
    [{ revokedAt: null, validUntil: "2027-01-01", outcome: "enhanced-due-diligence" }, "not-in-force"],
    [{ revokedAt: null, validUntil: "2026-12-01", outcome: "approve" }, "expired"],
    [{ revokedAt: "2026-11-30T10:00:00.000Z", validUntil: "2027-01-01", outcome: "approve" }, "revoked"],
    [{ revokedAt: "2026-11-30T10:00:00.000Z", validUntil: "2026-12-01", outcome: "decline" }, "revoked"],
  ])("%o is %s", (attestation, expected) => {
    expect(attestationStanding(attestation, today)).toBe(expected);
  });
  it("is still in force on its last valid day", () => {
    expect(attestationStanding({ revokedAt: null, validUntil: today, outcome: "approve" }, today)).toBe("in-force");
  });
});

describe("standingLabel (the bank's attestation list and page)", () => {
  it("never says 'In force' for a decline or EDD, in either language", async () => {
    const { at, standingLabel } = await import("~/i18n/attestations");
    const declined = { revokedAt: null, validUntil: "2027-01-01", outcome: "decline" as const };
    expect(standingLabel(declined, "2026-12-02", (k, v) => at("en", k, v))).toBe("Not in force: declined");
    expect(standingLabel(declined, "2026-12-02", (k, v) => at("es", k, v))).toBe("No vigente: rechazado");
    expect(standingLabel({ ...declined, outcome: "enhanced-due-diligence" }, "2026-12-02", (k, v) => at("en", k, v))).toBe("Not in force: enhanced due diligence required");
    expect(standingLabel({ ...declined, outcome: "approve" }, "2026-12-02", (k, v) => at("es", k, v))).toBe("Vigente");
  });
});
