// Portfolio use cases: the dashboard figures, the filtered client and assessment lists (keyset
// pages), and their CSV/XLSX exports (each export audited as export.clients / export.assessments).
// The red-flag and section figures read every client's latest result JSON; results are
// insert-only, so they are memoised per institution and recomputed only when the institution's
// results fingerprint (count, latest time) changes (bench/portfolio.ts shows the need).
// The whole dashboard and the list filter options are also kept per institution, and dropped as
// soon as the institution's revision (the change clock every write bumps, `revisionOf` in
// db.server.ts; also moved by system-wide writes) moves, so a figure is never older than the last
// write anyone committed, on any process or machine. Both memos live on globalThis, like the
// connection (db.server.ts), so the server's start-up warm-up fills the ones the build reads.
import type { StaffContext } from "~/auth/session.server";
import { getConnection, reads, revisionOf, write, type Tx, type Reader } from "~/db.server";
import {
  AssessmentListQuerySchema,
  ClientListQuerySchema,
  decodeCursor,
  encodeCursor,
  GATES,
  MAX_EXPORT_ROWS,
  PAGE_SIZE,
  RISK_LEVELS,
  STATUSES,
  todayOf,
  UNASSESSED,
  type AssessmentListQuery,
  type ClientListQuery,
} from "~/domain/portfolio";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { buildXlsx, XLSX_MEDIA_TYPE } from "~/exports/xlsx.server";
import { toCsv, type Cell } from "~/exports/csv";
import { dateCell } from "~/exports/date-cell";
import { redFlagTitle } from "~/domain/red-flag-titles";
import { countryName, sectorName } from "~/domain/risk/inherent-risk";
import { ct } from "~/i18n/clients";
import { pt } from "~/i18n/portfolio";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findAssessment, findClient } from "~/repositories/assessment-core.server";
import { getQuestionnaire, listQuestionnaires } from "./questionnaires.server";
import {
  assessmentAnswerSets,
  assessmentCounts,
  assessmentDecisionHistory,
  assessmentDocumentList,
  assessmentResults,
  clientCounts,
  conditionCounts,
  countAssessments,
  countClients,
  filterOptions,
  institutionIds,
  latestResultDigests,
  listAssessments,
  latestAssessmentResults,
  latestClientScores,
  latestDecisions,
  listClients,
  openConditionCounts,
  resultsFingerprint,
  type AssessmentListRow,
  type ClientListRow,
} from "~/repositories/portfolio.server";

type Actor = Pick<StaffContext, "institutionId" | "userId">;

type ResultFigures = {
  assessed: number;
  flags: Array<{ code: string; severity: string | null; clients: number }>;
  flagClients: Map<string, string[]>;
  sections: Array<{ key: string; average: number; clients: number }>;
};

type ClientDigest = { resultId: string; createdAt: string; flags: Array<[string, string | null]>; sections: Array<[string, number | null]> };
type Memo = { count: number; last: string; byClient: Map<string, ClientDigest>; figures: ResultFigures };

type Views = { version: string; dashboards: Map<string, Dashboard>; options: Map<string, FilterOptions>; totals: Map<string, number> };
type Memos = {
  results: Map<string, Memo>;
  views: Map<string, Views>;
};
// The key names the memos' shape: a build and a source copy of this module share them only when equal.
const globalForMemos = globalThis as unknown as { __provenantPortfolioMemos2?: Memos };
const memos: Memos = (globalForMemos.__provenantPortfolioMemos2 ??= { results: new Map(), views: new Map() });
const memo = memos.results;

/**
 * The memo of views for the current connection, emptied when the database has changed since it
 * was filled. The version is read before any figure, so a write that lands while figures are
 * computed only makes the next request compute them again.
 */
async function viewsNow(institutionId: string) {
  const { url } = getConnection();
  const version = `${url}\u0000${await revisionOf(institutionId)}`;
  let views = memos.views.get(institutionId);
  if (!views || views.version !== version) {
    views = { version, dashboards: new Map(), options: new Map(), totals: new Map() };
    memos.views.set(institutionId, views);
  }
  return views;
}

function newer(a: { createdAt: string; resultId: string }, b: { createdAt: string; resultId: string }): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.resultId > b.resultId);
}

