// Explanations in a banker's words (issue 14, walkthrough F05): the sentences the review, decision
// and attestation pages show, rendered at display time from the questionnaire, the answer and the
// stored result's numbers, in the reader's language. The engine's own `why` strings (the exact
// arithmetic with option values, document ids and interval notation) stay in the stored result,
// the API and the CLI, and the pages show them behind "show the calculation". Nothing here changes
// a score: every number shown comes from the stored result.
import type { Question, Questionnaire } from "~/domain/questionnaire/schema";
import type { Language } from "~/domain/questionnaire/schema";
import { FLOOR_SECTIONS, SECTION_FLOOR, SUPPLY_FLOOR, SUPPLY_FLOOR_SECTIONS } from "~/domain/policy/residual";
import type { ScoreResult } from "./score";

type Lang = Language;
type DocState = "accepted" | "pending" | "rejected";

const LEVEL: Record<Lang, Record<string, string>> = {
  en: { low: "low", medium: "medium", high: "high", "very-high": "very high", critical: "critical", strong: "strong", adequate: "adequate", weak: "weak", poor: "poor" },
  es: { low: "bajo", medium: "medio", high: "alto", "very-high": "muy alto", critical: "crítico", strong: "sólido", adequate: "adecuado", weak: "débil", poor: "deficiente" },
};

export function levelWord(level: string, lang: Lang): string {
  return LEVEL[lang][level] ?? level;
}

/** Points as a reader writes them: at most two decimals, a decimal comma in Spanish. */
export function points(n: number, lang: Lang): string {
  const s = String(Math.round(n * 100) / 100);
  return lang === "es" ? s.replace(".", ",") : s;
}

function text(t: Record<string, string> | undefined, lang: Lang): string {
  if (!t) return "";
  return t[lang] ?? t.en ?? Object.values(t)[0] ?? "";
}

function quoted(s: string, lang: Lang): string {
  return lang === "es" ? `«${s}»` : `“${s}”`;
}

function list(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join("");
  const and = lang === "es" ? " y " : " and ";
  return `${items.slice(0, -1).join(", ")}${and}${items[items.length - 1]}`;
}

/** A scale band [min, max) as a range a reader understands: "61–72" for whole numbers. */
export function bandRange(band: { min: number; max: number }, isLast: boolean, unit: string, lang: Lang): string {
  const whole = Number.isInteger(band.min) && Number.isInteger(band.max);
  if (whole) {
    const top = isLast ? band.max : band.max - 1;
    return top <= band.min ? `${band.min}${unit}` : `${band.min}–${top}${unit}`;
  }
  return lang === "es" ? `de ${points(band.min, lang)}${unit} a menos de ${points(band.max, lang)}${unit}` : `${points(band.min, lang)}${unit} to under ${points(band.max, lang)}${unit}`;
}

