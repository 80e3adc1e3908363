// The questionnaire library: every questionnaires/<key>/<version>.json, validated, hashed and
// checked against questionnaires/lock.json, so that a published version can never change under an
// assessment that cites its hash (shared/docs/QUESTIONNAIRES.md; issue 4). The server calls
// assertQuestionnairesValid() at start-up and CI runs `npm run questionnaire:check`.
import fs from "node:fs";
import path from "node:path";

import { z } from "zod";

import { questionnaireHash } from "~/domain/questionnaire/canonical";
import type { Questionnaire, QuestionnaireStatus } from "~/domain/questionnaire/schema";
import { formatProblem, validateQuestionnaire, type QuestionnaireProblem } from "~/domain/questionnaire/validate";

export type LoadedQuestionnaire = {
  key: string;
  version: number;
  status: QuestionnaireStatus;
  /**
   * The version's hash, what assessments store: SHA-256 (hex) of the canonical JSON of the raw
   * file as published. For a retired file that is the hash with status "published", so it stays
   * the hash its assessments cite (and its lock entry); otherwise it equals fileSha256.
   */
  sha256: string;
  /** SHA-256 (hex) of the canonical JSON of the file exactly as it is on disk. */
  fileSha256: string;
  /** Path relative to the library's parent, e.g. "questionnaires/anti-trafficking/1.json". */
  filePath: string;
  questionnaire: Questionnaire;
};

export type QuestionnaireLibrary = {
  /** The questionnaires directory that was read. */
  dir: string;
  /** Files that passed every check, sorted by key, then version. */
  questionnaires: LoadedQuestionnaire[];
  problems: QuestionnaireProblem[];
  /** Lock entries as read ("<key>/<version>" → sha256); empty when lock.json is absent. */
  lock: Record<string, string>;
  /** Every file that passed validation, whatever its lock or path state (for the checker's table). */
  validated: (LoadedQuestionnaire & { lockState: LockState })[];
  /** Published or retired files that validate and only lack a lock entry (for --write-lock). */
  unlocked: { lockKey: string; sha256: string; filePath: string }[];
};

/** "ok": hash matches; "missing": published without entry; "mismatch": edited; "none": draft, no entry. */
export type LockState = "ok" | "missing" | "mismatch" | "none";

export const LOCK_FILE = "lock.json";
const LockSchema = z.record(z.string().regex(/^[a-z0-9-]+\/[1-9][0-9]*$/), z.string().regex(/^[0-9a-f]{64}$/));
const VERSION_FILE = /^([1-9][0-9]*)\.json$/;
const KEY_DIR = /^[a-z0-9-]+$/;

/**
 * The library the app reads: `QUESTIONNAIRES_DIR` (absolute, or relative to the project root) when
 * set, so tests and a staging copy can point at another library, else `questionnaires/`. Read on
 * every call, and the cache is keyed by directory, so changing it never serves another library.
 */
export function defaultQuestionnaireDir(): string {
  const configured = process.env.QUESTIONNAIRES_DIR?.trim();
  return path.resolve(process.cwd(), configured === undefined || configured === "" ? "questionnaires" : configured);
}

const cache = new Map<string, QuestionnaireLibrary>();

/** Reads and checks the library once per directory; `{ reload: true }` reads it again. */
export function loadQuestionnaireLibrary(dir: string = defaultQuestionnaireDir(), options: { reload?: boolean } = {}): QuestionnaireLibrary {
  const resolved = path.resolve(dir);
  const cached = cache.get(resolved);
  if (cached !== undefined && options.reload !== true) return cached;
  const library = readLibrary(resolved);
  cache.set(resolved, library);
  return library;
}

export function clearQuestionnaireCache(): void {
  cache.clear();
}

export function listQuestionnaires(dir?: string): LoadedQuestionnaire[] {
  return loadQuestionnaireLibrary(dir).questionnaires;
}

export function getQuestionnaire(key: string, version: number, dir?: string): LoadedQuestionnaire | undefined {
  return loadQuestionnaireLibrary(dir).questionnaires.find((q) => q.key === key && q.version === version);
}

/** The highest published version of a key (retired and draft versions are never offered). */
export function latestPublished(key: string, dir?: string): LoadedQuestionnaire | undefined {
  const published = loadQuestionnaireLibrary(dir).questionnaires.filter((q) => q.key === key && q.status === "published");
  return published[published.length - 1];
}

/** Throws one Error listing every problem; returns the library when there are none. */
export function assertQuestionnairesValid(dir?: string): QuestionnaireLibrary {
  const library = loadQuestionnaireLibrary(dir);
  if (library.problems.length > 0) {
    const lines = library.problems.map((p) => `  ${formatProblem(p)}`);
    throw new Error(`The questionnaire library has ${library.problems.length} problem(s):\n${lines.join("\n")}`);
  }
  return library;
}

/**
 * Adds a lock entry for every valid published (or retired) file that has none. Never changes or
 * removes an existing entry: a changed published file must become a new version instead.
 * Returns the "<key>/<version>" entries it added.
 */
