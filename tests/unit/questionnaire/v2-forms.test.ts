// The published v2 forms (issue 16): every flag the review asked for fires on its answer, the same
// fact has the same id, code and severity in both forms, v1 ids are kept, the Spanish follows
// table (c), and the 11 ILO indicators are covered.
import { readFileSync } from "node:fs";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { allQuestions, type Questionnaire } from "~/domain/questionnaire/schema";
import type { AnswerSet } from "~/domain/scoring/answers";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { ILO_INDICATORS } from "~/domain/questionnaire/coverage";
import { bestAnswers } from "../scoring/arbitraries";
import { loadQuestionnaire } from "../scoring/load-fixture";

const FULL = loadQuestionnaire("questionnaires/anti-trafficking/2.json");
const SME = loadQuestionnaire("questionnaires/anti-trafficking-sme/2.json");
const forms = { full: FULL, sme: SME } as const;
const calm: ScoringContext = { country: "CA", sector: "64", sourcingCountries: [], goods: [], documents: { "doc-best": "accepted" } };

function flagsFor(form: keyof typeof forms, changes: AnswerSet, context: ScoringContext = calm) {
  const { questionnaire, sha256 } = forms[form];
  const r = score(questionnaire, { ...bestAnswers(questionnaire), ...changes }, context, { sha256, policy: DEFAULT_POLICY });
  return r.redFlags.map((f) => `${f.code}:${f.severity}`);
}

const v = (value: string | number | string[]) => ({ value, evidence: ["doc-best"] });
const migrants = { "rec.employs-migrants": v("yes"), "rec.migrant-origin-countries": v(["GT"]) };
const housing = { "work.housing-provided": v("yes") };

