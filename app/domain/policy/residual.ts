// Residual risk = inherent risk × control band, then red-flag overrides.
// Source: shared/docs/DOMAIN-RESEARCH.md §5.6 (matrix, SYNTHESIS adopted by the project) and
// QUESTIONNAIRES.md step 7 ("any critical red flag makes it critical, any major raises it one
// level"). Order, fixed so a reader can redo it: (1) matrix cell; (2) each major flag raises one
// level; (3) if the policy's sectionFloorRaise is on, one more level when the recruitment (`rec`)
// or working-conditions (`work`) section scores below 40; (4) any critical flag sets critical.
// Every raise is capped at critical. Each step is returned with a sentence in the result language.
import type { Language } from "~/domain/questionnaire/schema";
import { RESIDUAL_LEVELS, type Policy, type ResidualLevel } from "./policy";

export type InherentLevel = "low" | "medium" | "high" | "very-high";
export type ControlBand = "strong" | "adequate" | "weak" | "poor";

export const RESIDUAL_MATRIX: Readonly<Record<InherentLevel, Readonly<Record<ControlBand, ResidualLevel>>>> = {
  low: { strong: "low", adequate: "low", weak: "medium", poor: "high" },
  medium: { strong: "low", adequate: "medium", weak: "high", poor: "high" },
  high: { strong: "medium", adequate: "high", weak: "high", poor: "critical" },
  "very-high": { strong: "high", adequate: "high", weak: "critical", poor: "critical" },
};

/** Sections whose low score raises residual risk under `sectionFloorRaise` (§5.6). */
export const FLOOR_SECTIONS: readonly string[] = ["rec", "work"];
export const SECTION_FLOOR = 40;

export type ResidualStepKind = "matrix" | "major-flag" | "section-floor" | "supply-floor" | "critical-reserved" | "critical-flag";
export const RESIDUAL_STEP_KINDS: readonly ResidualStepKind[] = ["matrix", "major-flag", "section-floor", "supply-floor", "critical-reserved", "critical-flag"];
export interface ResidualStep {
  kind: ResidualStepKind;
  level: ResidualLevel;
  text: string;
}

export interface ResidualInput {
  inherent: InherentLevel;
  /** The control band; null when no section was scorable (treated as `poor`: nothing demonstrated). */
  band: ControlBand | null;
  redFlags: readonly { code: string; severity: "critical" | "major" }[];
  /** Section scores as displayed (one decimal) or null when the section dropped out. */
  sectionScores: readonly { key: string; score: number | null }[];
  policy: Policy;
  lang?: Language;
}

function raise(level: ResidualLevel): ResidualLevel {
  const i = RESIDUAL_LEVELS.indexOf(level);
  return RESIDUAL_LEVELS[Math.min(i + 1, RESIDUAL_LEVELS.length - 1)] ?? "critical";
}

/** Levels and bands in Spanish, the words the review screen uses for the same codes. */
const ES_WORDS: Readonly<Record<string, string>> = {
  low: "bajo",
  medium: "medio",
  high: "alto",
  "very-high": "muy alto",
  critical: "crítico",
  strong: "sólido",
  adequate: "adecuado",
  weak: "débil",
  poor: "deficiente",
};
const es = (code: string): string => ES_WORDS[code] ?? code;

const TEXT = {
  en: {
    matrix: (inh: string, band: string, lvl: string) => `matrix: inherent ${inh} × control ${band} = ${lvl}`,
    noBand: (inh: string, lvl: string) => `matrix: inherent ${inh} × no scorable section (taken as poor) = ${lvl}`,
    major: (code: string, from: string, lvl: string) => `major red flag ${code}: ${from} raised one level to ${lvl}`,
    floor: (keys: string, from: string, lvl: string) =>
      `policy section floor: ${keys} below ${SECTION_FLOOR}: ${from} raised one level to ${lvl}`,
    critical: (codes: string) => `critical red flag ${codes}: residual risk is critical`,
    supplyFloor: (keys: string, why: string, from: string, lvl: string) =>
      from === lvl
        ? `supply-chain floor (${why}): ${keys} below ${SUPPLY_FLOOR}: already ${lvl}`
        : `supply-chain floor (${why}): ${keys} below ${SUPPLY_FLOOR}: ${from} raised one level to ${lvl}`,
    reservedEvidence: (band: string) =>
      `no critical red flag, and the weak controls come from missing accepted evidence (with it the controls would be ${band}): capped at high, enhanced due diligence collects the evidence`,
    reserved: () => "no critical red flag: capped at high (critical residual risk is reserved for critical red flags)",
  },
  es: {
    matrix: (inh: string, band: string, lvl: string) => `matriz: riesgo inherente ${es(inh)} × control ${es(band)} = ${es(lvl)}`,
    noBand: (inh: string, lvl: string) => `matriz: riesgo inherente ${es(inh)} × ninguna sección puntuable (se toma como deficiente) = ${es(lvl)}`,
    major: (code: string, from: string, lvl: string) => `alerta mayor ${code}: ${es(from)} sube un nivel a ${es(lvl)}`,
    floor: (keys: string, from: string, lvl: string) =>
      `umbral de sección de la política: ${keys} por debajo de ${SECTION_FLOOR}: ${es(from)} sube un nivel a ${es(lvl)}`,
    critical: (codes: string) => `alerta crítica ${codes}: el riesgo residual es crítico`,
    supplyFloor: (keys: string, why: string, from: string, lvl: string) =>
      from === lvl
        ? `umbral de la cadena de suministro (${why}): ${keys} por debajo de ${SUPPLY_FLOOR}: ya es ${es(lvl)}`
        : `umbral de la cadena de suministro (${why}): ${keys} por debajo de ${SUPPLY_FLOOR}: ${es(from)} sube un nivel a ${es(lvl)}`,
    reservedEvidence: (band: string) =>
      `sin alerta crítica, y la debilidad de los controles se debe a la falta de evidencia aceptada (con ella los controles serían de nivel ${es(band)}): se limita a alto; la debida diligencia reforzada obtiene la evidencia`,
    reserved: () => "sin alerta crítica: se limita a alto (el riesgo residual crítico se reserva para las alertas críticas)",
  },
} satisfies Record<Language, unknown>;

