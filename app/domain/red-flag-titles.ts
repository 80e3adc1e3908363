// Short names of the questionnaires' red flags, for the places a banker picks or scans them (the
// red-flag filter of the clients list, the exports' flag column): issue 14, walkthrough F24/F25
// ("flag titles instead of RF- codes"). Each red flag's full sentence stays in the questionnaire
// (its `message`); this is its name in a list, in the bank user's language. Wording follows the
// ILO indicators of forced labour (2012) and the Employer Pays Principle the flags cite. A test
// checks that every code any questionnaire raises has a title in both languages.

type Title = { en: string; es: string };

export const RED_FLAG_TITLES: Readonly<Record<string, Title>> = {
  "RF-AGENCIES-UNCONTROLLED": { en: "Recruitment agencies not vetted", es: "Agencias de reclutamiento sin verificar" },
  "RF-ASSOCIATION-RESTRICTED": { en: "Freedom of association restricted", es: "Libertad de asociación restringida" },
  "RF-AUDIT-ACCESS-REFUSED": { en: "Audit access refused", es: "Acceso de auditoría denegado" },
  "RF-CHILD-LABOUR": { en: "Child labour", es: "Trabajo infantil" },
  "RF-CONFIRMED-FORCED-LABOUR": { en: "Confirmed forced labour not remedied", es: "Trabajo forzoso confirmado sin reparar" },
  "RF-DEBT-BONDAGE": { en: "Debt bondage", es: "Servidumbre por deudas" },
  "RF-DEDUCTIONS-OVER-10-PERCENT": { en: "Wage deductions over 10%", es: "Descuentos salariales de más del 10 %" },
  "RF-EXCESSIVE-DEDUCTIONS": { en: "Excessive wage deductions", es: "Descuentos salariales excesivos" },
  "RF-EXCESSIVE-HOURS": { en: "Excessive working hours", es: "Jornada laboral excesiva" },
  "RF-FEE-ANSWERS-CONTRADICT": { en: "Contradictory answers on recruitment fees", es: "Respuestas contradictorias sobre tarifas de reclutamiento" },
  "RF-FEES-NOT-REIMBURSED": { en: "Recruitment fees not reimbursed", es: "Tarifas de reclutamiento sin reembolsar" },
  "RF-FORCED-OVERTIME": { en: "Forced overtime", es: "Horas extra obligatorias" },
  "RF-GOLD-NOT-TRACED": { en: "Gold not traced to its mine", es: "Oro sin trazabilidad hasta la mina" },
  "RF-HAZARDOUS-CHILD-LABOUR": { en: "Hazardous child labour", es: "Trabajo infantil peligroso" },
  "RF-HOUSING-BELOW-STANDARD": { en: "Worker housing below standard", es: "Vivienda de trabajadores deficiente" },
  "RF-HOUSING-COMPULSORY": { en: "Compulsory employer housing", es: "Vivienda del empleador obligatoria" },
  "RF-INTERMEDIATED-LABOUR-UNDISCLOSED": { en: "Labour intermediaries not disclosed", es: "Intermediarios laborales no declarados" },
  "RF-IRREGULAR-WORKERS-UNPROTECTED": { en: "Irregular workers unprotected", es: "Trabajadores en situación irregular sin protección" },
  "RF-MOVEMENT-RESTRICTED": { en: "Freedom of movement restricted", es: "Libertad de movimiento restringida" },
  "RF-NO-CONTRACT-UNDERSTOOD": { en: "Contracts not understood by workers", es: "Contratos que los trabajadores no entienden" },
  "RF-NO-GRIEVANCE-CHANNEL": { en: "No grievance channel", es: "Sin canal de quejas" },
  "RF-NO-WEEKLY-REST": { en: "No weekly rest day", es: "Sin día de descanso semanal" },
  "RF-NO-WRITTEN-CONTRACT": { en: "No written contract", es: "Sin contrato escrito" },
  "RF-NOTICE-OVER-ONE-MONTH": { en: "Notice period over one month", es: "Preaviso de más de un mes" },
  "RF-OPEN-ALLEGATION": { en: "Open forced-labour allegation", es: "Denuncia de trabajo forzoso abierta" },
  "RF-ORIGIN-FEES-OVER-ONE-MONTH": { en: "Fees in the home country over one month's pay", es: "Tarifas en el país de origen de más de un mes de salario" },
  "RF-ORIGIN-FEES-UNKNOWN": { en: "Fees in the home country unknown", es: "Tarifas en el país de origen desconocidas" },
  "RF-PASSPORT-RETENTION": { en: "Identity documents retained", es: "Retención de documentos de identidad" },
  "RF-PRISON-BONDED-STATE-LABOUR": { en: "Prison, bonded or state-imposed labour", es: "Trabajo penitenciario, en servidumbre o impuesto por el Estado" },
  "RF-REMEDIATION-INCOMPLETE": { en: "Remediation incomplete", es: "Reparación incompleta" },
  "RF-RESIGNATION-RESTRICTED": { en: "Workers cannot resign freely", es: "Los trabajadores no pueden renunciar libremente" },
  "RF-STATEMENT-NOT-PUBLISHED": { en: "Modern-slavery statement not published", es: "Declaración sobre esclavitud moderna no publicada" },
  "RF-UFLPA-EXPOSURE": { en: "UFLPA exposure", es: "Exposición a la UFLPA" },
  "RF-UFLPA-XINJIANG": { en: "Xinjiang inputs (UFLPA)", es: "Insumos de Xinjiang (UFLPA)" },
  "RF-UNAUTHORISED-SUBCONTRACTING": { en: "Unauthorised subcontracting", es: "Subcontratación no autorizada" },
  "RF-VIOLENCE-ADDRESSED": { en: "Violence or threats reported", es: "Violencia o amenazas denunciadas" },
  "RF-VIOLENCE-OR-THREATS": { en: "Violence or threats", es: "Violencia o amenazas" },
  "RF-WAGES-DEFERRED": { en: "Wages deferred", es: "Salarios diferidos" },
  "RF-WAGES-LATE": { en: "Wages paid late", es: "Salarios pagados con retraso" },
  "RF-WAGES-WITHHELD": { en: "Wages withheld", es: "Salarios retenidos" },
  "RF-WORKER-DEBTS": { en: "Worker debts to the employer", es: "Deudas de los trabajadores con el empleador" },
  "RF-WORKER-PAID-FEES": { en: "Workers paid recruitment fees", es: "Trabajadores que pagaron tarifas de reclutamiento" },
  "RF-WRO-DETENTION": { en: "US import detention (WRO)", es: "Retención de importaciones en EE. UU. (WRO)" },
  "RF-XINJIANG-NOT-TRACED": { en: "Xinjiang exposure not traced", es: "Exposición a Xinjiang sin rastrear" },
};

/** A red flag's name in `lang`; a code without a title (a future questionnaire) reads as words, never as "RF-…". */
export function redFlagTitle(code: string, lang: "en" | "es"): string {
  const title = RED_FLAG_TITLES[code];
  if (title) return title[lang];
  const words = code.replace(/^RF-/, "").toLowerCase().replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
