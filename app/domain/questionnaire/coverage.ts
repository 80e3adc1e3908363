// Coverage of the 11 ILO indicators of forced labour by a questionnaire's questions and red flags.
// Source: ILO, "ILO indicators of Forced Labour" (2012), the 11 operational indicators; issue 16
// ("a coverage table of the 11 ILO indicators → questions and flags"). A question covers an
// indicator when it cites `ILO-FL:<indicator>` among its criteria; its flags (own, and consistency
// rules reported on it) count for that indicator too.
import { allQuestions, type Questionnaire } from "./schema";

export const ILO_INDICATORS = [
  { id: "abuse-of-vulnerability", name: "Abuse of vulnerability" },
  { id: "deception", name: "Deception" },
  { id: "restriction-of-movement", name: "Restriction of movement" },
  { id: "isolation", name: "Isolation" },
  { id: "physical-and-sexual-violence", name: "Physical and sexual violence" },
  { id: "intimidation-and-threats", name: "Intimidation and threats" },
  { id: "retention-of-identity-documents", name: "Retention of identity documents" },
  { id: "withholding-of-wages", name: "Withholding of wages" },
  { id: "debt-bondage", name: "Debt bondage" },
  { id: "abusive-working-and-living-conditions", name: "Abusive working and living conditions" },
  { id: "excessive-overtime", name: "Excessive overtime" },
] as const;

export interface IndicatorCoverage {
  id: string;
  name: string;
  questions: string[];
  flags: { code: string; severity: "critical" | "major" }[];
}

export function iloCoverage(questionnaire: Questionnaire): IndicatorCoverage[] {
  const questions = allQuestions(questionnaire);
  const ruleFlags = (id: string) => (questionnaire.consistencyRules ?? []).flatMap((r) => (r.flag !== undefined && r.flag.question === id ? [r.flag] : []));
  return ILO_INDICATORS.map((indicator) => {
    const covering = questions.filter((q) => q.criteria.includes(`ILO-FL:${indicator.id}`));
    const flags: IndicatorCoverage["flags"] = [];
    for (const q of covering) {
      for (const f of [...q.redFlags, ...ruleFlags(q.id)]) {
        if (!flags.some((x) => x.code === f.code)) flags.push({ code: f.code, severity: f.severity });
      }
    }
    return { id: indicator.id, name: indicator.name, questions: covering.map((q) => q.id), flags };
  });
}
