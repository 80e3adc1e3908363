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

export type ResidualStepKind = "matrix" | "major-flag" | "section-floor" | "critical-flag";
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
  },
  es: {
    matrix: (inh: string, band: string, lvl: string) => `matriz: riesgo inherente ${es(inh)} × control ${es(band)} = ${es(lvl)}`,
    noBand: (inh: string, lvl: string) => `matriz: riesgo inherente ${es(inh)} × ninguna sección puntuable (se toma como deficiente) = ${es(lvl)}`,
    major: (code: string, from: string, lvl: string) => `alerta mayor ${code}: ${es(from)} sube un nivel a ${es(lvl)}`,
    floor: (keys: string, from: string, lvl: string) =>
      `umbral de sección de la política: ${keys} por debajo de ${SECTION_FLOOR}: ${es(from)} sube un nivel a ${es(lvl)}`,
    critical: (codes: string) => `alerta crítica ${codes}: el riesgo residual es crítico`,
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
