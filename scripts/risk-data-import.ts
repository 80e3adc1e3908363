// `npm run risk-data:import -- [source-dir] [--version YYYY-MM-DD]`: reads the publishers' data
// the team maintains (reference/risk-sources/*.csv, formats in app/domain/risk/import.ts),
// validates every row with zod and writes the versioned JSON the model loads
// (app/domain/risk/data/countries.json and goods.json; sectors.json gets the same dataVersion).
// The version defaults to reference/risk-sources/dataset-version.txt. A bad row exits 1 with
// "file, line N, field F: message" and writes nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SectorsFileSchema, parseRiskFile } from "../app/domain/risk/data-schema";
import { RISK_SOURCE_FILES, RiskImportError, importRiskData, type RiskSourceTexts } from "../app/domain/risk/import";

const args = process.argv.slice(2);
const versionAt = args.indexOf("--version");
const explicitVersion = versionAt >= 0 ? args[versionAt + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith("--") && (versionAt < 0 || i !== versionAt + 1));
const sourceDir = resolve(positional[0] ?? "reference/risk-sources");
const outDir = resolve("app/domain/risk/data");

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const version = (explicitVersion ?? readFileSync(join(sourceDir, "dataset-version.txt"), "utf8")).trim();
if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) fail(`risk-data:import: the data set version must be YYYY-MM-DD, got "${version}"`);

const texts = Object.fromEntries(
  RISK_SOURCE_FILES.map((f) => {
    try {
      return [f, readFileSync(join(sourceDir, f), "utf8")];
    } catch {
      fail(`risk-data:import: missing source file ${join(sourceDir, f)}`);
    }
  }),
) as unknown as RiskSourceTexts;

try {
  const { countries, goods } = importRiskData(texts, version);
  const sectorsPath = join(outDir, "sectors.json");
  const sectors = parseRiskFile(SectorsFileSchema, JSON.parse(readFileSync(sectorsPath, "utf8")), sectorsPath);
  writeFileSync(join(outDir, "countries.json"), `${JSON.stringify(countries, null, 2)}\n`);
  writeFileSync(join(outDir, "goods.json"), `${JSON.stringify(goods, null, 2)}\n`);
  writeFileSync(sectorsPath, `${JSON.stringify({ ...sectors, dataVersion: version }, null, 2)}\n`);
  const verified = countries.entries.filter((c) => c.tip.verified).length;
  process.stdout.write(
    `risk data ${version}: ${countries.entries.length} countries (${verified} with a verified TIP ${countries.entries[0]?.tip.year} placement), ` +
      `${goods.entries.length} goods rows, ${sectors.entries.length} sectors written to ${outDir}\n`,
  );
} catch (error) {
  if (error instanceof RiskImportError || error instanceof Error) fail(error.message);
  throw error;
}
