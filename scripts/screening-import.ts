// `npm run screening:import -- <file> --list <kind> [--name N] [--source-url U] [--retrieved YYYY-MM-DD]
//  [--sample] [--institution ID]` loads (or refreshes) a screening list from its publisher's file
// (formats in app/domain/screening/lists.ts: uflpa, cbp-wro, br-lista-suja, ftm) into every
// institution, or the one named, and rescreens each portfolio in the same transaction.
// `npm run screening:import -- --fixtures` loads the sample lists of reference/screening/fixtures
// (fictional names, marked as sample data in the UI). A bad row exits 1 naming file, line and
// field, and nothing is written.
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseEnv } from "../app/env.server";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
function fail(message: string, code = 1): never {
  process.stderr.write(`screening:import: ${message}\n`);
  process.exit(code);
}
try {
  parseEnv(process.env);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
}
const { LIST_DEFAULTS, LIST_KINDS, ListImportError } = await import("../app/domain/screening/lists");
const { importScreeningList, importTargets } = await import("../app/services/screening.server");
const { DomainError } = await import("../app/domain/errors");
const { closeDb } = await import("../app/db.server");

type Job = { file: string; kind: (typeof LIST_KINDS)[number]; name: string; sourceUrl: string; retrievedDate: string; isSample: boolean };
const jobs: Job[] = [];
const fixtures = args.includes("--fixtures");
if (!fixtures) {
  const valued = new Set(["--list", "--name", "--source-url", "--retrieved", "--institution"]);
  const file = args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
  const kind = option("list");
  if (!file) fail("give the list file: npm run screening:import -- <file> --list <kind>", 2);
  if (!kind || !(LIST_KINDS as readonly string[]).includes(kind)) fail(`--list must be one of ${LIST_KINDS.join(", ")}`, 2);
  const k = kind as Job["kind"];
  const sourceUrl = option("source-url") ?? LIST_DEFAULTS[k].sourceUrl;
  if (!sourceUrl) fail(`--source-url is required for --list ${k} (the page the list was published on)`, 2);
  jobs.push({ file: resolve(file), kind: k, name: option("name") ?? LIST_DEFAULTS[k].name, sourceUrl, retrievedDate: option("retrieved") ?? new Date().toISOString().slice(0, 10), isSample: args.includes("--sample") });
}

try {
  if (fixtures) {
    const { loadSampleLists } = await import("./screening-samples");
    await loadSampleLists(option("institution"), (line) => process.stdout.write(line));
  }
  const targets = jobs.length > 0 ? await importTargets(option("institution")) : [];
  if (jobs.length > 0 && targets.length === 0) fail("the database has no institution yet (run npm run seed first)");
  for (const job of jobs) {
    const text = readFileSync(job.file, "utf8");
    for (const institutionId of targets) {
      const out = await importScreeningList({ institutionId, userId: null }, { kind: job.kind, name: job.name, sourceUrl: job.sourceUrl, retrievedDate: job.retrievedDate, isSample: job.isSample }, { name: basename(job.file), text }, new Date());
      process.stdout.write(
        `${job.name} (${job.kind}, retrieved ${job.retrievedDate}${job.isSample ? ", sample" : ""}) → institution ${institutionId}: ${out.entryCount} entries` +
          `${out.skipped ? ` (${out.skipped} rows not listed)` : ""}; rescreened ${out.rescreen.subjects} names, ${out.rescreen.newHits} new potential match(es), ${out.rescreen.clearedHits} no longer found\n`,
      );
    }
  }
} catch (error) {
  if (error instanceof ListImportError) fail(error.message);
  if (error instanceof DomainError) fail(`${error.message}${error.details.length ? `: ${error.details.map((d) => `${d.path} ${d.message}`).join(", ")}` : ""}`);
  throw error;
} finally {
  await closeDb();
}