const W = {
  en: {
    hidden: "Not asked: this follow-up did not apply to the client's earlier answers.",
    notApplicable: "Answered “not applicable”: left out of the section's score.",
    notScored: "For information: this answer carries no points.",
    unanswered: (max: string) => `Not answered (0 of ${max} points).`,
    option: (label: string, p: string, max: string) => `Answered ${label} (${p} of ${max} points).`,
    multi: (labels: string, p: string, max: string) => `Selected ${labels} (${p} of ${max} points).`,
    multiNone: (max: string) => `Selected none of the options (0 of ${max} points).`,
    capped: (max: string) => ` Capped at the question's ${max} points.`,
    number: (v: string, p: string, max: string, range: string) => `Answered ${v} (${p} of ${max} points: ${range}).`,
    numberOut: (v: string, max: string) => `Answered ${v}, outside every scored range (0 of ${max} points).`,
    given: (p: string, max: string) => `Answered (${p} of ${max} points).`,
    accepted: (doc: string) => ` Supported by the accepted document ${doc}: full points.`,
    halved: (after: string, states: string) => `Halved to ${after} because no document has been accepted yet (${states}).`,
    credit: (pct: string, after: string, states: string) =>
      pct === "0" ? `No points until a document is accepted (${states}).` : `Cut to ${after} (${pct}% of its points) because no document has been accepted yet (${states}).`,
    pts: (n: string) => (n === "1" ? "1 point" : `${n} points`),
    nothing: "nothing attached",
    state: { accepted: "accepted", pending: "awaiting review", rejected: "rejected" } as Record<DocState, string>,
    aDocument: "a document",
    overall: (parts: string, score: string) => `Weighted average of the section scores: ${parts} = ${score}.`,
    overallPart: (title: string, score: string, weight: string) => `${title} ${score} (weight ${weight})`,
    overallNone: "No section had anything to score, so there is no control score.",
    dropped: (titles: string) => ` Left out, with nothing to score: ${titles}.`,
    matrix: (inh: string, band: string, lvl: string) => `Inherent risk ${inh} with ${band} controls gives ${lvl}.`,
    noBand: (inh: string, lvl: string) => `Inherent risk ${inh} with no scorable controls (taken as poor) gives ${lvl}.`,
    raised: (why: string, from: string, lvl: string) => (from === lvl ? `${why}: already ${lvl}.` : `${why}: raised from ${from} to ${lvl}.`),
    major: (title: string) => `Major red flag ${title}`,
    floor: (titles: string, limit: number) => `${titles} scored below ${limit} (policy rule)`,
    supplyFloor: (titles: string, limit: number) => `High-risk sourcing and ${titles} below ${limit}`,
    critical: (titles: string) => `Critical red flag ${titles}: the residual risk is critical.`,
  },
  es: {
    hidden: "No se preguntó: esta pregunta de seguimiento no aplicaba según las respuestas anteriores del cliente.",
    notApplicable: "Respondida «no aplica»: queda fuera del puntaje de la sección.",
    notScored: "Informativa: esta respuesta no otorga puntos.",
    unanswered: (max: string) => `Sin respuesta (0 de ${max} puntos).`,
    option: (label: string, p: string, max: string) => `Respondió ${label} (${p} de ${max} puntos).`,
    multi: (labels: string, p: string, max: string) => `Seleccionó ${labels} (${p} de ${max} puntos).`,
    multiNone: (max: string) => `No seleccionó ninguna opción (0 de ${max} puntos).`,
    capped: (max: string) => ` Limitado a los ${max} puntos de la pregunta.`,
    number: (v: string, p: string, max: string, range: string) => `Respondió ${v} (${p} de ${max} puntos: ${range}).`,
    numberOut: (v: string, max: string) => `Respondió ${v}, fuera de todos los rangos puntuados (0 de ${max} puntos).`,
    given: (p: string, max: string) => `Respondida (${p} de ${max} puntos).`,
    accepted: (doc: string) => ` Respaldada por el documento aceptado ${doc}: puntaje completo.`,
    halved: (after: string, states: string) => `Reducido a la mitad, ${after}, porque aún no se ha aceptado ningún documento (${states}).`,
    credit: (pct: string, after: string, states: string) =>
      pct === "0" ? `Sin puntos hasta que se acepte un documento (${states}).` : `Reducido a ${after} (el ${pct} % de sus puntos) porque aún no se ha aceptado ningún documento (${states}).`,
    pts: (n: string) => (n === "1" ? "1 punto" : `${n} puntos`),
    nothing: "no se adjuntó nada",
    state: { accepted: "aceptado", pending: "pendiente de revisión", rejected: "rechazado" } as Record<DocState, string>,
    aDocument: "un documento",
    overall: (parts: string, score: string) => `Promedio ponderado de los puntajes de las secciones: ${parts} = ${score}.`,
    overallPart: (title: string, score: string, weight: string) => `${title} ${score} (peso ${weight})`,
    overallNone: "Ninguna sección tenía nada que puntuar, por lo que no hay puntaje de control.",
    dropped: (titles: string) => ` Excluidas, sin nada que puntuar: ${titles}.`,
    matrix: (inh: string, band: string, lvl: string) => `Riesgo inherente ${inh} con controles de nivel ${band} da ${lvl}.`,
    noBand: (inh: string, lvl: string) => `Riesgo inherente ${inh} sin controles puntuables (se toman como deficientes) da ${lvl}.`,
    raised: (why: string, from: string, lvl: string) => (from === lvl ? `${why}: ya es ${lvl}.` : `${why}: sube de ${from} a ${lvl}.`),
    major: (title: string) => `Alerta mayor ${title}`,
    floor: (titles: string, limit: number) => `${titles} por debajo de ${limit} (regla de la política)`,
    supplyFloor: (titles: string, limit: number) => `Abastecimiento de alto riesgo y ${titles} por debajo de ${limit}`,
    critical: (titles: string) => `Alerta crítica ${titles}: el riesgo residual es crítico.`,
  },
} satisfies Record<Lang, unknown>;

