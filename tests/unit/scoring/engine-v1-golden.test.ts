// Engine 1 stays byte-identical (issue 16: "v1 results still re-score byte-identically under their
// own engine version"). engine-v1-golden.json holds the SHA-256 of the result JSON that the engine
// at commit c97e18e (before engine 2) produced for every v1 worked example (en and es) and for 40
// seeded random answer sets per v1 form (alternating language; every third with the section-floor
// policy). This file recomputes them with today's code.
//
// Inherent risk is an input of engine 1, not part of it: score() takes it precomputed
// (ScoreOptions.inherentRisk). It is pinned to what c97e18e computed from its risk data (data
// version 2026-11-26), in tests/fixtures/risk-data-2026-11-26/inherent-risk.json, so that this test
// proves engine 1 unchanged whatever the risk data or the inherent-risk rules become (ADR 004
// changed both; the inherent-risk module has its own tests). Pinning the old data files alone is not
// enough: today's inherent-risk code gives other sentences and a reviewFlags field even for them.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { DEFAULT_POLICY, parsePolicyOverride } from "~/domain/policy/policy";
import type { InherentRisk } from "~/domain/risk/inherent-risk";
import { score, type ScoringContext } from "~/domain/scoring/score";
import { answerSetArb, contextArb } from "./arbitraries";
import { SYNTHETIC_PATH, loadQuestionnaire } from "./load-fixture";

const ROOT = "tests/fixtures/scoring";
const golden = JSON.parse(readFileSync(`${ROOT}/engine-v1-golden.json`, "utf8")) as Record<string, string>;
const h = (s: string) => createHash("sha256").update(s).digest("hex");
const pinned = JSON.parse(readFileSync("tests/fixtures/risk-data-2026-11-26/inherent-risk.json", "utf8")) as {
  commit: string;
  dataVersion: string;
  results: Record<string, InherentRisk>;
};

/** The inherent risk c97e18e computed for this context; it depends only on these four inputs. */
function pinnedInherentRisk(ctx: ScoringContext): InherentRisk {
  const key = JSON.stringify([ctx.country, ctx.sector, ctx.sourcingCountries, ctx.goods]);
  const found = pinned.results[key];
  if (found === undefined) throw new Error(`no pinned inherent risk for context ${key}: regenerate it from c97e18e's code`);
  return found;
}

function current(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(ROOT).filter((n) => existsSync(`${ROOT}/${n}/expected.json`) && !n.startsWith("v2-")).sort()) {
    const exp = JSON.parse(readFileSync(`${ROOT}/${name}/expected.json`, "utf8")) as { questionnaire: { key: string; version: number } };
    const file = exp.questionnaire.key === "synthetic-scoring" ? SYNTHETIC_PATH : `questionnaires/${exp.questionnaire.key}/${exp.questionnaire.version}.json`;
    const { questionnaire, sha256 } = loadQuestionnaire(file);
    const answers = JSON.parse(readFileSync(`${ROOT}/${name}/answers.json`, "utf8")) as never;
    const ctx = JSON.parse(readFileSync(`${ROOT}/${name}/context.json`, "utf8")) as ScoringContext;
    for (const lang of ["en", "es"] as const) out[`${name}/${lang}`] = h(JSON.stringify(score(questionnaire, answers, ctx, { sha256, policy: DEFAULT_POLICY, lang, inherentRisk: pinnedInherentRisk(ctx) })));
  }
  const floor = parsePolicyOverride({ sectionFloorRaise: true, version: "floor" });
  if (!floor.ok) throw new Error(floor.error);
  for (const file of [SYNTHETIC_PATH, "questionnaires/anti-trafficking/1.json", "questionnaires/anti-trafficking-sme/1.json"]) {
    const { questionnaire, sha256 } = loadQuestionnaire(file);
    const samples = fc.sample(fc.tuple(answerSetArb(questionnaire), contextArb), { seed: 20261202, numRuns: 40 });
    samples.forEach(([answers, ctx], i) => {
      const lang = i % 2 === 0 ? "en" : "es";
      const policy = i % 3 === 0 ? floor.policy : DEFAULT_POLICY;
      out[`${file}#${i}`] = h(JSON.stringify(score(questionnaire, answers, ctx, { sha256, policy, lang, inherentRisk: pinnedInherentRisk(ctx) })));
    });
  }
  return out;
}

it("scores with the inherent risk of the 2026-11-26 risk data, as c97e18e computed it", () => {
  expect(pinned.commit).toBe("c97e18e");
  expect(new Set(Object.values(pinned.results).map((r) => r.dataVersion))).toEqual(new Set([pinned.dataVersion]));
  expect(pinned.dataVersion).toBe("2026-11-26");
});

it("every engine-1 result is byte-identical to the one engine 1 produced before engine 2", () => {
  expect(Object.keys(golden)).toHaveLength(12 + 3 * 40);
  expect(current()).toEqual(golden);
});
