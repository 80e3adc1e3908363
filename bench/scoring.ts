// Scoring throughput (issue 5, "Performance"): scores generated full answer sets of
// anti-trafficking v1 (or the SME form, or the synthetic test form, when it is absent) on one
// core and prints submissions per second. Target: at least 20,000 per second.
//
//   npx tsx bench/scoring.ts [N]      (default N = 20000)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { DEFAULT_POLICY } from "~/domain/policy/policy";
import { questionnaireHash } from "~/domain/questionnaire/canonical";
import { formatProblem, validateQuestionnaire } from "~/domain/questionnaire/validate";
import { inherentRisk } from "~/domain/risk/inherent-risk";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { answerSetArb, documentsArb, SAMPLE_COUNTRIES } from "../tests/unit/scoring/arbitraries";

const TARGET = 20_000;
const CANDIDATES = [
  "questionnaires/anti-trafficking/1.json",
  "questionnaires/anti-trafficking-sme/1.json",
  "tests/fixtures/scoring/synthetic-questionnaire.json",
];

const file = CANDIDATES.find((f) => existsSync(path.resolve(process.cwd(), f)));
if (file === undefined) throw new Error("no questionnaire to benchmark");
const raw: unknown = JSON.parse(readFileSync(path.resolve(process.cwd(), file), "utf8"));
const loaded = validateQuestionnaire(raw, file);
if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
const questionnaire = loaded.questionnaire;
const sha256 = questionnaireHash(raw);

const n = Number(process.argv[2] ?? 20_000);
const seed = 20261126;
// Round-tripped through JSON, as answers arrive from the API and the database.
const answerSets = fc.sample(answerSetArb(questionnaire, { full: true }), { numRuns: n, seed }).map((a) => JSON.parse(JSON.stringify(a)) as typeof a);
const documents = fc.sample(documentsArb, { numRuns: n, seed: seed + 1 });
const contexts: ScoringContext[] = documents.map((docs, i) => ({
  country: SAMPLE_COUNTRIES[i % SAMPLE_COUNTRIES.length] ?? "MX",
  sector: ["01", "14", "26", "41", "64"][i % 5] ?? "01",
  sourcingCountries: [SAMPLE_COUNTRIES[(i + 3) % SAMPLE_COUNTRIES.length] ?? "GT"],
  goods: i % 2 === 0 ? ["coffee"] : [],
  documents: docs,
}));
const questions = questionnaire.sections.reduce((sum, s) => sum + s.questions.length, 0);

// The same answer sets, each with a context no earlier scoring had (three sourcing countries drawn
// as distinct ordered triples, and goods), so no cache of a whole context could serve it.
const fresh: ScoringContext[] = contexts.map((c, i) => {
  const k = SAMPLE_COUNTRIES.length;
  const pick = (j: number) => SAMPLE_COUNTRIES[j % k] ?? "GT";
  const a = i % k;
  const b = Math.floor(i / k) % k;
  const cIndex = Math.floor(i / (k * k)) % k;
  return { ...c, sourcingCountries: [pick(a), pick(b), pick(cIndex)], goods: [["coffee"], ["sugarcane"], ["cotton", "coffee"], []][Math.floor(i / (k * k * k)) % 4] ?? [] };
});

let sink = 0;
function runAll(count: number, withInherent: boolean, set: readonly ScoringContext[] = contexts): void {
  for (let i = 0; i < count; i++) {
    const answers = answerSets[i % n];
    const context = set[i % n];
    const inherent = inherents[i % n];
    if (answers === undefined || context === undefined) continue;
    const r = score(questionnaire, answers, context, { sha256, policy: DEFAULT_POLICY, inherentRisk: withInherent ? inherent : undefined });
    sink += r.overall.score ?? 0;
  }
}
const inherents = contexts.map((c) => inherentRisk(c));

/**
 * Rate per second of CPU time used by this process (user + system), which is what one core
 * delivers even when other work shares the machine; wall-clock rate printed beside it.
 */
function measure(withInherent: boolean, set: readonly ScoringContext[] = contexts): { cpu: number; wall: number } {
  const rounds = 5;
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    runAll(n, withInherent, set);
    const cpu = process.cpuUsage(cpu0);
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    cpuRates.push(n / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(n / wall);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { cpu: median(cpuRates), wall: median(wallRates) };
}

/** A machine-speed reference: serialising the same answer sets, timed the same way. */
function baseline(): number {
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += JSON.stringify(answerSets[i]).length;
  if (bytes === 0) throw new Error("no answer sets serialised");
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

// Warm-up: let V8 optimise the engine before anything is timed.
runAll(n, false);
runAll(n, true);
const full = measure(false);
const precomputed = measure(true);
runAll(n, false, fresh);
const firstTime = measure(false, fresh);
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`scoring: ${questionnaire.key} v${questionnaire.version} (${questions} questions), ${fmt(n)} generated full answer sets, median of 5 rounds, one core`);
console.log(`  score() including inherent risk:  ${fmt(full.cpu)}/s of CPU time (${fmt(full.wall)}/s wall clock)`);
console.log(`  with inherent risk precomputed:   ${fmt(precomputed.cpu)}/s of CPU time (${fmt(precomputed.wall)}/s wall clock)`);
console.log(`  every context new, 3 sourcing:    ${fmt(firstTime.cpu)}/s of CPU time (${fmt(firstTime.wall)}/s wall clock)`);
const reference = baseline();
console.log(`  reference, JSON.stringify of the same answer sets: ${fmt(reference)}/s of CPU time (how fast and how loaded the machine is)`);
const worst = Math.min(full.cpu, firstTime.cpu);
console.log(`  target ≥ ${fmt(TARGET)}/s (the slower of the first and third lines): ${worst >= TARGET ? "met" : "NOT met"} [checksum ${sink.toFixed(1)}]`);