// [form(s), answers, code, severity, objection]
const TABLE: [readonly (keyof typeof forms)[], AnswerSet, string, string, string][] = [
  [["full", "sme"], { "work.minimum-age": v("below-minimum-age") }, "RF-CHILD-LABOUR", "critical", "O4"],
  [["full", "sme"], { "work.minimum-age": v("legal-age-under-18"), "work.hazardous-under-18": v("yes") }, "RF-HAZARDOUS-CHILD-LABOUR", "critical", "O4"],
  [["full", "sme"], { "work.violence-threats": v("yes") }, "RF-VIOLENCE-OR-THREATS", "critical", "O4"],
  [["full", "sme"], { "work.violence-threats": v("found-and-acted") }, "RF-VIOLENCE-ADDRESSED", "major", "O4"],
  [["full", "sme"], { ...housing, "work.housing-standards": v(["none"]) }, "RF-HOUSING-BELOW-STANDARD", "major", "O9"],
  [["full", "sme"], { ...housing, "work.housing-standards": v(["inspected", "safe-and-sanitary"]) }, "RF-HOUSING-COMPULSORY", "major", "O9"],
  [["full", "sme"], { "work.freedom-of-movement": v("restricted") }, "RF-MOVEMENT-RESTRICTED", "critical", "O3"],
  [["full", "sme"], { "work.wage-payment": v("withheld-or-deferred") }, "RF-WAGES-DEFERRED", "critical", "O9"],
  [["full", "sme"], { "work.wage-payment": v("late") }, "RF-WAGES-LATE", "major", "O9"],
  [["full", "sme"], { "work.overtime-voluntary": v("required-with-penalty") }, "RF-FORCED-OVERTIME", "major", "O3"],
  [["full", "sme"], { "work.max-weekly-hours": v(84) }, "RF-EXCESSIVE-HOURS", "major", "O9"],
  [["full", "sme"], { "work.rest-day": v("no") }, "RF-NO-WEEKLY-REST", "major", "O9"],
  [["full", "sme"], { "work.deductions": v("more-than-10-percent") }, "RF-DEDUCTIONS-OVER-10-PERCENT", "major", "O3"],
  [["full", "sme"], { "work.worker-debts": v("debts-owed") }, "RF-WORKER-DEBTS", "major", "O12"],
  [["full", "sme"], { "work.worker-debts": v("debts-bind") }, "RF-DEBT-BONDAGE", "critical", "O12"],
  [["full", "sme"], { "work.passport-retention": v("yes") }, "RF-PASSPORT-RETENTION", "critical", "O10"],
  [["full", "sme"], { "work.free-to-resign": v("penalty-or-forfeit") }, "RF-RESIGNATION-RESTRICTED", "critical", "O10"],
  [["full", "sme"], { "work.prohibited-labour": v("yes") }, "RF-PRISON-BONDED-STATE-LABOUR", "critical", "O10"],
  [["full", "sme"], { "rec.worker-paid-fees": v("yes") }, "RF-WORKER-PAID-FEES", "critical", "O3"],
  [["full", "sme"], { ...migrants, "rec.origin-fees": v("up-to-one-month-wage"), "rec.origin-fees-repaid": v("not-repaid") }, "RF-WORKER-PAID-FEES", "critical", "O9"],
  [["full", "sme"], { ...migrants, "rec.origin-fees": v("more-than-one-month-wage"), "rec.origin-fees-repaid": v("repayment-under-way") }, "RF-FEES-NOT-REIMBURSED", "major", "O9"],
  [["full", "sme"], { ...migrants, "rec.origin-fees": v("unknown") }, "RF-ORIGIN-FEES-UNKNOWN", "major", "O9"],
  [["full", "sme"], { ...migrants, "rec.origin-fees": v("up-to-one-month-wage"), "rec.origin-fees-repaid": v("all-repaid") }, "RF-FEE-ANSWERS-CONTRADICT", "major", "O5"],
  [["full", "sme"], { ...migrants, "rec.work-authorisation": v("unauthorised-unsupported") }, "RF-IRREGULAR-WORKERS-UNPROTECTED", "major", "O12"],
  [["full", "sme"], { "rec.uses-agencies": v("yes"), "rec.agency-controls": v(["none"]) }, "RF-AGENCIES-UNCONTROLLED", "major", "O9"],
  [["full", "sme"], { "supply.subcontracting": v("unauthorised-or-unknown") }, "RF-UNAUTHORISED-SUBCONTRACTING", "major", "O12"],
  [["full", "sme"], { "remedy.open-allegations": v("yes") }, "RF-OPEN-ALLEGATION", "major", "O3"],
  [["full"], { "remedy.confirmed-cases": v("remediation-under-way") }, "RF-REMEDIATION-INCOMPLETE", "major", "O3"],
  [["sme"], { "remedy.confirmed-cases": v("remediation-under-way") }, "RF-REMEDIATION-INCOMPLETE", "major", "O3"],
  [["sme"], { "rec.worker-paid-fees": v("found-and-stopped"), "rec.fees-reimbursed": v("partly-repaid") }, "RF-FEES-NOT-REIMBURSED", "major", "O3"],
  [["full"], { "voice.freedom-of-association": v("restricted") }, "RF-ASSOCIATION-RESTRICTED", "major", "O9"],
  [["full"], { "legal.labour-sanctions": v("open") }, "RF-OPEN-ALLEGATION", "major", "O9"],
  [["full"], { "legal.statement-status": v("required-not-published") }, "RF-STATEMENT-NOT-PUBLISHED", "major", "O9"],
  [["full"], { "rec.uses-agencies": v("no"), "rec.direct-employment": v(40) }, "RF-INTERMEDIATED-LABOUR-UNDISCLOSED", "major", "O5"],
  [["full", "sme"], { "risk.activities": v(["fishing-vessels"]), "fish.crew-documents": v("skipper-or-agent-kept") }, "RF-PASSPORT-RETENTION", "critical", "O12"],
  [["full", "sme"], { "risk.activities": v(["fishing-vessels"]), "fish.crew-wages": v("end-of-season-or-agent") }, "RF-WAGES-DEFERRED", "critical", "O12"],
  [["full", "sme"], { "risk.activities": v(["fishing-vessels"]), "fish.shore-contact": v("restricted") }, "RF-MOVEMENT-RESTRICTED", "critical", "O12"],
  [["full", "sme"], { "risk.main-products": v(["gold"]), "gold.traceability": v("not-traced") }, "RF-GOLD-NOT-TRACED", "major", "O12"],
];

describe.each(TABLE.map((row) => [`${row[2]} (${row[3]}, ${row[4]}) in ${row[0].join("+")}`, row] as const))("flag %s", (_name, [which, answers, code, severity]) => {
  it.each(which.map((w) => [w]))("fires in the %s form on its answer, not on the best answers", (form) => {
    expect(flagsFor(form, {})).toEqual([]);
    expect(flagsFor(form, answers)).toContain(`${code}:${severity}`);
  });
});

describe("Xinjiang exposure not traced (O9)", () => {
  it.each(["full", "sme"] as const)("is major with Chinese sourcing or a UFLPA good, and silent otherwise (%s)", (form) => {
    const answer = { "risk.xinjiang-exposure": v("unknown") };
    expect(flagsFor(form, answer)).not.toContain("RF-XINJIANG-NOT-TRACED:major");
    expect(flagsFor(form, answer, { ...calm, sourcingCountries: ["CN"] })).toContain("RF-XINJIANG-NOT-TRACED:major");
    expect(flagsFor(form, answer, { ...calm, goods: ["polysilicon"] })).toContain("RF-XINJIANG-NOT-TRACED:major");
  });
});

