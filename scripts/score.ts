// Score an answer set from the command line and explain the result (issue 5, "CLI").
//
//   npm run score -- <questionnaire.json> <answers.json> --country MX --sector 01 --sourcing GT,HN
//     [--goods coffee,sugarcane] [--evidence accepted|pending] [--context context.json]
//     [--policy policy.json] [--json] [--lang es]
//
// --evidence accepted treats every attached document as accepted and, for questions that expect
// evidence but have none attached, an implied document too; --evidence pending marks every
// attached document pending. Without it, document states come from --context (its `documents`)
// or are unknown, which earns no evidence credit. --context reads country, sector,
// sourcingCountries, goods and documents from a JSON file (a worked example's context.json); flags
// override it. --json prints exactly the result JSON. Bad files or arguments: a message on stderr
// and exit code 2.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parsePolicyOverride, type Policy } from "~/domain/policy/policy";
import { questionnaireHash } from "~/domain/questionnaire/canonical";
import { LanguageSchema, type Language, type Questionnaire } from "~/domain/questionnaire/schema";
import { formatProblem, validateQuestionnaire } from "~/domain/questionnaire/validate";
import { isIsoCountry } from "~/domain/risk/iso-countries";
import { AnswerSetSchema, missingRequired, validateAnswers, type AnswerSet } from "~/domain/scoring/answers";
import { score, type DocumentState, type ScoreResult, type ScoringContext } from "~/domain/scoring/score";

class UsageError extends Error {}

const USAGE =
  "usage: npm run score -- <questionnaire.json> <answers.json> --country MX --sector 01 [--sourcing GT,HN] [--goods coffee,sugarcane] " +
  "[--evidence accepted|pending] [--context context.json] [--policy policy.json] [--json] [--lang en|es]";

interface Args {
  questionnaireFile: string;
  answersFile: string;
  country?: string;
  sector?: string;
  sourcing?: string[];
  goods?: string[];
  evidence?: "accepted" | "pending";
  contextFile?: string;
  policyFile?: string;
  json: boolean;
  lang: Language;
}

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

export function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--json") json = true;
    else if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
      if (!["country", "sector", "sourcing", "goods", "evidence", "context", "policy", "lang"].includes(name)) throw new UsageError(`unknown option --${name}`);
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else positional.push(a);
  }
  if (positional.length !== 2) throw new UsageError(`expected two files, a questionnaire and an answer set (got ${positional.length})`);
  const evidence = flags.get("evidence");
  if (evidence !== undefined && evidence !== "accepted" && evidence !== "pending") throw new UsageError(`--evidence must be "accepted" or "pending", not "${evidence}"`);
  const lang = LanguageSchema.safeParse(flags.get("lang") ?? "en");
  if (!lang.success) throw new UsageError(`--lang must be one of ${LanguageSchema.options.join(", ")}`);
  const sourcing = flags.get("sourcing");
  const goods = flags.get("goods");
  return {
    questionnaireFile: positional[0] ?? "",
    answersFile: positional[1] ?? "",
    country: flags.get("country"),
    sector: flags.get("sector"),
    sourcing: sourcing === undefined ? undefined : list(sourcing),
    goods: goods === undefined ? undefined : list(goods).map((g) => g.toLowerCase()),
    evidence,
    contextFile: flags.get("context"),
    policyFile: flags.get("policy"),
    json,
    lang: lang.data,
  };
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(process.cwd(), file), "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the ${what} file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

const ContextFileSchema = z.strictObject({
  country: z.string().optional(),
  sector: z.string().optional(),
  sourcingCountries: z.array(z.string()).optional(),
  goods: z.array(z.string()).optional(),
  documents: z.record(z.string(), z.enum(["accepted", "pending", "rejected"])).optional(),
  /** Engine 2: review per (question, document), by question id then document id. */
  evidenceReviews: z.record(z.string(), z.record(z.string(), z.enum(["accepted", "pending", "rejected"]))).optional(),
});

function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("\n");
}