export interface QuestionFacts {
  question: Question;
  /** The answer's value as stored (undefined when unanswered). */
  value: unknown;
  evidence: readonly string[];
  visible: boolean;
  earned: number;
  possible: number;
  /** Document states the result was scored with, by id. */
  documentStates: Readonly<Record<string, DocState>>;
  /** The documents' names (file names as uploaded), by id. */
  documentNames: ReadonlyMap<string, string>;
}

/** One question's points, in a sentence naming the answer's label and the documents by name. */
export function questionExplanation(f: QuestionFacts, lang: Lang): string {
  const t = W[lang];
  const q = f.question;
  const max = points(q.maxPoints, lang);
  if (!f.visible) return t.hidden;
  if (f.value === "n/a" && q.notApplicable) return t.notApplicable;
  if (q.maxPoints === 0 || f.possible === 0) return t.notScored;
  const value = f.value;
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0 && q.type !== "multi")) return t.unanswered(max);
  const optionOf = (v: string) => q.options?.find((o) => o.value === v);
  let raw = 0;
  let sentence: string;
  if ((q.type === "single" || q.type === "boolean") && typeof value === "string") {
    const o = optionOf(value);
    raw = o?.points ?? 0;
    sentence = t.option(quoted(o ? text(o.label, lang) : value, lang), points(raw, lang), max);
  } else if (q.type === "multi" && Array.isArray(value)) {
    const picked = value.map(String);
    raw = picked.reduce((sum, v) => sum + (optionOf(v)?.points ?? 0), 0);
    sentence = picked.length === 0 ? t.multiNone(max) : t.multi(list(picked.map((v) => quoted(text(optionOf(v)?.label, lang) || v, lang)), lang), points(Math.min(Math.max(raw, 0), q.maxPoints), lang), max);
    if (raw > q.maxPoints) sentence += t.capped(max);
  } else if ((q.type === "number" || q.type === "percent") && typeof value === "number") {
    const unit = q.type === "percent" ? "%" : "";
    const scale = q.scale ?? [];
    const shown = `${points(value, lang)}${unit}`;
    if (scale.length === 0) {
      raw = q.maxPoints;
      sentence = t.given(max, max);
    } else {
      const i = scale.findIndex((b, at) => value >= b.min && (value < b.max || (at === scale.length - 1 && value <= b.max)));
      const band = scale[i];
      if (band === undefined) sentence = t.numberOut(shown, max);
      else {
        raw = band.points;
        sentence = t.number(shown, points(raw, lang), max, bandRange(band, i === scale.length - 1, unit, lang));
      }
    }
  } else {
    raw = q.maxPoints;
    sentence = t.given(max, max);
  }
  if (q.evidence?.expected) {
    const attached = [...new Set(f.evidence)];
    const name = (id: string) => quoted(f.documentNames.get(id) ?? t.aDocument, lang);
    const accepted = attached.find((id) => f.documentStates[id] === "accepted");
    if (accepted !== undefined) sentence += t.accepted(name(accepted));
    else if (raw > 0) {
      const credit = q.evidence.creditWithout;
      const states = attached.length === 0 ? t.nothing : attached.map((id) => `${name(id)} ${t.state[f.documentStates[id] ?? "pending"]}`).join(", ");
      const after = t.pts(points(f.earned, lang));
      sentence += ` ${credit === 0.5 ? t.halved(after, states) : t.credit(points(credit * 100, lang), after, states)}`;
    }
  }
  return sentence;
}

