// scripts/score.ts end to end: the readable explanation, --json (exactly the engine's result),
// --evidence, and exit code 2 with a clear message for bad files and arguments.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { runCli } from "../../../scripts/score";
import { loadQuestionnaire } from "./load-fixture";

const SME = "questionnaires/anti-trafficking-sme/1.json";
const EXAMPLE = "tests/fixtures/scoring/typical-sme";

function run(...args: string[]) {
  const r = runCli(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run score", () => {
  it("as a process: prints the result and exits 0, or exits 2 on bad arguments", () => {
    const ok = spawnSync(process.execPath, ["--import", "tsx", "scripts/score.ts", SME, `${EXAMPLE}/answers.json`, "--context", `${EXAMPLE}/context.json`, "--json"], {
      cwd: process.cwd(),
      encoding: "utf8",
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).overall).toMatchObject({ score: 60.1, band: "adequate" });
    const bad = spawnSync(process.execPath, ["--import", "tsx", "scripts/score.ts", "--json"], { cwd: process.cwd(), encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("score: expected two files");
  });

  it("--json prints exactly the engine's result", () => {
    const r = run(SME, `${EXAMPLE}/answers.json`, "--context", `${EXAMPLE}/context.json`, "--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { questionnaire, sha256 } = loadQuestionnaire(SME);
    const answers = JSON.parse(readFileSync(`${EXAMPLE}/answers.json`, "utf8"));
    const context = JSON.parse(readFileSync(`${EXAMPLE}/context.json`, "utf8")) as ScoringContext;
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(score(questionnaire, answers, context, { sha256, policy: DEFAULT_POLICY }))));
  });

  it("prints a readable explanation, in Spanish with --lang es", () => {
    const en = run(SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01", "--sourcing", "GT,HN", "--goods", "coffee");
    expect(en.status).toBe(0);
    expect(en.stdout).toContain("Overall control score: ");
    // Risk data 2026-12-01: GT has no verified TIP 2025 placement, so it counts as Tier 3 (ADR 004).
    expect(en.stdout).toContain("Residual risk: critical");
    expect(en.stdout).toContain("1. matrix: inherent very-high × control ");
    expect(en.stdout).toContain("country GT: 6 points (no verified TIP placement (manual review), 2026) [not verified]");
    expect(en.stdout).toContain("goods coffee: 2 points (DOL 2024, 2024)");
    const es = run(SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01", "--lang", "es");
    expect(es.status).toBe(0);
    expect(es.stdout).toContain("Puntuación de control global: ");
    expect(es.stdout).toContain("respondida ");
    // Bands, levels and the recommendation in words, not codes.
    const esFull = run(SME, `${EXAMPLE}/answers.json`, "--context", `${EXAMPLE}/context.json`, "--lang", "es");
    expect(esFull.status).toBe(0);
    expect(esFull.stdout).toContain("Riesgo residual: alto");
    expect(esFull.stdout).toContain("1. matriz: riesgo inherente muy alto × control adecuado = alto");
    expect(esFull.stdout).toContain("Recomendación: debida diligencia reforzada (válida 12 meses)");
    expect(esFull.stdout).not.toMatch(/\b(adequate|enhanced-due-diligence)\b/);
  });

  it("--evidence accepted credits every question that expects evidence; pending credits none", () => {
    const accepted = JSON.parse(run(SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01", "--evidence", "accepted", "--json").stdout);
    const pending = JSON.parse(run(SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01", "--evidence", "pending", "--json").stdout);
    const earned = (r: { sections: { questions: { id: string; earned: number }[] }[] }, id: string) => r.sections.flatMap((s) => s.questions).find((q) => q.id === id)?.earned;
    expect(earned(accepted, "gov.policy")).toBe(2);
    expect(earned(pending, "gov.policy")).toBe(1);
    expect(earned(accepted, "rec.written-contract")).toBe(4);
    expect(earned(pending, "rec.written-contract")).toBe(2);
    expect(accepted.overall.score).toBeGreaterThan(pending.overall.score);
  });

  it.each([
    ["no files", [], "expected two files"],
    ["a missing file", ["nope.json", `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01"], "cannot read the questionnaire file nope.json"],
    ["a bad country", [SME, `${EXAMPLE}/answers.json`, "--country", "XX", "--sector", "01"], '"XX" is not an ISO 3166-1 alpha-2 country code'],
    ["a bad sector", [SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "1"], "is not an ISIC Rev. 4 division"],
    ["no country", [SME, `${EXAMPLE}/answers.json`, "--sector", "01"], "--country is required"],
    ["a bad --evidence", [SME, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01", "--evidence", "maybe"], '--evidence must be "accepted" or "pending"'],
    ["an unknown option", [SME, `${EXAMPLE}/answers.json`, "--colour", "red"], "unknown option --colour"],
  ])("refuses %s with exit code 2", (_name, args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it("refuses an invalid questionnaire or invalid answers with exit code 2, naming the problems", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "score-cli-"));
    const badQuestionnaire = path.join(dir, "q.json");
    writeFileSync(badQuestionnaire, JSON.stringify({ key: "x", version: 0 }));
    const q = run(badQuestionnaire, `${EXAMPLE}/answers.json`, "--country", "MX", "--sector", "01");
    expect(q.status).toBe(2);
    expect(q.stderr).toContain("the questionnaire is invalid");
    const badAnswers = path.join(dir, "a.json");
    writeFileSync(badAnswers, JSON.stringify({ "gov.policy": { value: "perhaps" }, "gov.nope": { value: "yes" } }));
    const a = run(SME, badAnswers, "--country", "MX", "--sector", "01");
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('gov.policy: "perhaps" is not an option of this question');
    expect(a.stderr).toContain('gov.nope: There is no question "gov.nope" in this questionnaire.');
    const notJson = path.join(dir, "n.json");
    writeFileSync(notJson, "{");
    const n = run(SME, notJson, "--country", "MX", "--sector", "01");
    expect(n.status).toBe(2);
    expect(n.stderr).toContain("is not valid JSON");
  });
});

describe("score CLI: engine-2 context files", () => {
  it("reads evidenceReviews from --context and credits only documents accepted for the question", () => {
    const pathMod = path;
    const dir = mkdtempSync(pathMod.join(tmpdir(), "score-v2-"));
    const answers = pathMod.join(dir, "answers.json");
    writeFileSync(answers, JSON.stringify({ "supply.check": { value: "good", evidence: ["d1"] } }));
    const context = (reviews: unknown) => {
      const file = pathMod.join(dir, `context-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ country: "CA", sector: "64", documents: { d1: "accepted" }, evidenceReviews: reviews }));
      return file;
    };
    const run = (reviews: unknown) => JSON.parse(runCli(["tests/fixtures/scoring/synthetic-v2.json", answers, "--context", context(reviews), "--json"]).stdout) as { sections: { questions: { id: string; earned: number }[] }[] };
    const earned = (r: ReturnType<typeof run>) => r.sections.flatMap((s) => s.questions).find((q) => q.id === "supply.check")?.earned;
    expect(earned(run({ "supply.check": { d1: "accepted" } }))).toBe(2);
    expect(earned(run({ "a.fees": { d1: "accepted" } }))).toBe(1);
    const bad = runCli(["tests/fixtures/scoring/synthetic-v2.json", answers, "--context", context({ "supply.check": { d1: "yes" } })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("evidenceReviews.supply.check.d1");
  });
});