/** Apply --evidence to the answers and document states (see the header). */
export function applyEvidenceFlag(
  questionnaire: Questionnaire,
  answers: AnswerSet,
  documents: Record<string, DocumentState>,
  mode: "accepted" | "pending" | undefined,
): { answers: AnswerSet; documents: Record<string, DocumentState> } {
  if (mode === undefined) return { answers, documents };
  const out: AnswerSet = {};
  const docs: Record<string, DocumentState> = { ...documents };
  for (const [id, answer] of Object.entries(answers)) out[id] = answer;
  for (const q of questionnaire.sections.flatMap((s) => s.questions)) {
    const answer = out[q.id];
    if (answer === undefined) continue;
    let evidence = answer.evidence ?? [];
    if (mode === "accepted" && q.evidence?.expected === true && evidence.length === 0) {
      evidence = [`implied:${q.id}`];
      out[q.id] = { ...answer, evidence };
    }
    for (const doc of evidence) docs[doc] = mode;
  }
  for (const answer of Object.values(out)) for (const doc of answer.evidence ?? []) docs[doc] = mode;
  return { answers: out, documents: docs };
}

// ---------------------------------------------------------------------------------------------
// Readable output

/** The words the review screen uses for the same codes (app/i18n/review.ts). */
const ES_WORDS: Readonly<Record<string, string>> = {
  strong: "sólido",
  adequate: "adecuado",
  weak: "débil",
  poor: "deficiente",
  low: "bajo",
  medium: "medio",
  high: "alto",
  "very-high": "muy alto",
  critical: "crítico",
  approve: "aprobar",
  "approve-with-conditions": "aprobar con condiciones",
  "enhanced-due-diligence": "debida diligencia reforzada",
  decline: "no aprobar la operación",
};

const HEAD = {
  en: {
    questionnaire: "Questionnaire",
    engine: "engine",
    policy: "policy",
    context: "Client",
    sourcing: "sourcing",
    goods: "goods",
    sections: "Sections",
    section: "section",
    weight: "weight",
    earned: "earned/possible",
    score: "score",
    band: "band",
    dropped: "dropped",
    overall: "Overall control score",
    questions: "Questions",
    hidden: "hidden",
    flags: "Red flags",
    none: "none",
    inherent: "Inherent risk",
    points: "points",
    point: "point",
    data: "data",
    unverified: "not verified",
    residual: "Residual risk",
    recommendation: "Recommendation",
    valid: (m: number) => (m === 0 ? "no validity" : `valid ${m} months`),
    conditions: "Conditions",
    notAssessable: "controls not assessable: a critical red flag decides",
    withEvidence: "with every expected document accepted",
    rules: "Consistency rules",
    declared: "Declared by the client",
    migrantOrigins: "migrant origins",
    added: "added to the profile",
    profileRisk: "inherent risk from the profile alone",
    recommendationWhy: "why",
    warning: "warning",
    missing: (ids: string) => `required questions unanswered: ${ids}`,
    /** Bands, risk levels and recommendations: English prints the codes themselves. */
    word: (code: string) => code,
    severity: (code: string) => code,
  },
  es: {
    questionnaire: "Cuestionario",
    engine: "motor",
    policy: "política",
    context: "Cliente",
    sourcing: "abastecimiento",
    goods: "bienes",
    sections: "Secciones",
    section: "sección",
    weight: "peso",
    earned: "obtenido/posible",
    score: "puntuación",
    band: "banda",
    dropped: "excluida",
    overall: "Puntuación de control global",
    questions: "Preguntas",
    hidden: "oculta",
    flags: "Alertas",
    none: "ninguna",
    inherent: "Riesgo inherente",
    points: "puntos",
    point: "punto",
    data: "datos",
    unverified: "no verificado",
    residual: "Riesgo residual",
    recommendation: "Recomendación",
    valid: (m: number) => (m === 0 ? "sin validez" : `válida ${m} meses`),
    conditions: "Condiciones",
    notAssessable: "controles no evaluables: decide una alerta crítica",
    withEvidence: "con todos los documentos esperados aceptados",
    rules: "Reglas de coherencia",
    declared: "Declarado por el cliente",
    migrantOrigins: "origen de los migrantes",
    added: "agregado al perfil",
    profileRisk: "riesgo inherente solo con el perfil",
    recommendationWhy: "por qué",
    warning: "aviso",
    missing: (ids: string) => `preguntas obligatorias sin respuesta: ${ids}`,
    word: (code: string) => ES_WORDS[code] ?? code,
    severity: (code: string) => (code === "critical" ? "crítica" : code === "major" ? "mayor" : code),
  },
} satisfies Record<Language, unknown>;

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const padStart = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const fixed = (n: number | null, d: number) => (n === null ? "-" : n.toFixed(d));