const flagsOf = (q: Questionnaire) => {
  const out = new Map<string, Set<string>>();
  const add = (code: string, severity: string) => out.set(code, new Set([...(out.get(code) ?? []), severity]));
  for (const question of allQuestions(q)) for (const f of question.redFlags) add(f.code, f.severity);
  for (const rule of q.consistencyRules ?? []) if (rule.flag !== undefined) add(rule.flag.code, rule.flag.severity);
  return out;
};

describe("the same fact, the same id, code and severity (O3)", () => {
  it("a flag code has one severity across both forms", () => {
    const full = flagsOf(FULL.questionnaire);
    const sme = flagsOf(SME.questionnaire);
    for (const [code, severities] of [...full, ...sme]) {
      const all = new Set([...(full.get(code) ?? []), ...(sme.get(code) ?? [])]);
      expect({ code, severities: [...all] }).toEqual({ code, severities: [...severities].slice(0, 1) });
    }
  });

  it("a question in both forms raises the same codes", () => {
    const byId = new Map(allQuestions(FULL.questionnaire).map((q) => [q.id, q]));
    for (const q of allQuestions(SME.questionnaire)) {
      const twin = byId.get(q.id);
      if (twin === undefined) continue;
      expect({ id: q.id, codes: q.redFlags.map((f) => `${f.code}:${f.severity}`) }).toEqual({ id: q.id, codes: twin.redFlags.map((f) => `${f.code}:${f.severity}`) });
    }
  });

  it("the SME knock-outs of the full form are all in the SME form", () => {
    const sme = flagsOf(SME.questionnaire);
    for (const code of ["RF-MOVEMENT-RESTRICTED", "RF-WAGES-DEFERRED", "RF-FORCED-OVERTIME", "RF-OPEN-ALLEGATION", "RF-PASSPORT-RETENTION", "RF-CHILD-LABOUR", "RF-VIOLENCE-OR-THREATS"]) expect(sme.has(code)).toBe(true);
  });
});

describe("v1 question ids are kept where the meaning is the same (prefill)", () => {
  const ids = (file: string) => new Set(allQuestions(loadQuestionnaire(file).questionnaire).map((q) => q.id));
  it("every full-form v1 id is in v2", () => {
    const v2 = ids("questionnaires/anti-trafficking/2.json");
    expect([...ids("questionnaires/anti-trafficking/1.json")].filter((id) => !v2.has(id))).toEqual([]);
  });
  it("the SME v1 ids that left became the full form's id for the same fact", () => {
    const v2 = ids("questionnaires/anti-trafficking-sme/2.json");
    const gone = [...ids("questionnaires/anti-trafficking-sme/1.json")].filter((id) => !v2.has(id)).sort();
    expect(gone).toEqual(["risk.uflpa-exposure", "work.freedom-to-resign", "work.housing", "work.overtime", "rec.written-contract"].sort());
    for (const id of ["risk.xinjiang-exposure", "work.free-to-resign", "work.freedom-of-movement", "work.overtime-voluntary", "rec.contract-before-start"]) expect(v2.has(id)).toBe(true);
  });
});

describe("Spanish per table (c), English saying the same", () => {
  const text = (file: string) => readFileSync(file, "utf8");
  it.each(["questionnaires/anti-trafficking/2.json", "questionnaires/anti-trafficking-sme/2.json"])("%s", (file) => {
    const t = text(file);
    for (const banned of ["Prestatario", "Prestamista", "tarifa", "costos relacionados", "Borrower", "Lender", "“El empleador paga”", "días calendario", "buena evidencia", "puntaje", "Gobernanza"]) expect(t).not.toContain(banned);
    expect(t).toContain("comisiones de contratación");
    expect(t).toContain("el Cliente");
    expect(t).toContain("«el empleador paga»");
  });
});

describe("the 11 ILO indicators of forced labour are each covered by a question", () => {
  it.each([["full", FULL], ["sme", SME]] as const)("%s", (_name, form) => {
    const cited = new Set(allQuestions(form.questionnaire).flatMap((q) => q.criteria).filter((c) => c.startsWith("ILO-FL:")).map((c) => c.slice(7)));
    expect(ILO_INDICATORS.map((i) => i.id).filter((id) => !cited.has(id))).toEqual([]);
  });
});