function aggregate(byClient: Map<string, ClientDigest>): ResultFigures {
  const flagClients = new Map<string, Set<string>>();
  const severity = new Map<string, string | null>();
  const sums = new Map<string, { sum: number; n: number }>();
  for (const [clientId, d] of byClient) {
    for (const [code, sev] of d.flags) {
      const set = flagClients.get(code) ?? new Set<string>();
      set.add(clientId);
      flagClients.set(code, set);
      if (!severity.has(code) || sev === "critical") severity.set(code, sev);
    }
    for (const [key, score] of d.sections) {
      if (score === null) continue;
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      s.sum += score;
      s.n += 1;
      sums.set(key, s);
    }
  }
  return {
    assessed: byClient.size,
    flags: [...flagClients.entries()]
      .map(([code, ids]) => ({ code, severity: severity.get(code) ?? null, clients: ids.size }))
      .sort((a, b) => b.clients - a.clients || (a.code < b.code ? -1 : 1)),
    flagClients: new Map([...flagClients.entries()].map(([code, ids]) => [code, [...ids]])),
    sections: [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, s]) => ({ key, average: Math.round((s.sum / s.n) * 10) / 10, clients: s.n })),
  };
}

/**
 * Red flags by code and average section scores over each client's latest result. Results are
 * insert-only, so the digests are kept per institution and only results created since the last
 * look are read again; an unchanged fingerprint costs one index scan.
 */
export async function resultFigures(institutionId: string, tx: Reader): Promise<ResultFigures> {
  const fingerprint = await resultsFingerprint(institutionId, tx);
  const cached = memo.get(institutionId);
  if (cached && cached.count === fingerprint.count && cached.last === fingerprint.last) return cached.figures;
  // A lower count means the database was replaced (tests, restore): start again.
  const incremental = cached !== undefined && fingerprint.count > cached.count;
  const byClient = incremental ? new Map(cached.byClient) : new Map<string, ClientDigest>();
  for (const row of (await latestResultDigests(institutionId, incremental ? cached.last : "", tx))) {
    const digest: ClientDigest = {
      resultId: row.resultId,
      createdAt: row.createdAt,
      flags: JSON.parse(row.flags) as Array<[string, string | null]>,
      sections: JSON.parse(row.sections) as Array<[string, number | null]>,
    };
    const current = byClient.get(row.clientId);
    if (!current || newer(digest, current)) byClient.set(row.clientId, digest);
  }
  const figures = aggregate(byClient);
  memo.set(institutionId, { ...fingerprint, byClient, figures });
  return figures;
}

function ordered<T extends string>(keys: readonly T[], rows: Array<{ key: string | null; n: number }>, nullKey?: T) {
  const counts = new Map(rows.map((r) => [r.key ?? nullKey ?? "", r.n]));
  return keys.map((key) => ({ key, n: counts.get(key) ?? 0 }));
}

export type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;
type FilterOptions = Awaited<ReturnType<typeof filterOptions>>;

/** The dashboard figures as of `now`'s date, computed again only after a write (see `viewsNow`). */
export async function portfolioDashboard(institutionId: string, now: Date): Promise<Dashboard> {
  const views = await viewsNow(institutionId);
  const today = todayOf(now);
  const key = `${institutionId}\u0000${today}`;
  const cached = views.dashboards.get(key);
  if (cached) return cached;
  const dashboard = await computeDashboard(institutionId, today);
  views.dashboards.set(key, dashboard);
  return dashboard;
}

/** Fills the dashboard memos of every institution (server start-up), so no user waits for them. */
export async function warmPortfolioFigures(now: Date): Promise<number> {
  const ids = await institutionIds(reads());
  for (const id of ids) await portfolioDashboard(id, now);
  return ids.length;
}

async function computeDashboard(institutionId: string, today: string) {
  const tx = reads();
  const c = await clientCounts(institutionId, tx);
  const a = await assessmentCounts(institutionId, today, tx);
  const figures = await resultFigures(institutionId, tx);
  const totalClients = c.byGate.reduce((n, r) => n + r.n, 0);
  return {
    today,
    totalClients,
    byResidual: ordered([...RISK_LEVELS, UNASSESSED], c.byResidual, UNASSESSED),
    byGate: ordered(GATES, c.byGate),
    byStatus: ordered(STATUSES, a.byStatus),
    overdue: a.overdue,
    expiring: a.expiring,
    conditions: await conditionCounts(institutionId, today, tx),
    redFlags: figures.flags,
    sections: figures.sections,
    assessed: figures.assessed,
  };
}