export function explain(result: ScoreResult): string {
  const h = HEAD[result.language];
  const out: string[] = [];
  const q = result.questionnaire;
  out.push(`${h.questionnaire} ${q.key} v${q.version}  sha256 ${q.sha256}`);
  out.push(`${h.engine} ${result.engineVersion}  ${h.policy} ${result.policy.version}`);
  const i = result.inputs;
  out.push(`${h.context}: ${i.country}, ISIC ${i.sector}, ${h.sourcing} ${i.sourcingCountries.join(",") || "-"}, ${h.goods} ${i.goods.join(",") || "-"}`);
  out.push("");
  out.push(h.sections);
  const keyWidth = Math.max(8, ...result.sections.map((s) => s.key.length)) + 2;
  out.push(`  ${pad(h.section, keyWidth)}${padStart(h.weight, 7)}  ${padStart(h.earned, 17)}  ${padStart(h.score, 10)}  ${h.band}`);
  for (const s of result.sections) {
    out.push(
      `  ${pad(s.key, keyWidth)}${padStart(String(s.weight), 7)}  ${padStart(`${fixed(s.earned, 2)}/${fixed(s.possible, 2)}`, 17)}  ${padStart(fixed(s.score, 1), 10)}  ${s.band === null ? h.dropped : h.word(s.band)}`,
    );
  }
  out.push(`  ${h.overall}: ${fixed(result.overall.score, 1)} (${result.overall.band === null ? "-" : h.word(result.overall.band)})${result.controlsAssessable === false ? ` [${h.notAssessable}]` : ""}`);
  out.push(`    ${result.overall.why}`);
  const we = result.overallWithEvidence;
  if (we !== undefined && we.score !== result.overall.score) out.push(`    ${h.withEvidence}: ${fixed(we.score, 1)} (${we.band === null ? "-" : h.word(we.band)})`);
  out.push("");
  out.push(h.questions);
  const idWidth = Math.max(...result.sections.flatMap((s) => s.questions.map((x) => x.id.length))) + 2;
  for (const s of result.sections) {
    out.push(`  [${s.key}]`);
    for (const x of s.questions) {
      const figures = x.visible ? `${fixed(x.earned, 2)}/${fixed(x.possible, 2)}` : h.hidden;
      out.push(`    ${pad(x.id, idWidth)}${padStart(figures, 11)}  ${x.why}`);
    }
  }
  out.push("");
  out.push(`${h.flags}:${result.redFlags.length === 0 ? ` ${h.none}` : ""}`);
  for (const f of result.redFlags) out.push(`  ${f.code} (${h.severity(f.severity)}) ${f.questionId} = ${JSON.stringify(f.answer)}${f.ruleId === undefined ? "" : ` [${f.ruleId}]`}: ${f.message}`);
  out.push("");
  if (result.consistency !== undefined) {
    out.push(`${h.rules}:${result.consistency.length === 0 ? ` ${h.none}` : ""}`);
    for (const c of result.consistency) out.push(`  ${c.id}: ${c.explanation}`, `    → ${c.effects.join("; ")}`);
    out.push("");
  }
  const d = result.declaredFacts;
  if (d !== undefined) {
    const list = (xs: readonly string[]) => (xs.length === 0 ? "-" : xs.join(","));
    out.push(`${h.declared}: ${h.sourcing} ${list(d.sourcingCountries)}, ${h.goods} ${list(d.goods)}, ${h.migrantOrigins} ${list(d.migrantOrigins)}`);
    out.push(`  ${h.added}: ${h.sourcing} ${list(d.added.sourcingCountries)}, ${h.goods} ${list(d.added.goods)}; ${h.profileRisk}: ${h.word(d.profileInherentRisk.level)} (${d.profileInherentRisk.points} ${h.points})`);
    out.push("");
  }
  const ir = result.inherentRisk;
  out.push(`${h.inherent}: ${h.word(ir.level)} (${ir.points} ${h.points}; ${h.data} ${ir.dataVersion})`);
  for (const c of ir.components) {
    const verified = c.verified ? "" : ` [${h.unverified}]`;
    const explanation = result.language === "es" ? c.explanationEs : c.explanation;
    out.push(`  ${c.kind} ${c.value}: ${c.points} ${c.points === 1 ? h.point : h.points} (${c.source}, ${c.year})${verified}`);
    out.push(`    ${explanation}`);
  }
  out.push("");
  out.push(`${h.residual}: ${h.word(result.residualRisk)}`);
  result.residualRiskSteps.forEach((s, n) => out.push(`  ${n + 1}. ${s.text}`));
  out.push("");
  out.push(`${h.recommendation}: ${h.word(result.recommendation)} (${h.valid(result.validityMonths)})`);
  for (const why of result.recommendationSteps ?? []) out.push(`  ${h.recommendationWhy}: ${why}`);
  out.push(`${h.conditions}:${result.conditions.length === 0 ? ` ${h.none}` : ""}`);
  for (const c of result.conditions) out.push(`  - ${c.questionId}: ${c.text}`);
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The whole CLI as a function of its arguments (reads files, writes nothing), for tests. */
export function runCli(argv: readonly string[]): CliOutcome {
  try {
    return run(argv);
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: "", stderr: `score: ${e.message}\n${USAGE}\n` };
    throw e;
  }
}

