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
import { inherentRisk, type InherentRisk } from "~/domain/risk/inherent-risk";
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
// Read back from JSON, as a stored result's is. Keeping 20,000 objects straight from inherentRisk()
// alive taught V8 to allocate that function's objects in the old generation from then on
// (pretenuring), which made every later scoring pay for old-generation garbage: a bench artefact
// worth a quarter of the first line.
const inherents = contexts.map((c) => JSON.parse(JSON.stringify(inherentRisk(c))) as InherentRisk);

type Mode = { label: string; run: () => void };
const modes: Mode[] = [
  { label: "score() including inherent risk: ", run: () => runAll(n, false) },
  { label: "with inherent risk precomputed:  ", run: () => runAll(n, true) },
  { label: "every context new, 3 sourcing:   ", run: () => runAll(n, false, fresh) },
  { label: "reference, JSON.stringify of the same answer sets:", run: () => serialiseAll() },
];

/** A machine-speed reference: serialising the same answer sets. */
function serialiseAll(): void {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += JSON.stringify(answerSets[i]).length;
  if (bytes === 0) throw new Error("no answer sets serialised");
}

/**
 * Rates per second of CPU time used by this process (user + system: V8's collector threads
 * included, so it errs low), with the wall-clock rate beside it. The modes take turns, round
 * after round, so a slow spell of this shared machine or a late collection of the set-up's
 * garbage lands on all of them alike, and each prints its median round.
 */
function measureAll(rounds: number): Array<{ cpu: number; wall: number }> {
  const cpuRates: number[][] = modes.map(() => []);
  const wallRates: number[][] = modes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    modes.forEach((mode, m) => {
      const cpu0 = process.cpuUsage();
      const wall0 = process.hrtime.bigint();
      mode.run();
      const cpu = process.cpuUsage(cpu0);
      const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
      cpuRates[m]?.push(n / ((cpu.user + cpu.system) / 1e6));
      wallRates[m]?.push(n / wall);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return modes.map((_, m) => ({ cpu: median(cpuRates[m] ?? []), wall: median(wallRates[m] ?? []) }));
}

// Warm-up: let V8 optimise the engine before anything is timed.
for (const mode of modes) mode.run();
const ROUNDS = 7;
const rates = measureAll(ROUNDS);
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`scoring: ${questionnaire.key} v${questionnaire.version} (${questions} questions), ${fmt(n)} generated full answer sets, median of ${ROUNDS} interleaved rounds, one core`);
modes.forEach((mode, m) => {
  const r = rates[m] ?? { cpu: 0, wall: 0 };
  console.log(`  ${mode.label} ${fmt(r.cpu)}/s of CPU time (${fmt(r.wall)}/s wall clock)${m === modes.length - 1 ? " (how fast and how loaded the machine is)" : ""}`);
});
const worst = Math.min(rates[0]?.cpu ?? 0, rates[2]?.cpu ?? 0);
console.log(`  target ≥ ${fmt(TARGET)}/s (the slower of the first and third lines): ${worst >= TARGET ? "met" : "NOT met"} [checksum ${sink.toFixed(1)}]`);