export function addMissingLockEntries(dir: string = defaultQuestionnaireDir()): string[] {
  const library = loadQuestionnaireLibrary(dir, { reload: true });
  if (library.unlocked.length === 0) return [];
  const lock: Record<string, string> = { ...library.lock };
  for (const entry of library.unlocked) lock[entry.lockKey] = entry.sha256;
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => compareLockKeys(a, b)));
  fs.writeFileSync(path.join(path.resolve(dir), LOCK_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  cache.delete(path.resolve(dir));
  return library.unlocked.map((entry) => entry.lockKey);
}

// ---------------------------------------------------------------------------------------------

function readLibrary(dir: string): QuestionnaireLibrary {
  const problems: QuestionnaireProblem[] = [];
  const questionnaires: LoadedQuestionnaire[] = [];
  const unlocked: QuestionnaireLibrary["unlocked"] = [];
  const validated: QuestionnaireLibrary["validated"] = [];
  const base = path.dirname(dir);
  const display = (absolute: string) => path.relative(base, absolute).split(path.sep).join("/");
  const lockPath = path.join(dir, LOCK_FILE);

  if (!fs.existsSync(dir)) return { dir, questionnaires, problems, lock: {}, validated, unlocked };

  const lock = readLock(lockPath, display(lockPath), problems);
  const seenLockKeys = new Set<string>();

  const keys = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => {
      if (entry.isDirectory()) return true;
      if (entry.name !== LOCK_FILE && entry.name.endsWith(".json")) {
        problems.push({ file: display(path.join(dir, entry.name)), rule: "file-name", message: "questionnaire files live at questionnaires/<key>/<version>.json" });
      }
      return false;
    })
    .map((entry) => entry.name)
    .sort();

  for (const key of keys) {
    const keyDir = path.join(dir, key);
    if (!KEY_DIR.test(key)) {
      problems.push({ file: display(keyDir), rule: "file-name", message: `"${key}" is not a questionnaire key ([a-z0-9-]+)` });
      continue;
    }
    const files: { version: number; name: string }[] = [];
    for (const name of fs.readdirSync(keyDir).sort()) {
      const match = VERSION_FILE.exec(name);
      if (match !== null) files.push({ version: Number(match[1]), name });
      else if (name.endsWith(".json")) {
        problems.push({ file: display(path.join(keyDir, name)), rule: "file-name", message: "expected <version>.json with a positive integer version, e.g. 1.json" });
      }
    }
    files.sort((a, b) => a.version - b.version);

    for (const { version, name } of files) {
      const absolute = path.join(keyDir, name);
      const filePath = display(absolute);
      const lockKey = `${key}/${version}`;
      seenLockKeys.add(lockKey);
      const fileProblems: QuestionnaireProblem[] = [];

      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(absolute, "utf8"));
      } catch (error) {
        problems.push({ file: filePath, rule: "json-parse", message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const result = validateQuestionnaire(raw, filePath);
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const questionnaire = result.questionnaire;
      if (questionnaire.key !== key) {
        fileProblems.push({ file: filePath, rule: "path-mismatch", message: `the file says key "${questionnaire.key}" but lives under "${key}/"` });
      }
      if (questionnaire.version !== version) {
        fileProblems.push({ file: filePath, rule: "path-mismatch", message: `the file says version ${questionnaire.version} but is named ${name}` });
      }

      const fileSha256 = questionnaireHash(raw);
      const sha256 = questionnaire.status === "retired" ? asPublishedHash(raw) : fileSha256;
      const locked = lock[lockKey];
      let lockState: LockState = "none";
      if (locked !== undefined) {
        lockState = "ok";
        if (locked !== sha256) {
          lockState = "mismatch";
          fileProblems.push({
            file: filePath,
            rule: "lock-mismatch",
            message: `published files are immutable, publish a new version (lock ${locked.slice(0, 12)}…, file ${sha256.slice(0, 12)}…)`,
          });
        }
      } else if (questionnaire.status !== "draft") {
        lockState = "missing";
        fileProblems.push({
          file: filePath,
          rule: "lock-missing",
          message: `a ${questionnaire.status} file needs a lock entry "${lockKey}": run npm run questionnaire:check -- --write-lock`,
        });
      }

      problems.push(...fileProblems);
      const loaded: LoadedQuestionnaire = { key, version, status: questionnaire.status, sha256, fileSha256, filePath, questionnaire };
      validated.push({ ...loaded, lockState });
      if (lockState === "missing" && fileProblems.length === 1) unlocked.push({ lockKey, sha256, filePath });
      if (fileProblems.length === 0) questionnaires.push(loaded);
    }
  }

  for (const lockKey of Object.keys(lock).sort(compareLockKeys)) {
    if (!seenLockKeys.has(lockKey)) {
      problems.push({
        file: display(lockPath),
        rule: "lock-orphan",
        message: `lock entry "${lockKey}" has no file: published versions must not be deleted or renamed`,
      });
    }
  }

  return { dir, questionnaires, problems, lock, validated, unlocked };
}

/**
 * Retiring a version changes only its status. Its lock entry, and every assessment scored on it,
 * hold the hash it had when published, so a retired file is hashed with status "published".
 */
function asPublishedHash(raw: unknown): string {
  return questionnaireHash({ ...(raw as Record<string, unknown>), status: "published" });
}

function readLock(lockPath: string, displayPath: string, problems: QuestionnaireProblem[]): Record<string, string> {
  if (!fs.existsSync(lockPath)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(lockPath, "utf8"));
  } catch (error) {
    problems.push({ file: displayPath, rule: "lock-format", message: error instanceof Error ? error.message : String(error) });
    return {};
  }
  const parsed = LockSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file: displayPath, rule: "lock-format", message: `${issue.path.map(String).join(".")}: ${issue.message}; expected { "<key>/<version>": "<sha256 hex>" }` });
    }
    return {};
  }
  return parsed.data;
}

function compareLockKeys(a: string, b: string): number {
  const [ka = "", va = "0"] = a.split("/");
  const [kb = "", vb = "0"] = b.split("/");
  return ka < kb ? -1 : ka > kb ? 1 : Number(va) - Number(vb);
}