export function residualRisk(input: ResidualInput): { level: ResidualLevel; steps: ResidualStep[] } {
  const t = TEXT[input.lang ?? "en"];
  const steps: ResidualStep[] = [];
  let level = RESIDUAL_MATRIX[input.inherent][input.band ?? "poor"];
  steps.push({
    kind: "matrix",
    level,
    text: input.band === null ? t.noBand(input.inherent, level) : t.matrix(input.inherent, input.band, level),
  });
  for (const flag of input.redFlags) {
    if (flag.severity !== "major") continue;
    const from = level;
    level = raise(level);
    steps.push({ kind: "major-flag", level, text: t.major(flag.code, from, level) });
  }
  if (input.policy.sectionFloorRaise === true) {
    const low = input.sectionScores.filter((s) => FLOOR_SECTIONS.includes(s.key) && s.score !== null && s.score < SECTION_FLOOR);
    if (low.length > 0) {
      const from = level;
      level = raise(level);
      steps.push({ kind: "section-floor", level, text: t.floor(low.map((s) => `${s.key} (${s.score})`).join(", "), from, level) });
    }
  }
  const critical = input.redFlags.filter((f) => f.severity === "critical");
  if (critical.length > 0) {
    level = "critical";
    steps.push({ kind: "critical-flag", level, text: t.critical(critical.map((f) => f.code).join(", ")) });
  }
  return { level, steps };
}

// ---------------------------------------------------------------------------------------------
// Engine 2 (reviews/domain.md O8, O11; issue 16 "Decision logic"). Order: (1) matrix; (2) each
// major flag raises one level; (3) the policy's rec/work section floor, as in engine 1; (4) the
// supply-chain floor, on unless the policy sets supplyFloorRaise false: when sourcing is high risk,
// a `risk` or `supply` section below 60 (SUPPLY_FLOOR) raises one level; (5) without a critical flag the level
// is capped at high (critical is reserved for critical flags; when the matrix read `weak`/`poor`
// only for want of accepted evidence the step says so); (6) any critical flag sets critical.

/** Sections whose low score raises residual risk when sourcing is high risk (O11). */
export const SUPPLY_FLOOR_SECTIONS: readonly string[] = ["risk", "supply"];
/**
 * Below "adequate": for a client whose sourcing is high risk the supply chain is the risk (O11), so
 * supplier-side controls must be at least adequate, a stricter line than the rec/work floor of 40.
 */
export const SUPPLY_FLOOR = 60;

export interface ResidualInputV2 extends ResidualInput {
  /** The control band had every expected document been accepted (null: nothing scorable). */
  bandWithEvidence: ControlBand | null;
  /** Why sourcing counts as high risk (a short phrase in the result language), or null when it does not. */
  highRiskSourcing: string | null;
}

export function residualRiskV2(input: ResidualInputV2): { level: ResidualLevel; steps: ResidualStep[] } {
  const t = TEXT[input.lang ?? "en"];
  const { level: afterFloors, steps } = residualRisk({ ...input, redFlags: input.redFlags.filter((f) => f.severity === "major") });
  let level = afterFloors;
  if (input.policy.supplyFloorRaise !== false && input.highRiskSourcing !== null) {
    const low = input.sectionScores.filter((s) => SUPPLY_FLOOR_SECTIONS.includes(s.key) && s.score !== null && s.score < SUPPLY_FLOOR);
    if (low.length > 0) {
      const from = level;
      level = raise(level);
      steps.push({ kind: "supply-floor", level, text: t.supplyFloor(low.map((s) => `${s.key} (${s.score})`).join(", "), input.highRiskSourcing, from, level) });
    }
  }
  const critical = input.redFlags.filter((f) => f.severity === "critical");
  if (critical.length === 0 && level === "critical") {
    level = "high";
    const matrixWithEvidence = RESIDUAL_MATRIX[input.inherent][input.bandWithEvidence ?? "poor"];
    const evidence = input.bandWithEvidence !== null && input.bandWithEvidence !== (input.band ?? "poor") && matrixWithEvidence !== "critical";
    steps.push({ kind: "critical-reserved", level, text: evidence ? t.reservedEvidence(input.bandWithEvidence ?? "poor") : t.reserved() });
  }
  if (critical.length > 0) {
    level = "critical";
    steps.push({ kind: "critical-flag", level, text: t.critical(critical.map((f) => f.code).join(", ")) });
  }
  return { level, steps };
}
