// Red-flag titles: what a banker reads instead of the questionnaire's `RF-…` code (issue 14, F05).
// The codes stay in the stored result, the API and the CLI; pages and PDFs show these titles.
// A code without a title here (a future questionnaire) is shown as a sentence built from it.
import type { Lang } from "~/i18n";

const TITLES: Readonly<Record<string, { en: string; es: string }>> = {
  "RF-AGENCIES-UNCONTROLLED": { en: "Recruitment agencies not vetted or monitored", es: "Agencias de reclutamiento sin verificar ni supervisar" },
  "RF-ASSOCIATION-RESTRICTED": { en: "Freedom of association restricted", es: "Libertad de asociación restringida" },
  "RF-AUDIT-ACCESS-REFUSED": { en: "Audit access refused", es: "Acceso a auditoría denegado" },
  "RF-CHILD-LABOUR": { en: "Child labour", es: "Trabajo infantil" },
  "RF-CONFIRMED-FORCED-LABOUR": { en: "Confirmed case of forced labour", es: "Caso confirmado de trabajo forzoso" },
  "RF-DEBT-BONDAGE": { en: "Debt bondage", es: "Servidumbre por deudas" },
  "RF-DEDUCTIONS-OVER-10-PERCENT": { en: "Wage deductions above 10% of pay", es: "Descuentos salariales superiores al 10 % del salario" },
  "RF-EXCESSIVE-DEDUCTIONS": { en: "Excessive wage deductions", es: "Descuentos salariales excesivos" },
  "RF-EXCESSIVE-HOURS": { en: "Excessive working hours", es: "Jornadas laborales excesivas" },
  "RF-FEE-ANSWERS-CONTRADICT": { en: "Answers on recruitment fees contradict each other", es: "Respuestas contradictorias sobre las comisiones de reclutamiento" },
  "RF-FEES-NOT-REIMBURSED": { en: "Recruitment fees paid by workers not reimbursed", es: "Comisiones de reclutamiento pagadas por los trabajadores sin reembolsar" },
  "RF-FORCED-OVERTIME": { en: "Forced overtime", es: "Horas extra obligatorias" },
  "RF-GOLD-NOT-TRACED": { en: "Gold not traced to the mine", es: "Oro sin trazabilidad hasta la mina" },
  "RF-HAZARDOUS-CHILD-LABOUR": { en: "Children in hazardous work", es: "Niños en trabajos peligrosos" },
  "RF-HOUSING-BELOW-STANDARD": { en: "Worker housing below standard", es: "Vivienda de los trabajadores por debajo de la norma" },
  "RF-HOUSING-COMPULSORY": { en: "Employer housing compulsory", es: "Vivienda del empleador obligatoria" },
  "RF-INTERMEDIATED-LABOUR-UNDISCLOSED": { en: "Labour supplied through intermediaries not disclosed", es: "Mano de obra a través de intermediarios no declarada" },
  "RF-IRREGULAR-WORKERS-UNPROTECTED": { en: "Workers without regular status unprotected", es: "Trabajadores en situación irregular sin protección" },
  "RF-MOVEMENT-RESTRICTED": { en: "Workers' freedom of movement restricted", es: "Libertad de movimiento de los trabajadores restringida" },
  "RF-NO-CONTRACT-UNDERSTOOD": { en: "Workers do not receive a contract they understand", es: "Los trabajadores no reciben un contrato que entiendan" },
  "RF-NO-GRIEVANCE-CHANNEL": { en: "No grievance channel for workers", es: "Sin canal de quejas para los trabajadores" },
  "RF-NO-WEEKLY-REST": { en: "No weekly day of rest", es: "Sin día de descanso semanal" },
  "RF-NO-WRITTEN-CONTRACT": { en: "No written employment contract", es: "Sin contrato de trabajo por escrito" },
  "RF-NOTICE-OVER-ONE-MONTH": { en: "Notice period longer than one month", es: "Plazo de preaviso superior a un mes" },
  "RF-OPEN-ALLEGATION": { en: "Open allegation of forced labour", es: "Denuncia abierta de trabajo forzoso" },
  "RF-ORIGIN-FEES-OVER-ONE-MONTH": { en: "Fees in the country of origin above one month's pay", es: "Comisiones en el país de origen superiores a un mes de salario" },
  "RF-ORIGIN-FEES-UNKNOWN": { en: "Fees paid in the country of origin unknown", es: "Se desconocen las comisiones pagadas en el país de origen" },
  "RF-PASSPORT-RETENTION": { en: "Workers' identity documents retained", es: "Retención de documentos de identidad de los trabajadores" },
  "RF-PRISON-BONDED-STATE-LABOUR": { en: "Prison, bonded or state-imposed labour", es: "Trabajo penitenciario, en servidumbre o impuesto por el Estado" },
  "RF-REMEDIATION-INCOMPLETE": { en: "Remediation of a confirmed case incomplete", es: "Reparación incompleta de un caso confirmado" },
  "RF-RESIGNATION-RESTRICTED": { en: "Workers cannot resign freely", es: "Los trabajadores no pueden renunciar libremente" },
  "RF-STATEMENT-NOT-PUBLISHED": { en: "Required modern-slavery statement not published", es: "Declaración obligatoria sobre esclavitud moderna no publicada" },
  "RF-UFLPA-EXPOSURE": { en: "Exposure to Xinjiang or the UFLPA Entity List", es: "Exposición a Xinjiang o a la Lista de Entidades de la UFLPA" },
  "RF-UFLPA-XINJIANG": { en: "Products or partners from Xinjiang or the UFLPA Entity List", es: "Productos o socios de Xinjiang o de la Lista de Entidades de la UFLPA" },
  "RF-UNAUTHORISED-SUBCONTRACTING": { en: "Unauthorised subcontracting", es: "Subcontratación no autorizada" },
  "RF-VIOLENCE-ADDRESSED": { en: "Violence or threats reported", es: "Violencia o amenazas denunciadas" },
  "RF-VIOLENCE-OR-THREATS": { en: "Violence or threats against workers", es: "Violencia o amenazas contra los trabajadores" },
  "RF-WAGES-DEFERRED": { en: "Wages deferred", es: "Salarios diferidos" },
  "RF-WAGES-LATE": { en: "Wages paid late", es: "Salarios pagados con retraso" },
  "RF-WAGES-WITHHELD": { en: "Wages withheld", es: "Salarios retenidos" },
  "RF-WORKER-DEBTS": { en: "Workers indebted to the employer or a recruiter", es: "Trabajadores endeudados con el empleador o un reclutador" },
  "RF-WORKER-PAID-FEES": { en: "Workers paid recruitment fees", es: "Los trabajadores pagaron comisiones de reclutamiento" },
  "RF-WRO-DETENTION": { en: "Goods detained under a US Withhold Release Order", es: "Mercancías retenidas por una orden WRO de EE. UU." },
  "RF-XINJIANG-NOT-TRACED": { en: "Possible Xinjiang exposure not traced", es: "Posible exposición a Xinjiang sin rastrear" },
};

/** The title of a red flag in the reader's language. */
export function redFlagTitle(code: string, lang: Lang): string {
  const known = TITLES[code];
  if (known) return known[lang];
  const words = code.replace(/^RF-/, "").toLowerCase().replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every code with a title (for the test that keeps this list complete). */
export const TITLED_RED_FLAGS: readonly string[] = Object.keys(TITLES);
