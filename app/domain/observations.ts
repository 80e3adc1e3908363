// Financial red flags a relationship manager observes in a client's account activity.
// Source: shared/docs/DOMAIN-RESEARCH.md §5.7 (non-scored "RM observations": payroll inconsistent
// with headcount, wages in cash or to few accounts, payments to recruiters in origin countries,
// employer-paid housing/transport deductions, frequent wires to Tier 3 / Tier 2 Watch List
// jurisdictions, respondent unable to name labour agencies) and §3 (FinCEN FIN-2020-A008
// typologies "exploitative employment practices" and "front companies"; FIN-2014-A008; UK
// NCA/HMRC payroll flags; Mekong Club banking tools, §1.9).
// Rules: observations never enter the control score (§5.7: "should route to AML/SAR processes, not
// into the client's control score"); any observation is escalated to the institution's
// financial-crime contact; "other" needs a note that says what was seen.
import { z } from "zod";

export const OBSERVATION_CODES = [
  "payroll-headcount-mismatch",
  "cash-wages",
  "recruiter-payments",
  "housing-transport-deductions",
  "high-risk-wires",
  "unnamed-labour-agencies",
  "other",
] as const;
export type ObservationCode = (typeof OBSERVATION_CODES)[number];

export type ObservationInfo = {
  code: ObservationCode;
  label: { en: string; es: string };
  /** The typology or guidance it comes from, as cited in DOMAIN-RESEARCH.md. */
  source: string;
};

export const OBSERVATIONS: Readonly<Record<ObservationCode, ObservationInfo>> = {
  "payroll-headcount-mismatch": {
    code: "payroll-headcount-mismatch",
    label: {
      en: "Payroll volume inconsistent with the declared headcount (or no normal payroll, payroll tax or social-insurance payments)",
      es: "Volumen de nómina incompatible con la plantilla declarada (o sin nómina, impuestos sobre nómina ni cotizaciones normales)",
    },
    source: "FinCEN FIN-2020-A008 (front companies; business lacks normal payroll expenditures); DOMAIN-RESEARCH §5.7",
  },
  "cash-wages": {
    code: "cash-wages",
    label: {
      en: "Wages paid in cash, or many workers paid into few accounts",
      es: "Salarios pagados en efectivo, o muchos trabajadores pagados en pocas cuentas",
    },
    source: "FinCEN FIN-2020-A008 (steady cash deposits without ACH payroll; funnel accounts); UK NCA/HMRC payroll flags; DOMAIN-RESEARCH §5.7",
  },
  "recruiter-payments": {
    code: "recruiter-payments",
    label: {
      en: "Payments to recruitment agencies in workers' countries of origin",
      es: "Pagos a agencias de reclutamiento en los países de origen de los trabajadores",
    },
    source: "FinCEN FIN-2020-A008 (exploitative employment practices: recruitment fees); Employer Pays Principle; DOMAIN-RESEARCH §5.7",
  },
  "housing-transport-deductions": {
    code: "housing-transport-deductions",
    label: {
      en: "Employer-paid housing or transport recovered through wage deductions",
      es: "Vivienda o transporte pagados por el empleador y descontados del salario",
    },
    source: "FinCEN FIN-2020-A008 (expenses resembling victims' living and transport costs); UK NCA/HMRC (wage deductions for housing/transport); DOMAIN-RESEARCH §5.7",
  },
  "high-risk-wires": {
    code: "high-risk-wires",
    label: {
      en: "Frequent wires to Tier 3 or Tier 2 Watch List jurisdictions",
      es: "Transferencias frecuentes a jurisdicciones de Nivel 3 o de la Lista de Vigilancia del Nivel 2",
    },
    source: "FinCEN FIN-2020-A008 (frequent wires to high-risk jurisdictions); US TIP report tiers; DOMAIN-RESEARCH §5.7",
  },
  "unnamed-labour-agencies": {
    code: "unnamed-labour-agencies",
    label: {
      en: "The client cannot name the labour agencies it uses",
      es: "El cliente no puede nombrar las agencias de empleo que utiliza",
    },
    source: "Mekong Club banking tools; FinCEN FIN-2020-A008 (exploitative employment practices); DOMAIN-RESEARCH §5.7",
  },
  other: {
    code: "other",
    label: { en: "Other (described in the note)", es: "Otro (descrito en la nota)" },
    source: "FinCEN FIN-2014-A008 and FIN-2020-A008 human-trafficking red flags; DOMAIN-RESEARCH §3",
  },
};

