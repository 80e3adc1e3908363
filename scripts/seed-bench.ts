// Benchmark data: `DATABASE_URL=file:./.tmp/bench.db npx tsx scripts/seed-bench.ts [clients]`
// migrates the database if needed and writes one institution ("Bench Bank") with 10 RMs, an
// approver, an auditor and an admin, 20,000 clients and three assessments per client (60,000): two
// decided ones with a submitted answer set, a real scored result (from the worked examples in
// tests/fixtures/scoring) and an approved or superseded decision, and a third in any state, with
// conditions on a third of the approvals. Each client's residual risk and gate are what the
// scoring and gate rules give for those rows. One transaction, prepared statements, a seeded PRNG
// (the same data every run). Prints the user ids the benchmark signs in as.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase, type SqliteDatabase } from "../db/open";
import { migrate } from "../db/migrate";
import { computeGate, type GateInput } from "../app/domain/gate";
import { score, type ScoreResult } from "../app/domain/scoring/score";
import { latestPublished } from "../app/services/questionnaires.server";
import { searchKey } from "../app/domain/search-key";

export const BENCH_INSTITUTION = "inst_bench";
export const BENCH_RM = "usr_bench_rm_0";

const COUNTRIES = ["MX", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "PE", "EC", "BR", "AR", "CL", "US", "CA", "DO", "BO", "PY", "UY", "VE"];
const SECTORS = ["01", "03", "07", "10", "13", "14", "15", "16", "22", "25", "41", "46", "47", "49", "55", "56", "64", "81"];
const STATUSES = ["sent", "in-progress", "submitted", "under-review", "returned", "expired", "withdrawn", "decided"] as const;
const WORDS = ["Andes", "Sol", "Maya", "Pacífico", "Norte", "Azteca", "Caribe", "Plata", "Cóndor", "Jaguar", "Ceiba", "Volcán", "Laguna", "Sierra", "Río", "Cafetal", "Textil", "Minera", "Agrícola", "Pesquera"];
const KINDS = ["S.A.", "S.A. de C.V.", "Ltda.", "Inc.", "S.R.L.", "Cooperativa", "Group", "SAS"];

