import fc from "fast-check";
import {
  addDays,
  AssessmentListQuerySchema,
  ClientListQuerySchema,
  clientsHref,
  decodeCursor,
  dueState,
  encodeCursor,
  listParams,
  parseListQuery,
  reassessmentReason,
  share,
} from "~/domain/portfolio";

describe("dates", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("dueState", () => {
  const today = "2026-11-26";
  it.each([
    ["sent", "2026-11-25", "overdue"],
    ["in-progress", "2026-11-26", "expiring"],
    ["returned", "2026-12-10", "expiring"],
    ["sent", "2026-12-11", "on-time"],
    ["submitted", "2026-11-01", "closed"],
    ["decided", "2026-11-01", "closed"],
  ] as const)("%s due %s is %s", (status, due, expected) => {
    expect(dueState(status, due, today)).toBe(expected);
  });
});

describe("reassessmentReason", () => {
  const base = { gate: "open" as const, gateReason: "approved", validUntil: "2027-06-01", hasAssessmentUnderWay: false, today: "2026-11-26" };
  it("is expired after the validity ends, expiring within 60 days, and gate-closed for a closed gate", () => {
    expect(reassessmentReason({ ...base, validUntil: "2026-11-25", gate: "closed", gateReason: "expired" })).toBe("expired");
    expect(reassessmentReason({ ...base, validUntil: "2027-01-25" })).toBe("expiring");
    expect(reassessmentReason({ ...base, validUntil: "2027-01-26" })).toBeNull();
    expect(reassessmentReason({ ...base, gate: "closed", gateReason: "condition-overdue" })).toBe("gate-closed");
    expect(reassessmentReason({ ...base, gate: "closed", gateReason: "revoked", validUntil: null })).toBe("gate-closed");
  });
  it("leaves out never-assessed clients and clients with an assessment under way", () => {
    expect(reassessmentReason({ ...base, gate: "closed", gateReason: "never-assessed", validUntil: null })).toBeNull();
    expect(reassessmentReason({ ...base, validUntil: "2026-11-01", hasAssessmentUnderWay: true })).toBeNull();
  });
  it("today is still valid (the decision runs through its validUntil day)", () => {
    expect(reassessmentReason({ ...base, validUntil: "2026-11-26" })).toBe("expiring");
  });
});

describe("list queries", () => {
  it("accepts known filters, drops empty ones and ignores unknown parameters", () => {
    const parsed = parseListQuery(ClientListQuerySchema, new URLSearchParams("gate=closed&residualRisk=&country=GT&foo=bar&limit=20"));
    expect(parsed).toEqual({ ok: true, value: { gate: "closed", country: "GT", limit: 20 } });
  });
  it("names the parameter of a bad value", () => {
    const bad = parseListQuery(ClientListQuerySchema, new URLSearchParams("gate=ajar"));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]!.path).toBe("gate");
    const country = parseListQuery(AssessmentListQuerySchema, new URLSearchParams("country=guatemala"));
    expect(country.ok).toBe(false);
    if (!country.ok) expect(country.issues[0]!.path).toBe("country");
    const limit = parseListQuery(AssessmentListQuerySchema, new URLSearchParams("limit=100000"));
    expect(limit.ok).toBe(false);
  });
});

describe("cursors", () => {
  it("round-trip any sort key and id", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), fc.string({ minLength: 1, maxLength: 100 }), (k, id) => {
        expect(decodeCursor(encodeCursor({ k, id }))).toEqual({ k, id });
      }),
    );
  });
  it("refuse anything else", () => {
    for (const bad of ["", "x", "[]", '[1,""]', '{"k":1}', '[{},"id"]', "[1,2]"]) expect(decodeCursor(bad)).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});

describe("links", () => {
  it("builds the filtered-list link of a figure, without paging parameters", () => {
    expect(clientsHref({ gate: "closed", residualRisk: "high" })).toBe("/app/clients?gate=closed&residualRisk=high");
    expect(clientsHref({})).toBe("/app/clients");
    expect(listParams({ gate: "open", after: "x", limit: 5, q: "" }, { after: '["a","b"]' })).toBe("gate=open&after=%5B%22a%22%2C%22b%22%5D");
  });
  it("rounds shares and handles an empty total", () => {
    expect(share(1, 3)).toBe(33);
    expect(share(0, 0)).toBe(0);
  });
});
