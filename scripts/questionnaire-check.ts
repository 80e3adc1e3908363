// npm run questionnaire:check [-- --write-lock] [-- --dir <questionnaires dir>]
// Validates every questionnaires/<key>/<version>.json against the format and the lock file, prints
// one row per file that passes the format rules (with its lock state) and every problem, and exits 1 when there is any problem (CI gate).
// --write-lock adds lock entries for valid published files that have none; it never changes an
// existing entry, because a published file that changed must become a new version instead.
import { totalMaxPoints } from "~/domain/questionnaire/schema";
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

  if (library.problems.length > 0) {
    console.log(`\n${library.problems.length} problem(s):`);
    for (const problem of library.problems) console.log(formatProblem(problem));
    return 1;
  }
  return 0;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

process.exitCode = main(process.argv.slice(2));
