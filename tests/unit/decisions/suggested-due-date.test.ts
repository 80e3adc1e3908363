import { suggestedDueDate } from "~/domain/decision-rules";

describe("suggestedDueDate", () => {
  it("reads the deadline a remediation text sets itself, in English and Spanish", () => {
    expect(suggestedDueDate("Within 60 days, the Borrower shall adopt…", "2026-11-26")).toBe("2027-01-25");
    expect(suggestedDueDate("Within 6 months, the Borrower shall map…", "2026-11-26")).toBe("2027-05-26");
    expect(suggestedDueDate("Within 12 months the Borrower shall…", "2026-08-31")).toBe("2027-08-31");
    expect(suggestedDueDate("En un plazo de 120 días, el Prestatario deberá…", "2026-11-26")).toBe("2027-03-26");
    expect(suggestedDueDate("En un plazo de 3 meses, el Prestatario deberá…", "2026-11-30")).toBe("2027-02-28");
  });

  it("falls back to the default period when the text names none", () => {
    expect(suggestedDueDate("Provide the social audit report.", "2026-11-26")).toBe("2027-02-24");
    expect(suggestedDueDate("Provide the social audit report.", "2026-11-26", 30)).toBe("2026-12-26");
  });
});