// ---------------------------------------------------------------------------------------------
// Lists

export type ClientListInput = ClientListQuery & { conditions?: "open" | "overdue" };

function invalid(issues: Array<{ path: string; message: string }>): never {
  throw new InvalidInputError(`Invalid list filter: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

export function parseClientQuery(params: URLSearchParams): ClientListInput {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  const { conditions: cond, ...rest } = raw;
  const parsed = ClientListQuerySchema.safeParse(rest);
  if (!parsed.success) invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  if (cond !== undefined && cond !== "" && cond !== "open" && cond !== "overdue") invalid([{ path: "conditions", message: 'expected "open" or "overdue"' }]);
  if (parsed.data.after !== undefined && decodeCursor(parsed.data.after) === null) invalid([{ path: "after", message: "not a cursor of this list" }]);
  return { ...parsed.data, ...(cond === "open" || cond === "overdue" ? { conditions: cond } : {}) };
}

export function parseAssessmentQuery(params: URLSearchParams): AssessmentListQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  const parsed = AssessmentListQuerySchema.safeParse(raw);
  if (!parsed.success) invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  if (parsed.data.after !== undefined && decodeCursor(parsed.data.after) === null) invalid([{ path: "after", message: "not a cursor of this list" }]);
  return parsed.data;
}

async function clientFilter(institutionId: string, query: ClientListInput, now: Date, tx: Reader) {
  const redFlagClientIds = query.redFlag ? ((await resultFigures(institutionId, tx)).flagClients.get(query.redFlag) ?? []) : undefined;
  return { ...query, redFlagClientIds, today: todayOf(now) };
}

export type Page<T> = { rows: T[]; next: string | null; total: number };

/** Distinct filters remembered per database version; past this the totals start again. */
const MAX_TOTALS = 1000;

/**
 * A list's total for one filter: every page of a list (and every visit until the next write)
 * shows the same count, so it is counted once per database version. Paging and sorting are not
 * part of the key; the date is, for the filters that depend on it.
 */
async function memoTotal(kind: string, institutionId: string, filter: Record<string, unknown>, count: () => Promise<number>): Promise<number> {
  const views = await viewsNow(institutionId);
  const key = JSON.stringify([kind, institutionId, ...Object.entries(filter).filter(([k, v]) => v !== undefined && k !== "after" && k !== "limit" && k !== "sort" && k !== "dir" && k !== "redFlagClientIds").sort(([a], [b]) => (a < b ? -1 : 1))]);
  const cached = views.totals.get(key);
  if (cached !== undefined) return cached;
  const total = await count();
  if (views.totals.size >= MAX_TOTALS) views.totals.clear();
  views.totals.set(key, total);
  return total;
}

export async function clientsPage(institutionId: string, query: ClientListInput, now: Date): Promise<Page<ClientListRow>> {
  const tx = reads();
  const filter = await clientFilter(institutionId, query, now, tx);
  const limit = query.limit ?? PAGE_SIZE;
  const rows = await listClients(institutionId, filter, { limit: limit + 1, cursor: decodeCursor(query.after) }, tx);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { rows: shown, next: more && last ? encodeCursor({ k: last.sortKey, id: last.id }) : null, total: await memoTotal("clients", institutionId, filter, () => countClients(institutionId, filter, tx)) };
}

export async function assessmentsPage(institutionId: string, query: AssessmentListQuery, now: Date): Promise<Page<AssessmentListRow>> {
  const tx = reads();
  const filter = { ...query, today: todayOf(now) };
  const limit = query.limit ?? PAGE_SIZE;
  const rows = await listAssessments(institutionId, filter, { limit: limit + 1, cursor: decodeCursor(query.after) }, tx);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { rows: shown, next: more && last ? encodeCursor({ k: last.sortKey, id: last.id }) : null, total: await memoTotal("assessments", institutionId, filter, () => countAssessments(institutionId, filter, tx)) };
}

/** The red-flag codes carried by some client's latest result: what the red-flag filter offers. */
export async function redFlagsPresent(institutionId: string): Promise<string[]> {
  return (await resultFigures(institutionId, reads())).flags.map((f) => f.code);
}

export async function portfolioFilterOptions(institutionId: string): Promise<FilterOptions> {
  const views = await viewsNow(institutionId);
  const cached = views.options.get(institutionId);
  if (cached) return cached;
  const options = await filterOptions(institutionId, reads());
  views.options.set(institutionId, options);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Exports

export type ExportFormat = "csv" | "xlsx";
export type ExportFile = { body: Buffer | string; contentType: string; fileName: string; rows: number };

export function exportFile(format: ExportFormat, baseName: string, sheetName: string, header: string[], rows: Cell[][], now: Date): ExportFile {
  const stamp = todayOf(now);
  if (format === "csv") return { body: toCsv(header, rows), contentType: "text/csv; charset=utf-8", fileName: `${baseName}-${stamp}.csv`, rows: rows.length };
  return { body: buildXlsx([{ name: sheetName, header, rows }], now), contentType: XLSX_MEDIA_TYPE, fileName: `${baseName}-${stamp}.xlsx`, rows: rows.length };
}

function publicFilters(query: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== "after" && k !== "limit" && k !== "redFlagClientIds" && k !== "today"));
}

type Lang = "en" | "es";

/** The words of a list export, in the user's language: labels, never codes (issue 14, F25). */
function exportWords(lang: Lang) {
  const p = (key: Parameters<typeof pt>[1]) => pt(lang, key);
  const label = (prefix: string, value: string | null | undefined) => (value ? pt(lang, `${prefix}.${value}` as Parameters<typeof pt>[1]) : null);
  return {
    p,
    risk: (v: string | null) => label("risk", v ?? UNASSESSED),
    gate: (v: string | null) => label("gate", v),
    gateReason: (v: string | null) => (v ? ct(lang, `gateReason.${v}` as Parameters<typeof ct>[1]) : null),
    outcome: (v: string | null | undefined) => label("export.outcome", v),
    decisionStatus: (v: string | null | undefined) => label("export.decision", v),
    band: (v: string | null | undefined) => label("export.band", v),
    status: (v: string) => label("status", v),
    language: (v: string) => (v === "en" || v === "es" ? label("export.language", v) : v),
    flags: (codes: readonly string[]) => codes.map((c) => redFlagTitle(c, lang)).join("; ") || null,
    score: (tenths: number | null | undefined) => (tenths === null || tenths === undefined ? null : tenths / 10),
  };
}

/** The whole filtered client list (no paging), audited as export.clients, with score, flags, decision, validity and open conditions. */
export async function exportClients(actor: Actor, query: ClientListInput, format: ExportFormat, now: Date, lang: Lang = "en"): Promise<ExportFile> {
  const { rows, scores, decisionsBy, open, figures } = await write({ institutionId: actor.institutionId }, async (tx) => {
    const filter = await clientFilter(actor.institutionId, query, now, tx);
    const list = await listClients(actor.institutionId, { ...filter, after: undefined }, { limit: MAX_EXPORT_ROWS, cursor: null }, tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "export.clients", subjectType: "client", subjectId: null, after: { format, rows: list.length, filters: publicFilters(query) }, now },
      tx,
    );
    return {
      rows: list,
      scores: new Map((await latestClientScores(actor.institutionId, tx)).map((r) => [r.clientId, r])),
      decisionsBy: new Map((await latestDecisions(actor.institutionId, "client", tx)).map((r) => [r.key, r])),
      open: new Map((await openConditionCounts(actor.institutionId, "client", tx)).map((r) => [r.key, r])),
      figures: await resultFigures(actor.institutionId, tx),
    };
  });
  const flagsOf = new Map<string, string[]>();
  for (const [code, ids] of figures.flagClients) for (const id of ids) flagsOf.set(id, [...(flagsOf.get(id) ?? []), code]);
  const w = exportWords(lang);
  const header = [
    w.p("export.col.client"), w.p("export.col.registration"), w.p("export.col.country"), w.p("export.col.sector"), w.p("export.col.contact"), w.p("export.col.rm"),
    w.p("export.col.inherent"), w.p("export.col.residual"), w.p("export.col.score"), w.p("export.col.band"), w.p("export.col.flags"),
    w.p("export.col.decision"), w.p("export.col.decisionStatus"), w.p("export.col.validFrom"), w.p("export.col.validUntil"),
    w.p("export.col.openConditions"), w.p("export.col.nextConditionDue"), w.p("export.col.gate"), w.p("export.col.gateReason"), w.p("export.col.createdAt"), w.p("export.col.updatedAt"),
  ];
  const cells: Cell[][] = rows.map((r) => {
    const score = scores.get(r.id);
    const decision = decisionsBy.get(r.id);
    const conditions = open.get(r.id);
    return [
      r.name, r.registrationNumber, countryName(r.country, lang), sectorName(r.sector, lang) ?? r.sector, r.contactEmail, r.rmName,
      w.risk(r.inherentRisk), w.risk(r.residualRisk), w.score(score?.overallScore), w.band(score?.band), w.flags(flagsOf.get(r.id) ?? []),
      w.outcome(decision?.outcome), w.decisionStatus(decision?.status), dateCell(decision?.validFrom), dateCell(decision?.validUntil),
      conditions?.open ?? 0, dateCell(conditions?.nextDue), w.gate(r.gate), w.gateReason(r.gateReason), dateCell(r.createdAt), dateCell(r.updatedAt),
    ];
  });
  return exportFile(format, "clients", w.p("export.sheet.clients"), header, cells, now);
}

export async function exportAssessments(actor: Actor, query: AssessmentListQuery, format: ExportFormat, now: Date, lang: Lang = "en"): Promise<ExportFile> {
  const { rows, latest, decisionsBy, open } = await write({ institutionId: actor.institutionId }, async (tx) => {
    const list = await listAssessments(actor.institutionId, { ...query, after: undefined, today: todayOf(now) }, { limit: MAX_EXPORT_ROWS, cursor: null }, tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "export.assessments", subjectType: "assessment", subjectId: null, after: { format, rows: list.length, filters: publicFilters(query) }, now },
      tx,
    );
    return {
      rows: list,
      latest: await latestAssessmentResults(actor.institutionId, list.map((r) => r.id), tx),
      decisionsBy: new Map((await latestDecisions(actor.institutionId, "assessment", tx)).map((r) => [r.key, r])),
      open: new Map((await openConditionCounts(actor.institutionId, "assessment", tx)).map((r) => [r.key, r])),
    };
  });
  const w = exportWords(lang);
  const header = [
    w.p("export.col.client"), w.p("export.col.country"), w.p("export.col.sector"), w.p("export.col.questionnaire"), w.p("export.col.status"), w.p("export.col.language"),
    w.p("export.col.dueDate"), w.p("export.col.sentAt"), w.p("export.col.submittedAt"), w.p("export.col.score"), w.p("export.col.band"), w.p("export.col.flags"),
    w.p("export.col.residual"), w.p("export.col.decision"), w.p("export.col.decisionStatus"), w.p("export.col.validFrom"), w.p("export.col.validUntil"),
    w.p("export.col.openConditions"), w.p("export.col.nextConditionDue"), w.p("export.col.gate"), w.p("export.col.rm"), w.p("export.col.updatedAt"),
  ];
  const cells: Cell[][] = rows.map((r) => {
    const result = latest.get(r.id);
    const decision = decisionsBy.get(r.id);
    const conditions = open.get(r.id);
    const questionnaire = getQuestionnaire(r.questionnaireKey, r.questionnaireVersion)?.questionnaire.title;
    return [
      r.clientName, countryName(r.country, lang), sectorName(r.sector, lang) ?? r.sector, `${questionnaire?.[lang] ?? questionnaire?.en ?? r.questionnaireKey} (v${r.questionnaireVersion})`, w.status(r.status), w.language(r.language),
      dateCell(r.dueDate), dateCell(r.sentAt), dateCell(r.submittedAt), w.score(result?.overallScore), w.band(result?.band), w.flags(result?.flags ?? []),
      w.risk(r.residualRisk), w.outcome(decision?.outcome), w.decisionStatus(decision?.status), dateCell(decision?.validFrom), dateCell(decision?.validUntil),
      conditions?.open ?? 0, dateCell(conditions?.nextDue), w.gate(r.gate), r.rmName, dateCell(r.updatedAt),
    ];
  });
  return exportFile(format, "assessments", w.p("export.sheet.assessments"), header, cells, now);
}

export function downloadResponse(file: ExportFile): Response {
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Labels for charts: section titles and red-flag messages from the questionnaire library.

type Localised = { en: string; es: string };
let labelCache: { sections: Record<string, Localised>; flags: Record<string, Localised> } | undefined;

export function questionnaireLabels() {
  if (labelCache) return labelCache;
  const sections: Record<string, Localised> = {};
  const flags: Record<string, Localised> = {};
  // Newest versions last, so their wording wins.
  for (const loaded of listQuestionnaires()) {
    for (const section of loaded.questionnaire.sections) {
      sections[section.key] = { en: section.title.en ?? section.key, es: section.title.es ?? section.title.en ?? section.key };
      for (const question of section.questions) {
        for (const rule of question.redFlags ?? []) {
          flags[rule.code] = { en: rule.message.en ?? rule.code, es: rule.message.es ?? rule.message.en ?? rule.code };
        }
      }
    }
  }
  labelCache = { sections, flags };
  return labelCache;
}

// ---------------------------------------------------------------------------------------------
// One assessment: answers, scores per question and section, evidence and decision history.

type StoredQuestion = { id: string; visible?: boolean; earned?: number; possible?: number; why?: string };
type StoredSection = { key: string; score: number | null; band: string | null; earned?: number; possible?: number; weight?: number; questions?: StoredQuestion[] };
type StoredResult = { overall?: { score: number | null; band: string | null }; sections?: StoredSection[]; redFlags?: Array<{ code: string; severity: string; questionId: string; message: string }>; policy?: { version?: string } };

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join("; ");
  if (value === null || value === undefined) return "";
  return String(value);
}

export async function assessmentExportSheets(institutionId: string, assessmentId: string, lang: "en" | "es", tx: Tx) {
  const assessment = await findAssessment(institutionId, assessmentId, tx);
  if (!assessment) throw new NotFoundError("Assessment");
  const client = await findClient(institutionId, assessment.clientId, tx);
  if (!client) throw new NotFoundError("Client");
  const loaded = getQuestionnaire(assessment.questionnaireKey, assessment.questionnaireVersion);
  const sets = await assessmentAnswerSets(institutionId, assessmentId, tx);
  const answers = (sets.at(-1)?.answers ?? {}) as Record<string, { value?: unknown; comment?: string; evidence?: string[] }>;
  const resultRows = await assessmentResults(institutionId, assessmentId, tx);
  const latest = resultRows.at(-1);
  const result = (latest?.result ?? {}) as StoredResult;
  const scoreOf = new Map<string, StoredQuestion>();
  for (const s of result.sections ?? []) for (const q of s.questions ?? []) scoreOf.set(q.id, q);
  const docs = await assessmentDocumentList(institutionId, assessmentId, tx);
  const history = await assessmentDecisionHistory(institutionId, assessmentId, tx);

  const answerRows: Cell[][] = [];
  const sectionRows: Cell[][] = [];
  const sectionTitle = new Map<string, string>();
  for (const section of loaded?.questionnaire.sections ?? []) {
    sectionTitle.set(section.key, section.title[lang] ?? section.title.en ?? section.key);
    for (const q of section.questions) {
      const a = answers[q.id];
      const s = scoreOf.get(q.id);
      answerRows.push([section.key, q.id, q.text[lang] ?? q.text.en ?? "", a ? answerText(a.value) : "", a?.comment ?? "", (a?.evidence ?? []).join("; "), s?.visible === false ? "hidden" : "", s?.earned ?? null, s?.possible ?? null, s?.why ?? ""]);
    }
  }
  for (const s of result.sections ?? []) sectionRows.push([s.key, sectionTitle.get(s.key) ?? s.key, s.score, s.band, s.earned ?? null, s.possible ?? null, s.weight ?? null]);
  if (result.overall) sectionRows.push(["overall", lang === "es" ? "Global" : "Overall", result.overall.score, result.overall.band, null, null, null]);
  const flagRows: Cell[][] = (result.redFlags ?? []).map((f) => [f.code, f.severity, f.questionId, f.message]);
  const evidenceRows: Cell[][] = docs.map((d) => [d.id, d.fileName, d.mediaType, d.size, d.sha256, d.uploadedAt, d.reviewState, d.reviewReason, d.reviewedBy, d.reviewedAt, d.removedAt]);
  const decisionRows: Cell[][] = history.decisions.map(({ decision: d, proposerName, reviewerName }) => [
    d.id, d.status, d.outcome, d.recommendation, d.residualRisk, d.rationale, d.justification, proposerName, d.proposedAt, reviewerName, d.reviewedAt, d.reviewComment, d.validFrom, d.validUntil, d.supersededBy,
  ]);
  const conditionRows: Cell[][] = history.conditions.map((c) => [c.decisionId, c.id, c.questionId, c.text, c.dueDate, c.status, c.metAt, c.metNote]);
  const resultHistory: Cell[][] = resultRows.map((r) => [r.id, r.createdAt, r.reason, r.overallScore === null ? null : r.overallScore / 10, r.band, r.residualRisk, r.recommendation, r.engineVersion, ((r.result as StoredResult).policy?.version ?? "") as string]);

  const summary: Cell[][] = [
    ["assessment_id", assessment.id],
    ["client_id", client.id],
    ["client", client.name],
    ["questionnaire", `${assessment.questionnaireKey} v${assessment.questionnaireVersion}`],
    ["questionnaire_sha256", assessment.questionnaireSha256],
    ["status", assessment.status],
    ["language", assessment.language],
    ["due_date", assessment.dueDate],
    ["sent_at", assessment.sentAt],
    ["submitted_at", assessment.submittedAt],
    ["signatory", sets.at(-1)?.signatory ? `${sets.at(-1)!.signatory.name}, ${sets.at(-1)!.signatory.title}` : null],
    ["overall_score", result.overall?.score ?? null],
    ["band", result.overall?.band ?? null],
    ["residual_risk", latest?.residualRisk ?? null],
    ["recommendation", latest?.recommendation ?? null],
    ["policy_version", result.policy?.version ?? null],
  ];
  return {
    assessment,
    client,
    sheets: [
      { name: "Summary", header: ["field", "value"], rows: summary },
      { name: "Answers", header: ["section", "question_id", "question", "answer", "comment", "evidence", "visibility", "earned", "possible", "why"], rows: answerRows },
      { name: "Sections", header: ["section", "title", "score", "band", "earned", "possible", "weight"], rows: sectionRows },
      { name: "Red flags", header: ["code", "severity", "question_id", "message"], rows: flagRows },
      { name: "Evidence", header: ["document_id", "file_name", "media_type", "size", "sha256", "uploaded_at", "review_state", "review_reason", "reviewed_by", "reviewed_at", "removed_at"], rows: evidenceRows },
      { name: "Decisions", header: ["decision_id", "status", "outcome", "recommendation", "residual_risk", "rationale", "justification", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at", "review_comment", "valid_from", "valid_until", "superseded_by"], rows: decisionRows },
      { name: "Conditions", header: ["decision_id", "condition_id", "question_id", "text", "due_date", "status", "met_at", "met_note"], rows: conditionRows },
      { name: "Results", header: ["result_id", "created_at", "reason", "overall_score", "band", "residual_risk", "recommendation", "engine_version", "policy_version"], rows: resultHistory },
    ],
  };
}

/** CSV: one block per sheet, each introduced by a "# name" line and its header row. */
export function sheetsToCsv(sheets: ReadonlyArray<{ name: string; header: string[]; rows: Cell[][] }>): string {
  let out = "\uFEFF";
  sheets.forEach((sheet, i) => {
    if (i > 0) out += "\r\n";
    out += toCsv([`# ${sheet.name}`], []).slice(1);
    out += toCsv(sheet.header, sheet.rows).slice(1);
  });
  return out;
}

export async function exportAssessment(actor: Actor, assessmentId: string, format: ExportFormat, lang: "en" | "es", now: Date): Promise<ExportFile> {
  const { sheets, assessment } = await write({ institutionId: actor.institutionId }, async (tx) => {
    const built = await assessmentExportSheets(actor.institutionId, assessmentId, lang, tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "export.assessment", subjectType: "assessment", subjectId: assessmentId, after: { format, clientId: built.client.id }, now },
      tx,
    );
    return built;
  });
  const base = `assessment-${assessment.id}`;
  if (format === "csv") return { body: sheetsToCsv(sheets), contentType: "text/csv; charset=utf-8", fileName: `${base}.csv`, rows: sheets.reduce((n, s) => n + s.rows.length, 0) };
  return { body: buildXlsx(sheets, now), contentType: XLSX_MEDIA_TYPE, fileName: `${base}.xlsx`, rows: sheets.reduce((n, s) => n + s.rows.length, 0) };
}
