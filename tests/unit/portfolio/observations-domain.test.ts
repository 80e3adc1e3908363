import { buildReferral, OBSERVATION_CODES, OBSERVATIONS, observationLabel, RecordObservationSchema, referralEmailBody } from "~/domain/observations";

describe("observation codes", () => {
  it("cover DOMAIN-RESEARCH §5.7 with en/es labels and a FinCEN or Mekong source each", () => {
    expect(OBSERVATION_CODES).toEqual(["payroll-headcount-mismatch", "cash-wages", "recruiter-payments", "housing-transport-deductions", "high-risk-wires", "unnamed-labour-agencies", "other"]);
    for (const code of OBSERVATION_CODES) {
      const o = OBSERVATIONS[code];
      expect(o.label.en.length).toBeGreaterThan(5);
      expect(o.label.es.length).toBeGreaterThan(5);
      expect(o.label.es).not.toBe(o.label.en);
      expect(o.source).toMatch(/FinCEN|Mekong/);
    }
    expect(observationLabel("cash-wages", "es")).toContain("efectivo");
    expect(observationLabel("unknown-code", "en")).toBe("unknown-code");
  });
});

describe("RecordObservationSchema", () => {
  it("needs at least one known code, once each", () => {
    expect(RecordObservationSchema.safeParse({ codes: [] }).success).toBe(false);
    expect(RecordObservationSchema.safeParse({ codes: ["nope"] }).success).toBe(false);
    const dup = RecordObservationSchema.safeParse({ codes: ["cash-wages", "cash-wages"] });
    expect(dup.success).toBe(false);
    expect(RecordObservationSchema.parse({ codes: ["cash-wages"] })).toEqual({ codes: ["cash-wages"], note: "" });
  });
  it("requires a note of 10 characters for 'other'", () => {
    const short = RecordObservationSchema.safeParse({ codes: ["other"], note: " short " });
    expect(short.success).toBe(false);
    if (!short.success) expect(short.error.issues[0]!.path).toEqual(["note"]);
    expect(RecordObservationSchema.safeParse({ codes: ["other"], note: "Workers escorted to the branch" }).success).toBe(true);
  });
});

describe("referral", () => {
  const referral = buildReferral({
    referralId: "obs1",
    to: ["fiu@bank.example"],
    institution: "Banco",
    client: { id: "c1", name: "Acme", country: "GT", sector: "14", registrationNumber: null, inherentRisk: "high", residualRisk: "high", gate: "closed" },
    codes: ["cash-wages", "high-risk-wires"],
    lang: "en",
    note: "Weekly cash withdrawals",
    recordedBy: { id: "u1", name: "Rita" },
    recordedAt: "2026-11-26T10:00:00.000Z",
    latestResult: { assessmentId: "a1", resultId: "r1", questionnaire: "anti-trafficking v1", createdAt: "2026-10-01T00:00:00.000Z", overallScore: 48.5, band: "weak", residualRisk: "high", recommendation: "enhanced-due-diligence", redFlags: [{ code: "RF-FEES", severity: "major", questionId: "rec.fees", message: "fees" }] },
  });
  it("lists the observations with their labels and sources and says the score is unchanged", () => {
    expect(referral.observations.map((o) => o.code)).toEqual(["cash-wages", "high-risk-wires"]);
    expect(referral.observations[1]!.source).toContain("FIN-2020-A008");
    expect(referral.scoreUnchanged).toBe(true);
  });
  it("writes an e-mail with the result's red flags and the PDF link, in either language", () => {
    const en = referralEmailBody(referral, "https://x/app/exports/referrals/obs1", "en");
    expect(en).toContain("RF-FEES (major)");
    expect(en).toContain("https://x/app/exports/referrals/obs1");
    expect(en).toContain("do not change the client's control score");
    expect(referralEmailBody(referral, "l", "es")).toContain("no cambian la puntuación");
    expect(referralEmailBody({ ...referral, latestResult: null }, "l", "en")).toContain("no scored result");
  });
});
