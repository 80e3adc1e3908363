// `npm run risk-data:check`: prints per data set its version, counts and unverified entries, and
// exits 1 when a country in the demo seed (scripts/seed-data.ts, seed-demo-bank.ts,
// seed-stages.ts), in tests/fixtures, or among the top sourcing origins
// (reference/risk-sources/sourcing-origins.csv) lacks a verified TIP placement (ADR 004).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkRiskData, countriesInSource, formatRiskDataCheck } from "../app/domain/risk/check";
import { parseCsv } from "../app/domain/risk/import";
import { RISK_DATA } from "../app/domain/risk/risk-data";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(json|ts)$/.test(name) ? [path] : [];
  });
}

const demo = ["scripts/seed-data.ts", "scripts/seed-demo-bank.ts", "scripts/seed-stages.ts"].flatMap((f) => countriesInSource(readFileSync(f, "utf8")));
const fixtures = filesUnder("tests/fixtures").flatMap((f) => countriesInSource(readFileSync(f, "utf8")));
const origins = parseCsv(readFileSync("reference/risk-sources/sourcing-origins.csv", "utf8"), "sourcing-origins.csv").map((r) => r.values.iso2 ?? "");

const check = checkRiskData(RISK_DATA, {
  demo: [...new Set(demo)],
  "test fixtures": [...new Set(fixtures)],
  [`top ${origins.length} sourcing origins`]: origins,
});
process.stdout.write(formatRiskDataCheck(check));
process.exit(check.ok ? 0 : 1);
