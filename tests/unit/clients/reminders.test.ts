import { dueReminders, expireOverdue, expiresAtFor, GRACE_DAYS, type ReminderCandidate } from "~/domain/reminders";

const base: ReminderCandidate = {
  id: "a1",
  status: "sent",
  dueDate: "2030-03-20",
  sentAt: "2030-03-01T10:00:00.000Z",
  expiresAt: expiresAtFor("2030-03-20"),
  sentKinds: [],
};
const at = (iso: string) => new Date(iso);

describe("dueReminders", () => {
  it.each([
    { now: "2030-03-13T08:00:00Z", kind: "due-7", days: 7 },
    { now: "2030-03-17T08:00:00Z", kind: "due-3", days: 3 },
    { now: "2030-03-19T23:59:00Z", kind: "due-1", days: 1 },
    { now: "2030-03-20T00:00:00Z", kind: "due-0", days: 0 },
  ])("sends $kind at $now", ({ now, kind, days }) => {
    expect(dueReminders([base], at(now))).toEqual([{ assessmentId: "a1", kind, daysBefore: days }]);
  });

  it("sends nothing before the first reminder day", () => {
    expect(dueReminders([base], at("2030-03-12T23:59:59Z"))).toEqual([]);
  });

  it("never sends a kind twice", () => {
    expect(dueReminders([{ ...base, sentKinds: ["due-7"] }], at("2030-03-13T08:00:00Z"))).toEqual([]);
    expect(dueReminders([{ ...base, sentKinds: ["due-7"] }], at("2030-03-15T08:00:00Z"))).toEqual([]);
    expect(dueReminders([{ ...base, sentKinds: ["due-7", "due-3"] }], at("2030-03-18T08:00:00Z"))).toEqual([]);
    expect(dueReminders([{ ...base, sentKinds: ["due-7", "due-3", "due-1", "due-0"] }], at("2030-03-20T18:00:00Z"))).toEqual([]);
  });

  it("catches up with only the most urgent reminder after a gap", () => {
    expect(dueReminders([base], at("2030-03-19T12:00:00Z"))).toEqual([{ assessmentId: "a1", kind: "due-1", daysBefore: 1 }]);
  });

  it.each(["submitted", "under-review", "decided", "expired", "withdrawn"] as const)("sends nothing for a %s assessment", (status) => {
    expect(dueReminders([{ ...base, status }], at("2030-03-17T08:00:00Z"))).toEqual([]);
  });

  it.each(["in-progress", "returned"] as const)("reminds a %s assessment too", (status) => {
    expect(dueReminders([{ ...base, status }], at("2030-03-17T08:00:00Z"))).toHaveLength(1);
  });

  it("sends nothing after the due date (grace is not nagging)", () => {
    expect(dueReminders([base], at("2030-03-21T08:00:00Z"))).toEqual([]);
  });

  it("skips reminder days on or before the day the questionnaire was sent", () => {
    const late = { ...base, sentAt: "2030-03-17T09:00:00.000Z" };
    expect(dueReminders([late], at("2030-03-17T10:00:00Z"))).toEqual([]);
    expect(dueReminders([late], at("2030-03-19T10:00:00Z"))).toEqual([{ assessmentId: "a1", kind: "due-1", daysBefore: 1 }]);
  });

  it("handles several assessments independently", () => {
    const other = { ...base, id: "a2", dueDate: "2030-03-16", expiresAt: expiresAtFor("2030-03-16") };
    expect(dueReminders([base, other], at("2030-03-13T08:00:00Z"))).toEqual([
      { assessmentId: "a1", kind: "due-7", daysBefore: 7 },
      { assessmentId: "a2", kind: "due-3", daysBefore: 3 },
    ]);
  });
});

describe("expiry", () => {
  it("expires at the end of the 14th grace day after the due date", () => {
    expect(GRACE_DAYS).toBe(14);
    expect(expiresAtFor("2030-03-20")).toBe("2030-04-04T00:00:00.000Z");
  });

  it("expires only open assessments whose expiry has passed", () => {
    const now = at("2030-04-04T00:00:00Z");
    const rows = [
      { id: "sent", status: "sent" as const, expiresAt: "2030-04-04T00:00:00.000Z" },
      { id: "progress", status: "in-progress" as const, expiresAt: "2030-04-01T00:00:00.000Z" },
      { id: "returned", status: "returned" as const, expiresAt: "2030-04-01T00:00:00.000Z" },
      { id: "later", status: "sent" as const, expiresAt: "2030-04-04T00:00:00.001Z" },
      { id: "submitted", status: "submitted" as const, expiresAt: "2030-04-01T00:00:00.000Z" },
      { id: "withdrawn", status: "withdrawn" as const, expiresAt: "2030-04-01T00:00:00.000Z" },
    ];
    expect(expireOverdue(rows, now)).toEqual(["sent", "progress", "returned"]);
  });
});