export const MAX_NOTE_LENGTH = 4000;
export const MIN_OTHER_NOTE_LENGTH = 10;

export const RecordObservationSchema = z
  .object({
    codes: z
      .array(z.enum(OBSERVATION_CODES, { error: "observations.error.unknownCode" }), { error: "observations.error.chooseOne" })
      .min(1, { error: "observations.error.chooseOne" }),
    note: z
      .string()
      .trim()
      .max(MAX_NOTE_LENGTH, { error: "observations.error.noteTooLong" })
      .optional()
      .transform((v) => v ?? ""),
  })
  .superRefine((value, ctx) => {
    if (new Set(value.codes).size !== value.codes.length) ctx.addIssue({ code: "custom", path: ["codes"], message: "observations.error.duplicate" });
    if (value.codes.includes("other") && value.note.length < MIN_OTHER_NOTE_LENGTH) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "observations.error.otherNeedsNote" });
    }
  });
export type RecordObservationInput = z.infer<typeof RecordObservationSchema>;

export function observationLabel(code: string, lang: "en" | "es"): string {
  return (OBSERVATIONS as Record<string, ObservationInfo | undefined>)[code]?.label[lang] ?? code;
}

/** The referral snapshot stored with the observation and printed in the case-file PDF. */
export type Referral = {
  referralId: string;
  to: string[];
  institution: string;
  client: { id: string; name: string; country: string; sector: string; registrationNumber: string | null; inherentRisk: string; residualRisk: string | null; gate: string };
  observations: Array<{ code: string; label: string; source: string }>;
  note: string;
  recordedBy: { id: string; name: string };
  recordedAt: string;
  latestResult: null | {
    assessmentId: string;
    resultId: string;
    questionnaire: string;
    createdAt: string;
    overallScore: number | null;
    band: string | null;
    residualRisk: string;
    recommendation: string;
    redFlags: Array<{ code: string; severity: string; questionId: string; message: string }>;
  };
  /** Observations never change the control score; stated in the record for the case file. */
  scoreUnchanged: true;
};

/** Builds the referral snapshot from plain inputs (pure; the service supplies ids and time). */
export function buildReferral(input: Omit<Referral, "observations" | "scoreUnchanged"> & { codes: readonly ObservationCode[]; lang: "en" | "es" }): Referral {
  const { codes, lang, ...rest } = input;
  return {
    ...rest,
    observations: codes.map((code) => ({ code, label: OBSERVATIONS[code].label[lang], source: OBSERVATIONS[code].source })),
    scoreUnchanged: true,
  };
}

/** Plain-text e-mail body for the financial-crime contact. */
export function referralEmailBody(referral: Referral, link: string, lang: "en" | "es"): string {
  const es = lang === "es";
  const lines = [
    es ? `Derivación por alertas financieras: ${referral.client.name}` : `Financial red-flag referral: ${referral.client.name}`,
    "",
    `${es ? "Cliente" : "Client"}: ${referral.client.name} (${referral.client.country}, ${es ? "sector" : "sector"} ${referral.client.sector})`,
    `${es ? "Registrado por" : "Recorded by"}: ${referral.recordedBy.name}, ${referral.recordedAt}`,
    "",
    es ? "Observaciones:" : "Observations:",
    ...referral.observations.map((o) => `- ${o.label} [${o.source}]`),
    "",
    `${es ? "Nota" : "Note"}: ${referral.note || "—"}`,
    "",
  ];
  if (referral.latestResult) {
    const r = referral.latestResult;
    lines.push(
      `${es ? "Último resultado" : "Latest result"}: ${r.questionnaire}, ${es ? "riesgo residual" : "residual risk"} ${r.residualRisk}, ${es ? "puntuación" : "score"} ${r.overallScore ?? "—"} (${r.band ?? "—"})`,
    );
    if (r.redFlags.length > 0) lines.push(`${es ? "Alertas del cuestionario" : "Questionnaire red flags"}: ${r.redFlags.map((f) => `${f.code} (${f.severity})`).join(", ")}`);
  } else {
    lines.push(es ? "El cliente aún no tiene un resultado puntuado." : "The client has no scored result yet.");
  }
  lines.push(
    "",
    es ? "Estas observaciones no cambian la puntuación de controles del cliente." : "These observations do not change the client's control score.",
    `${es ? "Expediente (PDF)" : "Case file (PDF)"}: ${link}`,
  );
  return lines.join("\n");
}