/** mulberry32: a small seeded PRNG, so every run writes the same portfolio. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

type Sample = { key: string; version: number; sha256: string; answers: Record<string, unknown>; result: ScoreResult; json: string };

function sampleResults(): Sample[] {
  const dir = path.resolve(process.cwd(), "tests/fixtures/scoring");
  const samples: Sample[] = [];
  for (const key of ["anti-trafficking", "anti-trafficking-sme"]) {
    const loaded = latestPublished(key);
    if (!loaded) throw new Error(`No published ${key}`);
    for (const name of fs.readdirSync(dir).sort()) {
      const answersFile = path.join(dir, name, "answers.json");
      if (!fs.existsSync(answersFile)) continue;
      const answers = JSON.parse(fs.readFileSync(answersFile, "utf8")) as Record<string, unknown>;
      const context = JSON.parse(fs.readFileSync(path.join(dir, name, "context.json"), "utf8"));
      const result = score(loaded.questionnaire, answers as never, context, { sha256: loaded.sha256 });
      samples.push({ key, version: loaded.version, sha256: loaded.sha256, answers, result, json: JSON.stringify(result) });
    }
  }
  return samples;
}

export function seedBench(sqlite: SqliteDatabase, opts: { clients?: number; now?: Date } = {}) {
  const clientCount = opts.clients ?? 20_000;
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const random = prng(20261126);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const samples = sampleResults();

  const ins = {
    institution: sqlite.prepare("INSERT INTO institutions (id, name, slug, default_language, created_at) VALUES (?, ?, ?, 'en', ?)"),
    user: sqlite.prepare("INSERT INTO users (id, email, name, password_hash, is_active, language, failed_login_count, created_at, updated_at) VALUES (?, ?, ?, NULL, 1, 'en', 0, ?, ?)"),
    membership: sqlite.prepare("INSERT INTO memberships (id, institution_id, user_id, role, created_at) VALUES (?, ?, ?, ?, ?)"),
    client: sqlite.prepare(
      "INSERT INTO clients (id, institution_id, name, name_search, country, sector, registration_number, registration_search, contact_name, contact_email, sourcing_countries, goods, rm_user_id, inherent_risk, residual_risk, gate, gate_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    assessment: sqlite.prepare(
      "INSERT INTO assessments (id, institution_id, client_id, questionnaire_key, questionnaire_version, questionnaire_sha256, status, language, due_date, expires_at, sent_by, sent_at, started_at, submitted_at, previous_assessment_id, signatory, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?)",
    ),
    answerSet: sqlite.prepare("INSERT INTO answer_sets (id, institution_id, assessment_id, answers, signatory, attestation_text, questionnaire_sha256, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)"),
    result: sqlite.prepare(
      "INSERT INTO results (id, institution_id, assessment_id, answer_set_id, result, engine_version, overall_score_tenths, band, residual_risk, recommendation, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submission', ?)",
    ),
    decision: sqlite.prepare(
      "INSERT INTO decisions (id, institution_id, client_id, assessment_id, result_id, outcome, recommendation, residual_risk, rationale, justification, status, proposed_by, proposed_at, reviewed_by, reviewed_at, review_comment, valid_from, valid_until, validity_months, superseded_by, policy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
    ),
    supersede: sqlite.prepare("UPDATE decisions SET status = 'superseded', superseded_by = ? WHERE id = ?"),
    condition: sqlite.prepare("INSERT INTO conditions (id, institution_id, decision_id, client_id, question_id, text, due_date, status) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)"),
  };

  const inst = BENCH_INSTITUTION;
  const signatory = JSON.stringify({ name: "Bench Signatory", title: "Director", email: "signatory@bench.example" });
  const policy = JSON.stringify(samples[0]!.result.policy);
  let assessments = 0;
  let resultsWritten = 0;
  let conditionsWritten = 0;

  sqlite.transaction(() => {
    ins.institution.run(inst, "Bench Bank", "bench-bank", nowIso);
    const users: Array<[string, string, string]> = [
      ["usr_bench_admin", "admin", "Bench Admin"],
      ["usr_bench_approver", "approver", "Bench Approver"],
      ["usr_bench_auditor", "auditor", "Bench Auditor"],
      ...Array.from({ length: 10 }, (_, i) => [`usr_bench_rm_${i}`, "rm", `Bench RM ${i}`] as [string, string, string]),
    ];
    for (const [id, role, name] of users) {
      ins.user.run(id, `${id}@bench.example`, name, nowIso, nowIso);
      ins.membership.run(`${id}_${role}`, inst, id, role, nowIso);
    }
    const rms = users.filter((u) => u[1] === "rm").map((u) => u[0]);

    for (let c = 0; c < clientCount; c++) {
      const clientId = `cli_bench_${String(c).padStart(6, "0")}`;
      const rm = pick(rms);
      const gateInput: GateInput = { now: nowIso, decisions: [], conditions: [], attestations: [], assessments: [] };
      let latestSample: Sample | null = null;
      let previousAssessment: string | null = null;
      const rows: Array<() => void> = [];
      for (let k = 0; k < 3; k++) {
        const assessmentId = `asm_bench_${String(c).padStart(6, "0")}_${k}`;
        const sample = pick(samples);
        const sentAt = addDays(now, -720 + k * 300 + Math.floor(random() * 60));
        const isLast = k === 2;
        const status = isLast ? pick(STATUSES) : "decided";
        const dueDate = addDays(sentAt, 30 + Math.floor(random() * (isLast ? 340 : 30))).toISOString().slice(0, 10);
        const answered = status === "submitted" || status === "under-review" || status === "decided";
        const submittedAt = answered ? addDays(sentAt, 10).toISOString() : null;
        assessments += 1;
        gateInput.assessments = [...gateInput.assessments, { id: assessmentId, status, sentAt: sentAt.toISOString() }];
        const prev = previousAssessment;
        rows.push(() =>
          ins.assessment.run(assessmentId, inst, clientId, sample.key, sample.version, sample.sha256, status, random() < 0.5 ? "es" : "en", dueDate, `${dueDate}T23:59:59.000Z`, rm, sentAt.toISOString(), submittedAt, prev, submittedAt ?? sentAt.toISOString()),
        );
        previousAssessment = assessmentId;
        if (!answered) continue;
        const answerSetId = `ans_${assessmentId}`;
        const resultId = `res_${assessmentId}`;
        const r = sample.result;
        latestSample = sample;
        resultsWritten += 1;
        rows.push(() => {
          ins.answerSet.run(answerSetId, inst, assessmentId, JSON.stringify(sample.answers), signatory, "I attest that these answers are true.", sample.sha256, submittedAt);
          ins.result.run(resultId, inst, assessmentId, answerSetId, sample.json, r.engineVersion, r.overall.score === null ? null : Math.round(r.overall.score * 10), r.overall.band, r.residualRisk, r.recommendation, submittedAt);
        });
        if (status !== "decided") continue;
        const decisionId = `dec_${assessmentId}`;
        const reviewedAt = addDays(new Date(submittedAt!), 5);
        const months = r.validityMonths || 12;
        const validUntil = addDays(reviewedAt, months * 30 - Math.floor(random() * 200)).toISOString().slice(0, 10);
        const outcome = r.recommendation;
        const superseded = gateInput.decisions.at(-1)?.id ?? null;
        // The earlier approved decision is superseded by this one.
        gateInput.decisions = [
          ...gateInput.decisions.map((d) => ({ ...d, status: "superseded" as const })),
          { id: decisionId, status: "approved", outcome, reviewedAt: reviewedAt.toISOString(), validUntil },
        ];
        const withConditions = outcome === "approve-with-conditions" || random() < 0.15;
        rows.push(() => {
          if (superseded) ins.supersede.run(decisionId, superseded);
          ins.decision.run(decisionId, inst, clientId, assessmentId, resultId, outcome, r.recommendation, r.residualRisk, "Bench rationale", "approved", rm, addDays(reviewedAt, -2).toISOString(), "usr_bench_approver", reviewedAt.toISOString(), reviewedAt.toISOString().slice(0, 10), validUntil, months, null, policy);
        });
        if (withConditions) {
          const n = 1 + Math.floor(random() * 3);
          for (let j = 0; j < n; j++) {
            const conditionId = `cond_${assessmentId}_${j}`;
            const due = addDays(reviewedAt, 30 + Math.floor(random() * 400)).toISOString().slice(0, 10);
            const met = random() < 0.4;
            gateInput.conditions = [...gateInput.conditions, { id: conditionId, decisionId, text: "Remediate recruitment fees", dueDate: due, status: met ? "met" : "open" }];
            conditionsWritten += 1;
            rows.push(() => ins.condition.run(conditionId, inst, decisionId, clientId, "Remediate recruitment fees and show receipts", due, met ? "met" : "open"));
          }
        }
      }
      const gate = computeGate(gateInput);
      const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(KINDS)} ${c}`;
      ins.client.run(
        clientId,
        inst,
        name,
        searchKey(name),
        pick(COUNTRIES),
        pick(SECTORS),
        `RN-${c}`,
        searchKey(`RN-${c}`),
        "Bench Contact",
        `contact${c}@client.example`,
        "[]",
        "[]",
        rm,
        latestSample?.result.inherentRisk.level ?? pick(["low", "medium", "high", "very-high"]),
        latestSample?.result.residualRisk ?? null,
        gate.gate,
        gate.reasonCode,
        addDays(now, -800).toISOString(),
        addDays(now, -Math.floor(random() * 700)).toISOString(),
      );
      for (const row of rows) row();
    }
  })();
  return { institutionId: inst, clients: clientCount, assessments, results: resultsWritten, conditions: conditionsWritten };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write("Set DATABASE_URL to the benchmark database, e.g. DATABASE_URL=file:./.tmp/bench.db\n");
    process.exit(1);
  }
  const clients = Number(process.argv[2] ?? 20_000);
  const sqlite = openDatabase(url);
  migrate(sqlite);
  const started = performance.now();
  // A throw-away database written in one go: no rollback journal and no fsync while seeding (a
  // crash just means seeding again), and a page cache big enough for the indexes. Without this
  // the 1 GB transaction spends most of its time spilling WAL pages (minutes instead of ~15 s).
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -1000000");
  const counts = seedBench(sqlite, { clients });
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  process.stdout.write(`seeded ${counts.clients} clients, ${counts.assessments} assessments, ${counts.results} results, ${counts.conditions} conditions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`sign in as ${BENCH_RM} (rm) of ${BENCH_INSTITUTION}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
