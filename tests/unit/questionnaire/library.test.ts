import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { questionnaireHash } from "~/domain/questionnaire/canonical";
import {
  addMissingLockEntries,
  assertQuestionnairesValid,
  getQuestionnaire,
  latestPublished,
  listQuestionnaires,
  loadQuestionnaireLibrary,
} from "~/services/questionnaires.server";

import { FIXTURE_LIBRARY_DIR, copyFixtureLibrary, readDemoRaw, type DemoRaw } from "../../fixtures/questionnaires/demo-fixture";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

function tempLibrary(): string {
  const dir = copyFixtureLibrary();
  temps.push(dir);
  return dir;
}

function writeJson(file: string, value: unknown, indent = 2) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, indent)}\n`);
}

function rules(dir: string) {
  return loadQuestionnaireLibrary(dir, { reload: true }).problems.map((p) => [p.file, p.rule]);
}

describe("the questionnaire library", () => {
  it("loads the fixture library with no problems, each file hashed as its lock entry says", () => {
    const library = loadQuestionnaireLibrary(FIXTURE_LIBRARY_DIR, { reload: true });
    expect(library.problems).toEqual([]);
    expect(library.questionnaires.map((q) => [q.key, q.version, q.status, q.filePath])).toEqual([
      ["demo", 1, "published", "questionnaires/demo/1.json"],
      ["demo", 2, "published", "questionnaires/demo/2.json"],
    ]);
    const lock = JSON.parse(fs.readFileSync(path.join(FIXTURE_LIBRARY_DIR, "lock.json"), "utf8")) as Record<string, string>;
    expect(library.questionnaires.map((q) => q.sha256)).toEqual([lock["demo/1"], lock["demo/2"]]);
    expect(library.questionnaires[0]?.sha256).toBe(questionnaireHash(readDemoRaw(1)));
    expect(library.questionnaires.map((q) => q.fileSha256)).toEqual(library.questionnaires.map((q) => q.sha256));
    expect(library.validated.map((q) => q.lockState)).toEqual(["ok", "ok"]);
  });

  it("answers lookups by key and version, and the latest published version", () => {
    expect(getQuestionnaire("demo", 1, FIXTURE_LIBRARY_DIR)?.questionnaire.sections).toHaveLength(2);
    expect(getQuestionnaire("demo", 3, FIXTURE_LIBRARY_DIR)).toBeUndefined();
    expect(getQuestionnaire("nope", 1, FIXTURE_LIBRARY_DIR)).toBeUndefined();
    expect(latestPublished("demo", FIXTURE_LIBRARY_DIR)?.version).toBe(2);
    expect(latestPublished("nope", FIXTURE_LIBRARY_DIR)).toBeUndefined();
    expect(listQuestionnaires(FIXTURE_LIBRARY_DIR).map((q) => `${q.key}/${q.version}`)).toEqual(["demo/1", "demo/2"]);
  });

  it("caches a library until asked to reload it", () => {
    const dir = tempLibrary();
    const first = loadQuestionnaireLibrary(dir);
    expect(loadQuestionnaireLibrary(dir)).toBe(first);
    fs.rmSync(path.join(dir, "demo", "2.json"));
    expect(loadQuestionnaireLibrary(dir).questionnaires).toHaveLength(2);
    expect(loadQuestionnaireLibrary(dir, { reload: true }).questionnaires).toHaveLength(1);
  });

  it("refuses an edited published file: lock-mismatch", () => {
    const dir = tempLibrary();
    const raw = readDemoRaw(1);
    raw.sections[0]!.weight = 45;
    writeJson(path.join(dir, "demo", "1.json"), raw);
    const library = loadQuestionnaireLibrary(dir, { reload: true });
    expect(library.problems).toHaveLength(1);
    expect(library.problems[0]).toMatchObject({ file: "questionnaires/demo/1.json", rule: "lock-mismatch" });
    expect(library.problems[0]?.message).toContain("published files are immutable, publish a new version");
    // The edited file is not served, the untouched one still is.
    expect(library.questionnaires.map((q) => q.version)).toEqual([2]);
    expect(() => assertQuestionnairesValid(dir)).toThrow(/questionnaires\/demo\/1\.json: lock-mismatch/);
  });

  it("accepts a published file that is only reformatted or has its keys reordered", () => {
    const dir = tempLibrary();
    const raw = readDemoRaw(1);
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    writeJson(path.join(dir, "demo", "1.json"), reordered, 7);
    expect(rules(dir)).toEqual([]);
  });

  it("refuses a published file without a lock entry (lock-missing) and --write-lock adds only that entry", () => {
    const dir = tempLibrary();
    const v3: DemoRaw = { ...readDemoRaw(2), version: 3 };
    writeJson(path.join(dir, "demo", "3.json"), v3);
    const edited = readDemoRaw(1);
    edited.status = "retired";
    edited.sections[0]!.weight = 41;
    writeJson(path.join(dir, "demo", "1.json"), edited);
    expect(rules(dir)).toEqual([
      ["questionnaires/demo/1.json", "lock-mismatch"],
      ["questionnaires/demo/3.json", "lock-missing"],
    ]);

    const lockBefore = JSON.parse(fs.readFileSync(path.join(dir, "lock.json"), "utf8")) as Record<string, string>;
    expect(addMissingLockEntries(dir)).toEqual(["demo/3"]);
    const lockAfter = JSON.parse(fs.readFileSync(path.join(dir, "lock.json"), "utf8")) as Record<string, string>;
    expect(lockAfter).toEqual({ ...lockBefore, "demo/3": questionnaireHash(v3) });
    // The mismatch stays: --write-lock never rewrites an existing entry.
    expect(rules(dir)).toEqual([["questionnaires/demo/1.json", "lock-mismatch"]]);
    expect(addMissingLockEntries(dir)).toEqual([]);
  });

  it("needs no lock entry for a draft, and accepts retiring a published version", () => {
    const dir = tempLibrary();
    writeJson(path.join(dir, "demo", "3.json"), { ...readDemoRaw(2), version: 3, status: "draft" });
    const retired = readDemoRaw(1);
    retired.status = "retired";
    writeJson(path.join(dir, "demo", "1.json"), retired);
    const library = loadQuestionnaireLibrary(dir, { reload: true });
    expect(library.problems).toEqual([]);
    expect(library.validated.map((q) => [q.version, q.status, q.lockState])).toEqual([
      [1, "retired", "ok"],
      [2, "published", "ok"],
      [3, "draft", "none"],
    ]);
    expect(addMissingLockEntries(dir)).toEqual([]);
    expect(latestPublished("demo", dir)?.version).toBe(2);
    // Assessments scored on version 1 cite its published hash; retiring it must not change that.
    const v1 = getQuestionnaire("demo", 1, dir);
    expect(v1?.sha256).toBe(questionnaireHash(readDemoRaw(1)));
    expect(v1?.fileSha256).toBe(questionnaireHash(retired));
  });

  it("refuses deleting a published version: lock-orphan", () => {
    const dir = tempLibrary();
    fs.rmSync(path.join(dir, "demo", "2.json"));
    const problems = loadQuestionnaireLibrary(dir, { reload: true }).problems;
    expect(problems.map((p) => [p.file, p.rule])).toEqual([["questionnaires/lock.json", "lock-orphan"]]);
    expect(problems[0]?.message).toContain('"demo/2"');
  });

  it("refuses a key or version that does not match the path, and misnamed files", () => {
    const dir = tempLibrary();
    writeJson(path.join(dir, "other", "1.json"), readDemoRaw(1));
    writeJson(path.join(dir, "demo", "4.json"), { ...readDemoRaw(2), status: "draft" });
    writeJson(path.join(dir, "demo", "v5.json"), readDemoRaw(1));
    writeJson(path.join(dir, "demo", "05.json"), readDemoRaw(1));
    writeJson(path.join(dir, "stray.json"), readDemoRaw(1));
    expect(rules(dir)).toEqual([
      ["questionnaires/stray.json", "file-name"],
      ["questionnaires/demo/05.json", "file-name"],
      ["questionnaires/demo/v5.json", "file-name"],
      ["questionnaires/demo/4.json", "path-mismatch"],
      ["questionnaires/other/1.json", "path-mismatch"],
      ["questionnaires/other/1.json", "lock-missing"],
    ]);
  });

  it("reports broken JSON, an invalid file and a malformed lock file, each by file", () => {
    const dir = tempLibrary();
    fs.writeFileSync(path.join(dir, "demo", "3.json"), "{ not json");
    const invalid = readDemoRaw(2);
    invalid.version = 4;
    invalid.status = "draft";
    invalid.sections[0]!.weight = 0;
    writeJson(path.join(dir, "demo", "4.json"), invalid);
    expect(rules(dir)).toEqual([
      ["questionnaires/demo/3.json", "json-parse"],
      ["questionnaires/demo/4.json", "weight-positive"],
    ]);
    writeJson(path.join(dir, "lock.json"), { "demo/1": "not-a-hash" });
    expect(rules(dir)).toContainEqual(["questionnaires/lock.json", "lock-format"]);
  });

  it("throws one error that lists every problem, and returns the library when there is none", () => {
    const dir = tempLibrary();
    expect(assertQuestionnairesValid(dir).questionnaires).toHaveLength(2);
    fs.rmSync(path.join(dir, "lock.json"));
    loadQuestionnaireLibrary(dir, { reload: true });
    expect(() => assertQuestionnairesValid(dir)).toThrow(
      "The questionnaire library has 2 problem(s):\n" +
        '  questionnaires/demo/1.json: lock-missing: a published file needs a lock entry "demo/1": run npm run questionnaire:check -- --write-lock\n' +
        '  questionnaires/demo/2.json: lock-missing: a published file needs a lock entry "demo/2": run npm run questionnaire:check -- --write-lock',
    );
  });

  it("is empty, without problems, when there is no questionnaires directory", () => {
    const dir = tempLibrary();
    const missing = path.join(path.dirname(dir), "absent");
    const library = loadQuestionnaireLibrary(missing, { reload: true });
    expect([library.questionnaires, library.problems]).toEqual([[], []]);
  });
});

// The lead makes this strict once lock.json covers the shipped files: until then a published file
// that only lacks its lock entry is tolerated, every other problem fails the test.
const TOLERATED_UNTIL_LOCKED = new Set<string>();

describe("the shipped questionnaires", () => {
  it("every file under questionnaires/ validates", () => {
    const dir = path.join(process.cwd(), "questionnaires");
    const library = loadQuestionnaireLibrary(dir, { reload: true });
    const blocking = library.problems.filter((p) => !TOLERATED_UNTIL_LOCKED.has(p.rule));
    expect(blocking).toEqual([]);
    const files = fs.existsSync(dir)
      ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /^[a-z0-9-]+[/\\][1-9][0-9]*\.json$/.test(f))
      : [];
    expect(library.validated).toHaveLength(files.length);
    for (const loaded of library.validated) {
      expect(loaded.questionnaire.languages).toEqual(expect.arrayContaining(["en", "es"]));
    }
  });
});

describe("npm run questionnaire:check", () => {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [tsx, "scripts/questionnaire-check.ts", ...args], { cwd: process.cwd(), encoding: "utf8" });

  it("prints the table and exits 0 for a valid library", () => {
    const result = run("--dir", FIXTURE_LIBRARY_DIR);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]?.split(/\s{2,}/)).toEqual(["key", "version", "status", "languages", "sections", "questions", "max points", "red flags", "sources", "sha256", "lock"]);
    expect(lines[2]?.split(/\s{2,}/)).toEqual(["demo", "1", "published", "en,es", "2", "10", "62", "7", "2", questionnaireHash(readDemoRaw(1)).slice(0, 12), "ok"]);
    expect(lines).toHaveLength(4);
  });

  it("prints every problem and exits 1; --write-lock fills missing entries", () => {
    const dir = tempLibrary();
    fs.rmSync(path.join(dir, "lock.json"));
    const failing = run("--dir", dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain("questionnaires/demo/1.json: lock-missing: ");
    expect(failing.stdout).toContain("questionnaires/demo/2.json: lock-missing: ");
    const writing = run("--dir", dir, "--write-lock");
    expect(writing.stdout).toContain("lock.json: added demo/1, demo/2");
    expect(writing.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "lock.json"), "utf8")).toBe(fs.readFileSync(path.join(FIXTURE_LIBRARY_DIR, "lock.json"), "utf8"));
  });
});
