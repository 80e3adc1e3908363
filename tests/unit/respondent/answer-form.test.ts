import { answerDefaults, answerFingerprint, fieldName, PRESENT_FIELD, readQuestion, readSectionPost } from "~/domain/answer-form";
import type { Question } from "~/domain/questionnaire/schema";

function question(partial: Partial<Question> & Pick<Question, "id" | "type">): Question {
  return { text: { en: "Q", es: "P" }, required: true, criteria: [], notApplicable: false, redFlags: [], maxPoints: 0, ...partial } as Question;
}

function form(entries: Array<[string, string]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of entries) params.append(k, v);
  return params;
}

const single = question({ id: "gov.policy", type: "single", options: [{ value: "a", label: { en: "A" } }, { value: "b", label: { en: "B" } }], notApplicable: true });
const multi = question({ id: "gov.audiences", type: "multi", options: [{ value: "x", label: { en: "X" } }, { value: "y", label: { en: "Y" } }], notApplicable: true });
const percent = question({ id: "gov.coverage", type: "percent" });
const countries = question({ id: "risk.countries", type: "countries" });
const text = question({ id: "rec.list", type: "text" });
const date = question({ id: "risk.date", type: "date" });

describe("reading a question's fields", () => {
  it("maps radios, the n/a choice and the comment", () => {
    expect(readQuestion(single, form([[fieldName.value(single.id), "b"], [fieldName.comment(single.id), "  see annex "]])).answer).toEqual({ value: "b", comment: "see annex" });
    expect(readQuestion(single, form([[fieldName.value(single.id), "n/a"]])).answer.value).toBe("n/a");
    expect(readQuestion(single, form([])).answer).toEqual({ value: "", comment: undefined });
  });

  it("maps checkboxes and multi-selects to lists, and the separate n/a box to n/a", () => {
    expect(readQuestion(multi, form([[fieldName.value(multi.id), "x"], [fieldName.value(multi.id), "y"]])).answer.value).toEqual(["x", "y"]);
    expect(readQuestion(multi, form([])).answer.value).toEqual([]);
    expect(readQuestion(multi, form([[fieldName.value(multi.id), "x"], [fieldName.notApplicable(multi.id), "n/a"]])).answer.value).toBe("n/a");
    expect(readQuestion(countries, form([[fieldName.value(countries.id), "MX"], [fieldName.value(countries.id), "GT"]])).answer.value).toEqual(["MX", "GT"]);
  });

  it("ignores an n/a box the question does not allow", () => {
    expect(readQuestion(percent, form([[fieldName.value(percent.id), "40"], [fieldName.notApplicable(percent.id), "n/a"]])).answer.value).toBe(40);
  });

  it("turns numbers into numbers (a decimal comma too) and keeps anything else as typed", () => {
    expect(readQuestion(percent, form([[fieldName.value(percent.id), " 85 "]])).answer.value).toBe(85);
    expect(readQuestion(percent, form([[fieldName.value(percent.id), "12,5"]])).answer.value).toBe(12.5);
    expect(readQuestion(percent, form([[fieldName.value(percent.id), "-3"]])).answer.value).toBe(-3);
    expect(readQuestion(percent, form([[fieldName.value(percent.id), "lots"]])).answer.value).toBe("lots");
    expect(readQuestion(percent, form([[fieldName.value(percent.id), ""]])).answer.value).toBe("");
    const { defaults } = readQuestion(percent, form([[fieldName.value(percent.id), "lots"]]));
    expect(defaults.values).toEqual(["lots"]);
  });

  it("keeps text as typed and trims dates", () => {
    expect(readQuestion(text, form([[fieldName.value(text.id), "  Agencia Uno\nAgencia Dos "]])).answer.value).toBe("  Agencia Uno\nAgencia Dos ");
    expect(readQuestion(date, form([[fieldName.value(date.id), " 2026-01-31 "]])).answer.value).toBe("2026-01-31");
  });
});

