// Every status × every event of the assessment state machine (API.md "Assessment states"),
// against a table written out here from the specification rather than derived from the module.
import { ALL_EVENTS, ASSESSMENT_STATUSES, canTransition, isOpenForAnswers, isUnderWay, transition, type AssessmentEvent, type AssessmentStatus } from "~/domain/assessment-state";

const ALLOWED: Record<AssessmentStatus, Partial<Record<AssessmentEvent, AssessmentStatus>>> = {
  sent: { save: "in-progress", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "sent" },
  "in-progress": { save: "in-progress", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "in-progress" },
  returned: { save: "returned", submit: "submitted", expire: "expired", withdraw: "withdrawn", resend: "returned" },
  submitted: { "start-review": "under-review", return: "returned", decide: "decided", withdraw: "withdrawn" },
  "under-review": { return: "returned", decide: "decided", withdraw: "withdrawn" },
  decided: {},
  expired: {},
  withdrawn: {},
};

const EVENTS: AssessmentEvent[] = ["save", "submit", "start-review", "return", "decide", "expire", "withdraw", "resend"];
const cases = ASSESSMENT_STATUSES.flatMap((status) => EVENTS.map((event) => ({ status, event, expected: ALLOWED[status][event] })));

describe("assessment state machine", () => {
  it("covers every status and every event", () => {
    expect([...ALL_EVENTS].sort()).toEqual([...EVENTS].sort());
    expect([...ASSESSMENT_STATUSES].sort()).toEqual(Object.keys(ALLOWED).sort());
    expect(cases).toHaveLength(8 * 8);
  });

  it.each(cases.filter((c) => c.expected !== undefined))("allows $event from $status → $expected", ({ status, event, expected }) => {
    expect(transition(status, event)).toEqual({ ok: true, status: expected });
    expect(canTransition(status, event)).toBe(true);
  });

  it.each(cases.filter((c) => c.expected === undefined))("refuses $event from $status, saying why", ({ status, event }) => {
    const result = transition(status, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(`cannot ${event} an assessment that is ${status}`);
    expect(canTransition(status, event)).toBe(false);
  });

  it("has 22 allowed and 42 refused transitions", () => {
    expect(cases.filter((c) => c.expected !== undefined)).toHaveLength(22);
    expect(cases.filter((c) => c.expected === undefined)).toHaveLength(42);
  });

  it.each(ASSESSMENT_STATUSES.map((s) => ({ s })))("$s: open for answers and under way as the spec says", ({ s }) => {
    expect(isOpenForAnswers(s)).toBe(["sent", "in-progress", "returned"].includes(s));
    expect(isUnderWay(s)).toBe(["sent", "in-progress", "returned", "submitted", "under-review"].includes(s));
  });

  it("keeps terminal states terminal: no event leaves decided, expired or withdrawn", () => {
    for (const s of ["decided", "expired", "withdrawn"] as const) {
      expect(EVENTS.filter((e) => canTransition(s, e))).toEqual([]);
    }
  });
});