/** The control score as the weighted average of named sections. */
export function overallExplanation(result: Pick<ScoreResult, "overall" | "sections">, questionnaire: Questionnaire, lang: Lang): string {
  const t = W[lang];
  if (result.overall.score === null) return t.overallNone;
  const title = (key: string) => text(questionnaire.sections.find((s) => s.key === key)?.title, lang) || key;
  const scored = result.sections.filter((s) => s.score !== null && s.weight > 0);
  const dropped = result.sections.filter((s) => s.score === null && s.weight > 0);
  const parts = scored.map((s) => t.overallPart(title(s.key), (s.score ?? 0).toFixed(1), points(s.weight, lang))).join("; ");
  return t.overall(parts, result.overall.score.toFixed(1)) + (dropped.length > 0 ? t.dropped(list(dropped.map((s) => title(s.key)), lang)) : "");
}

/**
 * The residual-risk steps in plain sentences: the matrix cell, each raise with the flag title or
 * section name that caused it. The steps' kinds and levels are the stored result's.
 */
export function residualExplanation(
  result: Pick<ScoreResult, "inherentRisk" | "overall" | "residualRiskSteps" | "redFlags" | "sections">,
  questionnaire: Questionnaire,
  flagTitle: (code: string) => string,
  lang: Lang,
): string[] {
  const t = W[lang];
  const lv = (l: string) => levelWord(l, lang);
  const title = (key: string) => text(questionnaire.sections.find((s) => s.key === key)?.title, lang) || key;
  const majors = result.redFlags.filter((f) => f.severity === "major");
  const criticals = result.redFlags.filter((f) => f.severity === "critical");
  const lowSections = (keys: readonly string[], limit: number) =>
    list(result.sections.filter((s) => keys.includes(s.key) && s.score !== null && s.score < limit).map((s) => `${title(s.key)} (${(s.score ?? 0).toFixed(1)})`), lang);
  let majorAt = 0;
  let from = result.inherentRisk.level as string;
  return result.residualRiskSteps.map((step) => {
    const before = from;
    from = step.level;
    switch (step.kind) {
      case "matrix":
        return result.overall.band === null ? t.noBand(lv(result.inherentRisk.level), lv(step.level)) : t.matrix(lv(result.inherentRisk.level), lv(result.overall.band), lv(step.level));
      case "major-flag": {
        const flag = majors[majorAt++];
        return t.raised(t.major(quoted(flag ? flagTitle(flag.code) : "", lang)), lv(before), lv(step.level));
      }
      case "section-floor":
        return t.raised(t.floor(lowSections(FLOOR_SECTIONS, SECTION_FLOOR), SECTION_FLOOR), lv(before), lv(step.level));
      case "supply-floor":
        return t.raised(t.supplyFloor(lowSections(SUPPLY_FLOOR_SECTIONS, SUPPLY_FLOOR), SUPPLY_FLOOR), lv(before), lv(step.level));
      case "critical-flag":
        return t.critical(list([...new Set(criticals.map((f) => quoted(flagTitle(f.code), lang)))], lang));
      case "critical-reserved":
        // Already a sentence without codes (residual.ts), in the result's language.
        return step.text.charAt(0).toUpperCase() + step.text.slice(1) + ".";
    }
    return step.text;
  });
}

/** "Banco Demo policy 2026-11" (es "política de Banco Demo 2026-11"); the built-in default is the institution's standard policy. */
export function policyName(version: string, institutionName: string, lang: Lang): string {
  if (version === "default-1") return lang === "es" ? `política estándar de ${institutionName}` : `${institutionName} standard policy`;
  return lang === "es" ? `política de ${institutionName} ${version}` : `${institutionName} policy ${version}`;
}