function run(argv: readonly string[]): CliOutcome {
  const args = parseArgs(argv);
  const rawQuestionnaire = readJson(args.questionnaireFile, "questionnaire");
  const validation = validateQuestionnaire(rawQuestionnaire, args.questionnaireFile);
  if (!validation.ok) throw new UsageError(`the questionnaire is invalid:\n${validation.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  const questionnaire = validation.questionnaire;
  const sha256 = questionnaireHash(rawQuestionnaire);

  const rawAnswers = readJson(args.answersFile, "answers");
  const answerIssues = validateAnswers(questionnaire, rawAnswers, args.lang, { partial: true });
  if (answerIssues.length > 0) {
    throw new UsageError(`the answers in ${args.answersFile} are invalid:\n${answerIssues.map((i) => `  ${i.questionId || "(file)"}: ${i.message}`).join("\n")}`);
  }
  const parsedAnswers = AnswerSetSchema.safeParse(rawAnswers);
  if (!parsedAnswers.success) throw new UsageError(`the answers in ${args.answersFile} are invalid:\n${zodProblems(parsedAnswers.error)}`);

  let fileContext: z.infer<typeof ContextFileSchema> = {};
  if (args.contextFile !== undefined) {
    const parsed = ContextFileSchema.safeParse(readJson(args.contextFile, "context"));
    if (!parsed.success) throw new UsageError(`the context file ${args.contextFile} is invalid:\n${zodProblems(parsed.error)}`);
    fileContext = parsed.data;
  }
  let policy: Policy | undefined;
  if (args.policyFile !== undefined) {
    const parsed = parsePolicyOverride(readJson(args.policyFile, "policy"));
    if (!parsed.ok) throw new UsageError(`the policy file ${args.policyFile} is invalid: ${parsed.error}`);
    policy = parsed.policy;
  }

  const country = args.country ?? fileContext.country;
  const sector = args.sector ?? fileContext.sector;
  const sourcingCountries = args.sourcing ?? fileContext.sourcingCountries ?? [];
  const goods = args.goods ?? fileContext.goods ?? [];
  if (country === undefined) throw new UsageError("--country is required (an ISO 3166-1 alpha-2 code, e.g. MX)");
  if (sector === undefined) throw new UsageError('--sector is required (an ISIC Rev. 4 division, two digits, e.g. "01")');
  for (const c of [country, ...sourcingCountries]) if (!isIsoCountry(c)) throw new UsageError(`"${c}" is not an ISO 3166-1 alpha-2 country code`);
  if (!/^\d{2}$/.test(sector)) throw new UsageError(`--sector "${sector}" is not an ISIC Rev. 4 division (two digits, e.g. "01")`);

  const { answers, documents } = applyEvidenceFlag(questionnaire, parsedAnswers.data, { ...(fileContext.documents ?? {}) }, args.evidence);
  const context: ScoringContext = {
    country,
    sector,
    sourcingCountries,
    goods,
    documents,
    ...(fileContext.evidenceReviews === undefined ? {} : { evidenceReviews: fileContext.evidenceReviews }),
  };
  const result = score(questionnaire, answers, context, { sha256, policy, lang: args.lang });

  const missing = missingRequired(questionnaire, answers);
  const stderr = missing.length > 0 ? `${HEAD[args.lang].warning}: ${HEAD[args.lang].missing(missing.join(", "))}\n` : "";
  const stdout = args.json ? `${JSON.stringify(result, null, 2)}\n` : `${explain(result)}\n`;
  return { code: 0, stdout, stderr };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outcome = runCli(process.argv.slice(2));
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.code;
}