describe("the shipped rules that cap or refuse n/a", () => {
  const scoreOf = (form: keyof typeof forms, changes: AnswerSet, context: ScoringContext = calm) => {
    const { questionnaire, sha256 } = forms[form];
    return score(questionnaire, { ...bestAnswers(questionnaire), ...changes }, context, { sha256, policy: DEFAULT_POLICY });
  };
  const earned = (r: ReturnType<typeof score>, id: string) => r.sections.flatMap((s) => s.questions).find((q) => q.id === id);

  it.each([["full", 3], ["sme", 2]] as const)("CR-FEES-FOUND-NO-CASE caps \"no case\" at \"all remediated\" once fees were found (%s)", (form, cap) => {
    const found: AnswerSet = form === "full" ? { "rec.worker-paid-fees": v("found-and-stopped"), "rec.fees-workers-owed": v(0) } : { "rec.worker-paid-fees": v("found-and-stopped"), "rec.fees-reimbursed": v("all-repaid") };
    expect(earned(scoreOf(form, found), "remedy.confirmed-cases")?.earned).toBe(cap);
    expect(earned(scoreOf(form, {}), "remedy.confirmed-cases")?.earned).toBe(4);
  });

  it("CR-ZERO-GRIEVANCES keeps no-grievance answers in the denominator at 1 of 3 above 50 workers", () => {
    const none = { "voice.response-days": v("n/a"), "voice.grievances-resolved": v("n/a") };
    const big = scoreOf("full", { ...none, "rec.headcount": v(51) });
    expect([earned(big, "voice.response-days")?.earned, earned(big, "voice.response-days")?.possible]).toEqual([1, 3]);
    expect([earned(big, "voice.grievances-resolved")?.earned, earned(big, "voice.grievances-resolved")?.possible]).toEqual([1, 3]);
    const small = scoreOf("full", { ...none, "rec.headcount": v(50) });
    expect(earned(small, "voice.response-days")?.possible).toBe(0);
  });

  it.each<[string, Partial<ScoringContext>]>([
    ["a high-risk sector (class ≥ 3)", { sector: "41" }],
    ["a listed good", { goods: ["sugarcane"] }],
    ["a Tier 2 Watch List or unknown-tier country", { sourcingCountries: ["CN"] }],
  ])("CR-SUPPLIER-NA-REFUSED refuses supplier n/a for %s, not for a low-risk client", (_name, change) => {
    const na = { "supply.supplier-selection": v("n/a"), "voice.supplier-worker-voice": v("n/a") };
    expect(earned(scoreOf("full", na), "supply.supplier-selection")?.possible).toBe(0);
    const refused = scoreOf("full", na, { ...calm, ...change });
    expect([earned(refused, "supply.supplier-selection")?.earned, earned(refused, "supply.supplier-selection")?.possible]).toEqual([0, 5]);
    expect(earned(refused, "voice.supplier-worker-voice")?.possible).toBe(3);
  });

  it.each(["full", "sme"] as const)("CR-OVERTIME-CONTRADICTION: \"no overtime\" earns nothing beside more than 48 hours (%s)", (form) => {
    expect(earned(scoreOf(form, { "work.overtime-voluntary": v("no-overtime"), "work.max-weekly-hours": v(49) }), "work.overtime-voluntary")?.earned).toBe(0);
    expect(earned(scoreOf(form, { "work.overtime-voluntary": v("no-overtime"), "work.max-weekly-hours": v(48) }), "work.overtime-voluntary")?.earned).toBe(4);
  });
});

describe("declared facts from the shipped forms", () => {
  it("reads sourcing, goods and migrant origins, and ignores a hidden migrant-origin answer", async () => {
    const { declaredFacts } = await import("~/domain/scoring/declared-facts");
    const answers: AnswerSet = {
      "risk.sourcing-countries": { value: ["GT", "CN"] },
      "risk.main-products": { value: ["coffee", "cotton-textiles-garments", "other"] },
      "rec.employs-migrants": { value: "yes" },
      "rec.migrant-origin-countries": { value: ["VE"] },
    };
    expect(declaredFacts(FULL.questionnaire, answers)).toEqual({ sourcingCountries: ["CN", "GT"], goods: ["coffee", "cotton", "garments", "textiles"], migrantOrigins: ["VE"] });
    expect(declaredFacts(FULL.questionnaire, { ...answers, "rec.employs-migrants": { value: "no" } }).migrantOrigins).toEqual([]);
  });
});

describe("npm run questionnaire:check describes each engine-2 form", () => {
  it.each([["anti-trafficking", FULL], ["anti-trafficking-sme", SME]] as const)("%s", async (key, form) => {
    const { describeForm } = await import("../../../scripts/questionnaire-check");
    const text = describeForm(key, 2, form.questionnaire);
    for (const heading of ["Sections", "Questions", "Red flags, critical", "Red flags, major", "Consistency rules", "Sources", "ILO indicators of forced labour → questions and flags"]) expect(text).toContain(heading);
    for (const indicator of ILO_INDICATORS) expect(text).toContain(indicator.name);
    expect(text).not.toContain("NONE");
    expect(text).toContain("module:");
  });
});
