// View models of the questionnaire pages (issue 4, "Bank UI"). The loaders turn a validated
// questionnaire into plain, already-localised data, so the pages only lay it out and the
// integration tests can read exactly what a bank user sees. Pure: no I/O.
import {
  CRITERION_PATTERN,
  allQuestions,
  totalMaxPoints,
  type LocalisedText,
  type Question,
  type QuestionType,
  type Questionnaire,
  type QuestionnaireStatus,
  type RedFlagSeverity,
  type RedFlagWhen,
  type ScaleBand,
  type ShowIf,
} from "~/domain/questionnaire/schema";
import type { QuestionChangeField, QuestionnaireDiff } from "~/domain/questionnaire/diff";
import { isLang, type Lang } from "~/i18n";
import { qt } from "~/i18n/questionnaire-ui";

/** The part of a loaded library entry the pages need (LoadedQuestionnaire satisfies it). */
export type LoadedVersion = { key: string; version: number; status: QuestionnaireStatus; sha256: string; filePath: string; questionnaire: Questionnaire };

export function localise(text: LocalisedText | undefined, lang: Lang): string | null {
  if (text === undefined) return null;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? null;
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

/** A fraction (0.5) as a percentage in the language's style ("50%", "50 %"). */
export function formatShare(fraction: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(fraction);
}

/** `?lang=` when the questionnaire has it, else the UI language when it has that, else its first language. */
export function chooseContentLang(requested: string | null, uiLang: Lang, languages: readonly string[]): Lang {
  if (isLang(requested) && languages.includes(requested)) return requested;
  if (languages.includes(uiLang)) return uiLang;
  const first = languages.find(isLang);
  return first ?? uiLang;
}

/** "English, Spanish" / "Inglés, español": Spanish writes language names in lower case. */
export function languageList(languages: readonly Lang[], lang: Lang): string {
  return capitalise(languages.map((l) => qt(lang, `language.${l}`)).join(qt(lang, "listSeparator")));
}

/** A language's name in that language ("English", "Español"), so a reader finds their own. */
export function ownLanguageName(l: Lang): string {
  return capitalise(qt(l, `language.${l}`));
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Library

export type LibraryVersionRow = {
  version: number;
  status: QuestionnaireStatus;
  languages: Lang[];
  sectionCount: number;
  questionCount: number;
  totalMaxPoints: number;
  sha256: string;
};

export type LibraryEntry = { key: string; title: string; description: string; versions: LibraryVersionRow[] };

export function questionnaireLanguages(questionnaire: Questionnaire): Lang[] {
  return questionnaire.languages.filter(isLang);
}

/** One entry per key, versions ascending; title and description from the newest version. */
export function libraryView(loaded: readonly LoadedVersion[], lang: Lang): LibraryEntry[] {
  const byKey = new Map<string, LoadedVersion[]>();
  for (const entry of loaded) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, versions]) => {
      const sorted = [...versions].sort((a, b) => a.version - b.version);
      const newest = sorted[sorted.length - 1]!.questionnaire;
      return {
        key,
        title: localise(newest.title, lang) ?? key,
        description: localise(newest.description, lang) ?? "",
        versions: sorted.map((v) => ({
          version: v.version,
          status: v.status,
          languages: questionnaireLanguages(v.questionnaire),
          sectionCount: v.questionnaire.sections.length,
          questionCount: allQuestions(v.questionnaire).length,
          totalMaxPoints: totalMaxPoints(v.questionnaire),
          sha256: v.sha256,
        })),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Conditions (showIf) and red-flag triggers

export type ValueView = { value: string; label: string | null };

export type ConditionView =
  | { kind: "question"; questionId: string; questionText: string | null; values: ValueView[] }
  | { kind: "all" | "any"; parts: ConditionView[] };

function valueViews(values: readonly string[], question: Question | undefined, lang: Lang): ValueView[] {
  return values.map((value) => {
    const option = question?.options?.find((o) => o.value === value);
    return { value, label: option === undefined ? null : localise(option.label, lang) };
  });
}

export function conditionView(condition: ShowIf, byId: ReadonlyMap<string, Question>, lang: Lang): ConditionView {
  if ("question" in condition) {
    const target = byId.get(condition.question);
    return {
      kind: "question",
      questionId: condition.question,
      questionText: target === undefined ? null : localise(target.text, lang),
      values: valueViews(condition.in, target, lang),
    };
  }
  if ("all" in condition) return { kind: "all", parts: condition.all.map((c) => conditionView(c, byId, lang)) };
  return { kind: "any", parts: condition.any.map((c) => conditionView(c, byId, lang)) };
}

export function quoteValues(values: readonly ValueView[], lang: Lang): string {
  return values.map((v) => qt(lang, "quoted", { text: v.label ?? v.value })).join(qt(lang, "listSeparator"));
}

/** "rec.uses-agencies is “Yes”", "all of: …; …": the words the pages print for a showIf. */
export function describeCondition(condition: ConditionView, lang: Lang): string {
  if (condition.kind === "question") {
    const key = condition.values.length === 1 ? "condition.is" : "condition.isOneOf";
    return qt(lang, key, { question: condition.questionId, values: quoteValues(condition.values, lang) });
  }
  const parts = condition.parts.map((part) => (part.kind === "question" ? describeCondition(part, lang) : `(${describeCondition(part, lang)})`));
  return qt(lang, condition.kind === "all" ? "condition.all" : "condition.any", { parts: parts.join(qt(lang, "partSeparator")) });
}

export function describeTrigger(when: RedFlagWhen, question: Question, lang: Lang): string {
  if ("in" in when) {
    const values = valueViews(when.in, question, lang);
    return qt(lang, values.length === 1 ? "trigger.is" : "trigger.isOneOf", { values: quoteValues(values, lang) });
  }
  if ("includesAny" in when) return qt(lang, "trigger.includesAny", { values: quoteValues(valueViews(when.includesAny, question, lang), lang) });
  if ("gte" in when) return qt(lang, "trigger.gte", { value: formatNumber(when.gte, lang) });
  return qt(lang, "trigger.lte", { value: formatNumber(when.lte, lang) });
}

export function describeBand(band: ScaleBand, isLast: boolean, lang: Lang): string {
  const vars = { min: formatNumber(band.min, lang), max: formatNumber(band.max, lang) };
  return qt(lang, isLast ? "version.bandClosed" : "version.bandHalfOpen", vars);
}

// ---------------------------------------------------------------------------------------------
// Version page

export type CriterionView = { id: string; sourceId: string; reference: string; sourceTitle: string | null; sourceUrl: string | null };

export type QuestionView = {
  id: string;
  type: QuestionType;
  text: string;
  help: string | null;
  required: boolean;
  notApplicable: boolean;
  maxPoints: number;
  /** multi with scored answers: the chosen answers' points add up, capped at maxPoints. */
  multiCap: number | null;
  options: { value: string; label: string; points: number }[] | null;
  scale: { range: string; points: number }[] | null;
  showIf: ConditionView | null;
  showIfText: string | null;
  criteria: CriterionView[];
  redFlags: { code: string; severity: RedFlagSeverity; trigger: string; message: string }[];
  evidence: { expected: boolean; creditWithout: number; description: string | null } | null;
  remediation: string | null;
};

export type SectionView = {
  key: string;
  title: string;
  description: string | null;
  weight: number;
  /** weight / Σ weights, as a fraction: the engine normalises weights (QUESTIONNAIRES.md). */
  weightShare: number;
  maxPoints: number;
  questions: QuestionView[];
};

export type SourceView = { id: string; title: string; url: string; criteriaCount: number };

export type VersionView = {
  key: string;
  version: number;
  status: QuestionnaireStatus;
  sha256: string;
  filePath: string;
  languages: Lang[];
  contentLang: Lang;
  title: string;
  description: string;
  questionCount: number;
  totalMaxPoints: number;
  redFlagCount: number;
  sections: SectionView[];
  sources: SourceView[];
};

function criterionView(id: string, sources: Questionnaire["sources"]): CriterionView {
  const match = CRITERION_PATTERN.exec(id);
  const sourceId = match?.[1] ?? id;
  const source = sources.find((s) => s.id === sourceId);
  return { id, sourceId, reference: match?.[2] ?? "", sourceTitle: source?.title ?? null, sourceUrl: source?.url ?? null };
}

export function questionView(question: Question, questionnaire: Questionnaire, byId: ReadonlyMap<string, Question>, lang: Lang): QuestionView {
  const showIf = question.showIf === undefined ? null : conditionView(question.showIf, byId, lang);
  const scale = question.scale ?? null;
  return {
    id: question.id,
    type: question.type,
    text: localise(question.text, lang) ?? "",
    help: localise(question.help, lang),
    required: question.required,
    notApplicable: question.notApplicable,
    maxPoints: question.maxPoints,
    multiCap: question.type === "multi" && question.options?.some((o) => (o.points ?? 0) !== 0) ? question.maxPoints : null,
    options: question.options?.map((o) => ({ value: o.value, label: localise(o.label, lang) ?? o.value, points: o.points ?? 0 })) ?? null,
    scale: scale === null ? null : scale.map((band, i) => ({ range: describeBand(band, i === scale.length - 1, lang), points: band.points })),
    showIf,
    showIfText: showIf === null ? null : describeCondition(showIf, lang),
    criteria: question.criteria.map((id) => criterionView(id, questionnaire.sources)),
    redFlags: question.redFlags.map((flag) => ({
      code: flag.code,
      severity: flag.severity,
      trigger: describeTrigger(flag.when, question, lang),
      message: localise(flag.message, lang) ?? "",
    })),
    evidence:
      question.evidence === undefined
        ? null
        : { expected: question.evidence.expected, creditWithout: question.evidence.creditWithout, description: localise(question.evidence.description, lang) },
    remediation: localise(question.remediation, lang),
  };
}

export function questionIndex(questionnaire: Questionnaire): Map<string, Question> {
  return new Map(allQuestions(questionnaire).map((q) => [q.id, q]));
}

export function versionView(loaded: LoadedVersion, contentLang: Lang): VersionView {
  const { questionnaire } = loaded;
  const byId = questionIndex(questionnaire);
  const weightSum = questionnaire.sections.reduce((sum, s) => sum + s.weight, 0);
  const questions = allQuestions(questionnaire);
  const cited = questions.flatMap((q) => q.criteria.map((id) => criterionView(id, questionnaire.sources).sourceId));
  return {
    key: loaded.key,
    version: loaded.version,
    status: loaded.status,
    sha256: loaded.sha256,
    filePath: loaded.filePath,
    languages: questionnaireLanguages(questionnaire),
    contentLang,
    title: localise(questionnaire.title, contentLang) ?? loaded.key,
    description: localise(questionnaire.description, contentLang) ?? "",
    questionCount: questions.length,
    totalMaxPoints: totalMaxPoints(questionnaire),
    redFlagCount: questions.reduce((n, q) => n + q.redFlags.length, 0),
    sections: questionnaire.sections.map((section) => ({
      key: section.key,
      title: localise(section.title, contentLang) ?? section.key,
      description: localise(section.description, contentLang),
      weight: section.weight,
      weightShare: weightSum > 0 ? section.weight / weightSum : 0,
      maxPoints: section.questions.reduce((sum, q) => sum + q.maxPoints, 0),
      questions: section.questions.map((q) => questionView(q, questionnaire, byId, contentLang)),
    })),
    sources: questionnaire.sources.map((s) => ({ id: s.id, title: s.title, url: s.url, criteriaCount: cited.filter((id) => id === s.id).length })),
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison

export type ChangeDetail =
  | { kind: "text"; before: string; after: string }
  | { kind: "points"; rows: { value: string; label: string; before: number | null; after: number | null }[] }
  | { kind: "set"; added: string[]; removed: string[]; changed: string[] };

export type FieldChangeView = { field: QuestionChangeField; detail: ChangeDetail };

export type QuestionRefView = { id: string; sectionTitle: string; text: string; maxPoints: number };

export type CompareView = {
  key: string;
  title: string;
  versions: number[];
  from: { version: number; status: QuestionnaireStatus; questionCount: number; totalMaxPoints: number };
  to: { version: number; status: QuestionnaireStatus; questionCount: number; totalMaxPoints: number };
  sections: { key: string; title: string; change: "added" | "removed" | "weight"; before: number | null; after: number | null }[];
  added: QuestionRefView[];
  removed: QuestionRefView[];
  changed: { id: string; text: string; sectionTitle: string; changes: FieldChangeView[] }[];
};

function yesNo(value: boolean, lang: Lang): string {
  return qt(lang, value ? "version.yes" : "version.no");
}

function evidenceText(evidence: Question["evidence"], lang: Lang): string {
  if (evidence === undefined) return qt(lang, "compare.empty");
  const share = formatShare(evidence.creditWithout, lang);
  return qt(lang, evidence.expected ? "compare.evidenceExpected" : "compare.evidenceNotExpected", { share });
}

function scaleText(question: Question, lang: Lang): string {
  const scale = question.scale ?? [];
  if (scale.length === 0) return qt(lang, "compare.empty");
  return scale
    .map((band, i) => qt(lang, "compare.bandPoints", { range: describeBand(band, i === scale.length - 1, lang), points: formatNumber(band.points, lang) }))
    .join(qt(lang, "partSeparator"));
}

function setChange(before: readonly string[], after: readonly string[], changed: readonly string[] = []): ChangeDetail {
  return { kind: "set", added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)), changed: [...changed] };
}

type Side = { questionnaire: Questionnaire; byId: ReadonlyMap<string, Question>; sectionTitle: (key: string) => string };

function side(questionnaire: Questionnaire, lang: Lang): Side {
  return {
    questionnaire,
    byId: questionIndex(questionnaire),
    sectionTitle: (key) => localise(questionnaire.sections.find((s) => s.key === key)?.title, lang) ?? key,
  };
}

function fieldChange(field: QuestionChangeField, a: Question, b: Question, before: Side, after: Side, lang: Lang): ChangeDetail {
  const text = (x: string | null | undefined, y: string | null | undefined): ChangeDetail => ({
    kind: "text",
    before: x ?? qt(lang, "compare.empty"),
    after: y ?? qt(lang, "compare.empty"),
  });
  switch (field) {
    case "section": {
      const from = before.questionnaire.sections.find((s) => s.questions.some((q) => q.id === a.id))?.key ?? "";
      const to = after.questionnaire.sections.find((s) => s.questions.some((q) => q.id === b.id))?.key ?? "";
      return text(before.sectionTitle(from), after.sectionTitle(to));
    }
    case "type":
      return text(qt(lang, `type.${a.type}`), qt(lang, `type.${b.type}`));
    case "text":
    case "help":
    case "remediation":
      return text(localise(a[field], lang), localise(b[field], lang));
    case "required":
    case "notApplicable":
      return text(yesNo(a[field], lang), yesNo(b[field], lang));
    case "maxPoints":
      return text(formatNumber(a.maxPoints, lang), formatNumber(b.maxPoints, lang));
    case "scale":
      return text(scaleText(a, lang), scaleText(b, lang));
    case "evidence":
      return text(evidenceText(a.evidence, lang), evidenceText(b.evidence, lang));
    case "showIf":
      return text(
        a.showIf === undefined ? qt(lang, "version.alwaysShown") : describeCondition(conditionView(a.showIf, before.byId, lang), lang),
        b.showIf === undefined ? qt(lang, "version.alwaysShown") : describeCondition(conditionView(b.showIf, after.byId, lang), lang),
      );
    case "options": {
      const values = [...new Set([...(a.options ?? []), ...(b.options ?? [])].map((o) => o.value))];
      const rows = values.flatMap((value) => {
        const x = a.options?.find((o) => o.value === value);
        const y = b.options?.find((o) => o.value === value);
        const pointsBefore = x === undefined ? null : (x.points ?? 0);
        const pointsAfter = y === undefined ? null : (y.points ?? 0);
        if (pointsBefore === pointsAfter) return [];
        return [{ value, label: localise((y ?? x)?.label, lang) ?? value, before: pointsBefore, after: pointsAfter }];
      });
      return { kind: "points", rows };
    }
    case "optionLabels": {
      const changed = (b.options ?? []).filter((y) => {
        const x = a.options?.find((o) => o.value === y.value);
        return x !== undefined && localise(x.label, lang) !== localise(y.label, lang);
      });
      return setChange(
        (a.options ?? []).map((o) => o.value),
        (b.options ?? []).map((o) => o.value),
        changed.map((o) => o.value),
      );
    }
    case "criteria":
      return setChange(a.criteria, b.criteria);
    case "redFlags": {
      const codes = (q: Question) => q.redFlags.map((f) => f.code);
      const changed = b.redFlags
        .filter((y) => {
          const x = a.redFlags.find((f) => f.code === y.code);
          return x !== undefined && JSON.stringify(x) !== JSON.stringify(y);
        })
        .map((f) => f.code);
      return setChange(codes(a), codes(b), changed);
    }
  }
}

export function compareView(from: LoadedVersion, to: LoadedVersion, diff: QuestionnaireDiff, versions: number[], lang: Lang): CompareView {
  const before = side(from.questionnaire, lang);
  const after = side(to.questionnaire, lang);
  const ref = (s: Side) => (entry: { id: string; sectionKey: string; question: Question }): QuestionRefView => ({
    id: entry.id,
    sectionTitle: s.sectionTitle(entry.sectionKey),
    text: localise(entry.question.text, lang) ?? "",
    maxPoints: entry.question.maxPoints,
  });
  return {
    key: diff.key,
    title: localise(to.questionnaire.title, lang) ?? diff.key,
    versions,
    from: { version: diff.from.version, status: from.status, questionCount: diff.from.questionCount, totalMaxPoints: diff.from.totalMaxPoints },
    to: { version: diff.to.version, status: to.status, questionCount: diff.to.questionCount, totalMaxPoints: diff.to.totalMaxPoints },
    sections: diff.sections.map((change) => {
      if (change.change === "weight") {
        return { key: change.key, title: after.sectionTitle(change.key), change: "weight", before: change.before, after: change.after };
      }
      const title = change.change === "added" ? after.sectionTitle(change.key) : before.sectionTitle(change.key);
      return {
        key: change.key,
        title,
        change: change.change,
        before: change.change === "removed" ? change.weight : null,
        after: change.change === "added" ? change.weight : null,
      };
    }),
    added: diff.added.map(ref(after)),
    removed: diff.removed.map(ref(before)),
    changed: diff.changed.map((entry) => ({
      id: entry.id,
      text: localise(entry.after.text, lang) ?? "",
      sectionTitle: after.sectionTitle(entry.sectionKey.after),
      changes: entry.changes.map((change) => ({ field: change.field, detail: fieldChange(change.field, entry.before, entry.after, before, after, lang) })),
    })),
  };
}