describe("showing a saved answer", () => {
  it("round-trips every value type through the form", () => {
    const cases: Array<[Question, unknown]> = [
      [single, "a"],
      [single, "n/a"],
      [multi, ["x", "y"]],
      [multi, "n/a"],
      [percent, 55.5],
      [countries, ["BR", "PE"]],
      [text, "Agencia Uno"],
      [date, "2025-12-01"],
    ];
    for (const [q, value] of cases) {
      const d = answerDefaults(q, { value, comment: "c" });
      const entries: Array<[string, string]> = d.values.map((v) => [fieldName.value(q.id), v]);
      if (d.notApplicable && (q.type === "multi" || q.type === "percent")) entries.push([fieldName.notApplicable(q.id), "n/a"]);
      entries.push([fieldName.comment(q.id), d.comment]);
      expect(readQuestion(q, form(entries)).answer, `${q.id} ${JSON.stringify(value)}`).toEqual({ value, comment: "c" });
    }
  });

  it("shows nothing for a missing or empty answer", () => {
    expect(answerDefaults(percent, undefined)).toEqual({ values: [], notApplicable: false, comment: "" });
    expect(answerDefaults(percent, { value: null, comment: null })).toEqual({ values: [], notApplicable: false, comment: "" });
  });
});

describe("merging a section post", () => {
  it("changes only the questions whose answer differs from what the page showed", () => {
    const post = form([
      [PRESENT_FIELD, single.id],
      [fieldName.original(single.id), answerFingerprint("a", null)],
      [fieldName.value(single.id), "a"],
      [fieldName.comment(single.id), ""],
      [PRESENT_FIELD, percent.id],
      [fieldName.original(percent.id), answerFingerprint(undefined, null)],
      [fieldName.value(percent.id), "90"],
      [fieldName.comment(percent.id), ""],
      [PRESENT_FIELD, multi.id],
      [fieldName.original(multi.id), answerFingerprint(undefined, undefined)],
      [fieldName.comment(multi.id), ""],
    ]);
    const { changed, posted } = readSectionPost([single, multi, percent, text], post);
    expect(Object.keys(changed)).toEqual([percent.id]);
    expect(changed[percent.id]).toEqual({ value: 90, comment: "" });
    expect(Object.keys(posted).sort()).toEqual([single.id, multi.id, percent.id].sort());
  });

  it("counts a question without a fingerprint as changed, and skips questions not declared present", () => {
    const post = form([
      [PRESENT_FIELD, single.id],
      [fieldName.value(single.id), "b"],
      [fieldName.value(text.id), "not declared"],
    ]);
    expect(readSectionPost([single, text], post).changed).toEqual({ [single.id]: { value: "b", comment: undefined } });
  });

  it("never clears an answer from a post that declares a question but carries neither its fingerprint nor a value", () => {
    expect(readSectionPost([single, multi], form([[PRESENT_FIELD, single.id], [PRESENT_FIELD, multi.id]])).changed).toEqual({});
  });

  it("treats a changed comment as a change", () => {
    const post = form([
      [PRESENT_FIELD, single.id],
      [fieldName.original(single.id), answerFingerprint("a", null)],
      [fieldName.value(single.id), "a"],
      [fieldName.comment(single.id), "new note"],
    ]);
    expect(readSectionPost([single], post).changed[single.id]).toEqual({ value: "a", comment: "new note" });
  });

  it("fingerprints empty values alike and different values differently", () => {
    expect(answerFingerprint("", "")).toBe(answerFingerprint(undefined, null));
    expect(answerFingerprint([], null)).toBe(answerFingerprint(null, undefined));
    expect(answerFingerprint(["a", "b"], null)).not.toBe(answerFingerprint(["b", "a"], null));
    expect(answerFingerprint(1, null)).not.toBe(answerFingerprint("1", null));
  });
});
