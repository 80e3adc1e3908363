// npm run questionnaire:check [-- --write-lock] [-- --dir <questionnaires dir>]
// Validates every questionnaires/<key>/<version>.json against the format and the lock file, prints
// one row per file that passes the format rules (with its lock state) and every problem, and exits 1 when there is any problem (CI gate).
// --write-lock adds lock entries for valid published files that have none; it never changes an
// existing entry, because a published file that changed must become a new version instead.
import { iloCoverage } from "~/domain/questionnaire/coverage";
import { allQuestions, engineOf, totalMaxPoints, type Questionnaire } from "~/domain/questionnaire/schema";
import { formatProblem } from "~/domain/questionnaire/validate";
import { addMissingLockEntries, defaultQuestionnaireDir, loadQuestionnaireLibrary } from "~/services/questionnaires.server";

function main(argv: readonly string[]): number {
  const writeLock = argv.includes("--write-lock");
  const dirFlag = argv.indexOf("--dir");
  const dir = (dirFlag >= 0 ? argv[dirFlag + 1] : undefined) ?? defaultQuestionnaireDir();

  if (writeLock) {
    const added = addMissingLockEntries(dir);
    console.log(added.length === 0 ? "lock.json: nothing to add" : `lock.json: added ${added.join(", ")}`);
  }

  const library = loadQuestionnaireLibrary(dir, { reload: true });
  const rows = library.validated.map(({ key, version, status, sha256, questionnaire, lockState }) => {
    const questions = questionnaire.sections.flatMap((s) => s.questions);
    return [
      key,
      String(version),
      status,
      questionnaire.languages.join(","),
      String(questionnaire.sections.length),
      String(questions.length),
      formatNumber(totalMaxPoints(questionnaire)),
      String(questions.reduce((n, q) => n + q.redFlags.length, 0)),
      String(questionnaire.sources.length),
      sha256.slice(0, 12),
      lockState,
    ];
  });
  const header = ["key", "version", "status", "languages", "sections", "questions", "max points", "red flags", "sources", "sha256", "lock"];
  if (rows.length > 0) console.log(table(header, rows));
  else console.log(`No valid questionnaire files under ${library.dir}.`);

  // Engine-2 forms: the whole structure, so a reviewer sees what changed without reading the JSON.
  for (const entry of library.validated) {
    if (engineOf(entry.questionnaire) === 2) console.log(`\n${describeForm(entry.key, entry.version, entry.questionnaire)}`);
  }

  if (library.problems.length > 0) {
    console.log(`\n${library.problems.length} problem(s):`);
    for (const problem of library.problems) console.log(formatProblem(problem));
    return 1;
  }
  return 0;
}

/** Sections, questions, flags by severity, consistency rules, sources and the ILO coverage table. */
export function describeForm(key: string, version: number, q: Questionnaire): string {
  const out: string[] = [`== ${key} v${version} (engine 2): ${q.title.en ?? ""}`];
  out.push("", "Sections");
  out.push(
    table(
      ["section", "weight", "questions", "scored", "core", "shown when"],
      q.sections.map((s) => [
        s.key,
        String(s.weight),
        String(s.questions.length),
        String(s.questions.filter((x) => x.maxPoints > 0).length),
        String(s.questions.filter((x) => x.core === true).length),
        s.appliesIf === undefined ? "always" : `module: ${JSON.stringify(s.appliesIf)}`,
      ]),
    ),
  );
  out.push("", "Questions");
  for (const s of q.sections) {
    for (const x of s.questions) {
      const marks = [x.type, x.maxPoints > 0 ? `${formatNumber(x.maxPoints)} pts` : "unscored", x.core === true ? "core" : "", x.notApplicable ? "n/a" : "", x.declares ?? "", x.showIf === undefined ? "" : "conditional"].filter((m) => m !== "");
      out.push(`  ${x.id.padEnd(34)} ${marks.join(", ")}`);
    }
  }
  const flags = new Map<string, { severity: string; where: string[] }>();
  const note = (code: string, severity: string, where: string) => {
    const known = flags.get(code) ?? { severity, where: [] };
    if (!known.where.includes(where)) known.where.push(where);
    flags.set(code, known);
  };
  for (const x of allQuestions(q)) for (const f of x.redFlags) note(f.code, f.severity, x.id);
  for (const r of q.consistencyRules ?? []) if (r.flag !== undefined) note(r.flag.code, r.flag.severity, r.id);
  for (const severity of ["critical", "major"]) {
    const list = [...flags].filter(([, f]) => f.severity === severity);
    out.push("", `Red flags, ${severity} (${list.length})`);
    for (const [code, f] of list) out.push(`  ${code.padEnd(38)} ${f.where.join(", ")}`);
  }
  const rules = q.consistencyRules ?? [];
  out.push("", `Consistency rules (${rules.length})`);
  for (const r of rules) {
    const effects = [
      r.flag === undefined ? "" : `flag ${r.flag.code} (${r.flag.severity}) on ${r.flag.question}`,
      r.voidNotApplicable === undefined ? "" : `refuse n/a on ${r.voidNotApplicable.questions.join(", ")}${r.voidNotApplicable.points ? ` (${r.voidNotApplicable.points} pts)` : ""}`,
      ...(r.caps ?? []).map((c) => `cap ${c.question} at ${c.points}`),
      r.remediation === undefined ? "" : "covenant",
    ].filter((e) => e !== "");
    out.push(`  ${r.id.padEnd(38)} ${effects.join("; ")}`);
    out.push(`  ${"".padEnd(38)} when ${JSON.stringify(r.when)}`);
  }
  out.push("", `Sources (${q.sources.length})`);
  for (const s of q.sources) out.push(`  ${s.id.padEnd(10)} ${s.title} <${s.url}>`);
  out.push("", "ILO indicators of forced labour → questions and flags");
  out.push(
    table(
      ["indicator", "questions", "flags"],
      iloCoverage(q).map((c) => [c.name, c.questions.join(" ") || "NONE", c.flags.map((f) => `${f.code} (${f.severity})`).join(" ") || "-"]),
    ),
  );
  return out.join("\n");
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const isMain = process.argv[1] !== undefined && /questionnaire-check\.ts$/.test(process.argv[1]);
if (isMain) process.exitCode = main(process.argv.slice(2));
