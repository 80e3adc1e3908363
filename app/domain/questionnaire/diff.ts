// Comparison of two versions of one questionnaire: which questions were added, removed or changed
// (text, type, options and their points, scale, maxPoints, criteria, showIf, red flags, evidence,
// required, section) and how section weights and total points moved. Published versions never
// change (shared/docs/QUESTIONNAIRES.md), so this is how a bank sees what a new version means.
// Source: issue 4, "Bank UI" (comparison between two versions of one key).
import { canonicalJson } from "./canonical";
import { totalMaxPoints, type Question, type Questionnaire } from "./schema";

export const QUESTION_CHANGE_FIELDS = [
  "section",
  "type",
  "text",
  "help",
  "required",
  "notApplicable",
  "options",
  "optionLabels",
  "scale",
  "maxPoints",
  "criteria",
  "showIf",
  "redFlags",
  "evidence",
  "remediation",
] as const;
export type QuestionChangeField = (typeof QUESTION_CHANGE_FIELDS)[number];

export type QuestionChange = { field: QuestionChangeField; before: unknown; after: unknown };

export type QuestionDiffEntry = { id: string; sectionKey: string; question: Question };

export type ChangedQuestion = {
  id: string;
  sectionKey: { before: string; after: string };
  changes: QuestionChange[];
  before: Question;
  after: Question;
};

export type SectionChange =
  | { key: string; change: "added"; weight: number }
  | { key: string; change: "removed"; weight: number }
  | { key: string; change: "weight"; before: number; after: number };

export type VersionSummary = { version: number; status: string; questionCount: number; totalMaxPoints: number };

export type QuestionnaireDiff = {
  key: string;
  from: VersionSummary;
  to: VersionSummary;
  /** In the order of `to`. */
  added: QuestionDiffEntry[];
  /** In the order of `from`. */
  removed: QuestionDiffEntry[];
  /** In the order of `to`; only questions with at least one change. */
  changed: ChangedQuestion[];
  sections: SectionChange[];
};

type Located = { sectionKey: string; question: Question };

function index(questionnaire: Questionnaire): Map<string, Located> {
  const byId = new Map<string, Located>();
  for (const section of questionnaire.sections) {
    for (const question of section.questions) byId.set(question.id, { sectionKey: section.key, question });
  }
  return byId;
}

function summary(questionnaire: Questionnaire): VersionSummary {
  return {
    version: questionnaire.version,
    status: questionnaire.status,
    questionCount: questionnaire.sections.reduce((n, s) => n + s.questions.length, 0),
    totalMaxPoints: totalMaxPoints(questionnaire),
  };
}

/** What each change field reads from a question; compared by canonical JSON. */
const READ: Record<Exclude<QuestionChangeField, "section">, (q: Question) => unknown> = {
  type: (q) => q.type,
  text: (q) => q.text,
  help: (q) => q.help,
  required: (q) => q.required,
  notApplicable: (q) => q.notApplicable,
  // Values and points decide scores; labels are wording, reported apart.
  options: (q) => q.options?.map((o) => ({ value: o.value, points: o.points ?? 0 })),
  optionLabels: (q) => q.options?.map((o) => ({ value: o.value, label: o.label })),
  scale: (q) => q.scale,
  maxPoints: (q) => q.maxPoints,
  criteria: (q) => q.criteria,
  showIf: (q) => q.showIf,
  redFlags: (q) => q.redFlags,
  evidence: (q) => q.evidence,
  remediation: (q) => q.remediation,
};

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export function diffQuestionnaires(from: Questionnaire, to: Questionnaire): QuestionnaireDiff {
  if (from.key !== to.key) {
    throw new Error(`diffQuestionnaires compares versions of one questionnaire, got "${from.key}" and "${to.key}"`);
  }
  const before = index(from);
  const after = index(to);

  const added: QuestionDiffEntry[] = [];
  const changed: ChangedQuestion[] = [];
  for (const [id, b] of after) {
    const a = before.get(id);
    if (a === undefined) {
      added.push({ id, sectionKey: b.sectionKey, question: b.question });
      continue;
    }
    const changes: QuestionChange[] = [];
    if (a.sectionKey !== b.sectionKey) changes.push({ field: "section", before: a.sectionKey, after: b.sectionKey });
    for (const field of QUESTION_CHANGE_FIELDS) {
      if (field === "section") continue;
      const read = READ[field];
      const x = read(a.question);
      const y = read(b.question);
      if (!same(x, y)) changes.push({ field, before: x, after: y });
    }
    if (changes.length > 0) {
      changed.push({ id, sectionKey: { before: a.sectionKey, after: b.sectionKey }, changes, before: a.question, after: b.question });
    }
  }
  const removed: QuestionDiffEntry[] = [];
  for (const [id, a] of before) {
    if (!after.has(id)) removed.push({ id, sectionKey: a.sectionKey, question: a.question });
  }

  const sections: SectionChange[] = [];
  const fromSections = new Map(from.sections.map((s) => [s.key, s]));
  const toSections = new Map(to.sections.map((s) => [s.key, s]));
  for (const section of to.sections) {
    const old = fromSections.get(section.key);
    if (old === undefined) sections.push({ key: section.key, change: "added", weight: section.weight });
    else if (old.weight !== section.weight) sections.push({ key: section.key, change: "weight", before: old.weight, after: section.weight });
  }
  for (const section of from.sections) {
    if (!toSections.has(section.key)) sections.push({ key: section.key, change: "removed", weight: section.weight });
  }

  return { key: to.key, from: summary(from), to: summary(to), added, removed, changed, sections };
}
