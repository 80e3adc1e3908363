// Portfolio reads: dashboard aggregates (GROUP BY over the denormalised client columns and the
// assessment/condition indexes), the latest result of each client, and the filtered client and
// assessment lists with keyset paging. Every query is scoped by institution_id first.
// Portability note: the red-flag and section aggregates read the results JSON with SQLite's
// json_each/json_extract (PostgreSQL: jsonb_array_elements and ->>); they are confined to
// latestResultDigests below.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { clientMatches } from "./client-search.server";
import { inTextList, latestResultDigestsQuery } from "./dialect.server";
import { answerSets, assessments, clients, conditions, decisions, documents, financialObservations, institutions, memberships, results, users } from "../../db/tables";
import { rawAll, rawGet, type Tx, type Reader } from "~/db.server";
import {
  addDays,
  EXPIRING_DAYS,
  GATE_RANK,
  GATES,
  OPEN_STATUSES,
  RISK_LEVELS,
  RISK_RANK,
  type AssessmentListQuery,
  type ClientListQuery,
  type Cursor,
} from "~/domain/portfolio";

const rmUser = alias(users, "rm_user");

// ---------------------------------------------------------------------------------------------
// Dashboard

export async function institutionIds(tx: Reader): Promise<string[]> {
  return (await tx.select({ id: institutions.id }).from(institutions).orderBy(asc(institutions.id))).map((r) => r.id);
}

export type CountRow = { key: string | null; n: number };

export async function clientCounts(institutionId: string, tx: Reader) {
  const byResidual = (await tx
    .select({ key: clients.residualRisk, n: sql<number>`count(*)`.mapWith(Number) })
    .from(clients)
    .where(eq(clients.institutionId, institutionId))
    .groupBy(clients.residualRisk)) as CountRow[];
  const byGate = (await tx
    .select({ key: clients.gate, n: sql<number>`count(*)`.mapWith(Number) })
    .from(clients)
    .where(eq(clients.institutionId, institutionId))
    .groupBy(clients.gate)) as CountRow[];
  return { byResidual, byGate };
}

export async function assessmentCounts(institutionId: string, today: string, tx: Reader) {
  const byStatus = (await tx
    .select({ key: assessments.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(assessments)
    .where(eq(assessments.institutionId, institutionId))
    .groupBy(assessments.status)) as CountRow[];
  const open = [...OPEN_STATUSES];
  const overdue =
    (await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(assessments)
      .where(and(eq(assessments.institutionId, institutionId), inArray(assessments.status, open), lt(assessments.dueDate, today))).limit(1))[0]?.n ?? 0;
  const expiring =
    (await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(assessments)
      .where(and(eq(assessments.institutionId, institutionId), inArray(assessments.status, open), gte(assessments.dueDate, today), lte(assessments.dueDate, addDays(today, EXPIRING_DAYS)))).limit(1))[0]?.n ?? 0;
  return { byStatus, overdue, expiring };
}

/**
 * Open conditions of approved decisions (the ones the gate reads), and how many are overdue.
 * CROSS JOIN keeps SQLite walking the open conditions by (institution_id, status, due_date) and
 * looking each decision up by its key, instead of walking every approved decision.
 */
export async function conditionCounts(institutionId: string, today: string, tx: Reader) {
  const row = await rawGet<{ open: number; overdue: number; clients: number }>(tx, sql`
    select cast(count(*) as integer) as open, cast(coalesce(sum(case when c.due_date < ${today} then 1 else 0 end), 0) as integer) as overdue, cast(count(distinct c.client_id) as integer) as clients
    from ${conditions} c cross join ${decisions} d
    where c.institution_id = ${institutionId} and c.status = 'open' and d.id = c.decision_id and d.status = 'approved'`);
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0, clients: row?.clients ?? 0 };
}

/** Cheap fingerprint of an institution's results: the table is insert-only, so count + last time is exact. */
export async function resultsFingerprint(institutionId: string, tx: Reader): Promise<{ count: number; last: string }> {
  const row = (await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number), last: sql<string | null>`max(${results.createdAt})` })
    .from(results)
    .where(eq(results.institutionId, institutionId)).limit(1))[0];
  return { count: row?.n ?? 0, last: row?.last ?? "" };
}

export type ResultDigest = { resultId: string; clientId: string; createdAt: string; flags: string; sections: string };

/**
 * For each client, the red flags and section scores of its latest result created at or after
 * `since` ("" for all): one parse of each result's JSON (the two extracts share SQLite's JSON
 * cache), only the small digests leave the database. The caller keeps the newest per client.
 */
export async function latestResultDigests(institutionId: string, since: string, tx: Reader): Promise<ResultDigest[]> {
  return await rawAll<ResultDigest>(tx, latestResultDigestsQuery({ results, assessments }, institutionId, since));
}

// ---------------------------------------------------------------------------------------------
// Lists

const statusRank = sql`(case ${assessments.status} when 'sent' then 1 when 'in-progress' then 2 when 'returned' then 3 when 'submitted' then 4 when 'under-review' then 5 when 'decided' then 6 when 'expired' then 7 else 8 end)`;

/** `(key, id) > (k, id)` (or `<`) written so SQLite can still range-scan an index on key. */
function keyset(key: SQL, id: AnyColumn, cursor: Cursor, direction: "asc" | "desc"): SQL {
  const k = cursor.k;
  if (direction === "asc") return sql`(${key} >= ${k} and (${key} > ${k} or ${id} > ${cursor.id}))`;
  return sql`(${key} <= ${k} and (${key} < ${k} or ${id} < ${cursor.id}))`;
}

/** Client ids with an open condition of an approved decision (overdue ones only when asked). */
function clientsWithOpenConditions(institutionId: string, overdueBefore: string | null): SQL {
  return sql`select c.client_id from ${conditions} c join ${decisions} d on d.id = c.decision_id
    where c.institution_id = ${institutionId} and c.status = 'open' and d.status = 'approved'${overdueBefore === null ? sql`` : sql` and c.due_date < ${overdueBefore}`}`;
}

export type ClientFilter = ClientListQuery & { conditions?: "open" | "overdue"; redFlagClientIds?: readonly string[]; today: string };

function clientWhere(institutionId: string, f: ClientFilter): SQL[] {
  const where: SQL[] = [eq(clients.institutionId, institutionId)];
  if (f.q) where.push(clientMatches(f.q));
  if (f.gate) where.push(eq(clients.gate, f.gate));
  if (f.residualRisk === "none") where.push(isNull(clients.residualRisk));
  else if (f.residualRisk) where.push(eq(clients.residualRisk, f.residualRisk));
  if (f.inherentRisk) where.push(eq(clients.inherentRisk, f.inherentRisk));
  if (f.country) where.push(eq(clients.country, f.country));
  if (f.sector) where.push(eq(clients.sector, f.sector));
  if (f.rm) where.push(eq(clients.rmUserId, f.rm));
  if (f.redFlagClientIds) where.push(inTextList(clients.id, f.redFlagClientIds));
  if (f.conditions) where.push(sql`${clients.id} in (${clientsWithOpenConditions(institutionId, f.conditions === "overdue" ? f.today : null)})`);
  return where;
}

/** The key of a column sort; the rank sorts (residual risk, gate) are read by `listClientsByLevel`. */
function clientSortKey(sort: ClientListQuery["sort"]): SQL {
  if (sort === "updated") return sql`${clients.updatedAt}`;
  return sql`${clients.name}`;
}

const clientColumns = {
  id: clients.id,
  name: clients.name,
  country: clients.country,
  sector: clients.sector,
  inherentRisk: clients.inherentRisk,
  residualRisk: clients.residualRisk,
  gate: clients.gate,
  gateReason: clients.gateReason,
  rmUserId: clients.rmUserId,
  rmName: rmUser.name,
  contactEmail: clients.contactEmail,
  registrationNumber: clients.registrationNumber,
  createdAt: clients.createdAt,
  updatedAt: clients.updatedAt,
};

export type ClientListRow = {
  id: string;
  name: string;
  country: string;
  sector: string;
  inherentRisk: string;
  residualRisk: string | null;
  gate: string;
  gateReason: string | null;
  rmUserId: string | null;
  rmName: string | null;
  contactEmail: string;
  registrationNumber: string | null;
  createdAt: string;
  updatedAt: string;
  sortKey: string | number | null;
};

type RankLevel = { rank: number; where: SQL };

/**
 * The levels of a rank sort, lowest rank first; each is one equality on an indexed column
 * (residual_risk and gate only ever hold their enum values, or null for an unassessed client).
 */
function rankLevels(sort: ClientListQuery["sort"]): RankLevel[] | null {
  if (sort === "residualRisk") return [...RISK_LEVELS.map((level) => ({ rank: RISK_RANK[level], where: eq(clients.residualRisk, level) })), { rank: RISK_RANK.none, where: isNull(clients.residualRisk) }];
  if (sort === "gate") return GATES.map((gate) => ({ rank: GATE_RANK[gate], where: eq(clients.gate, gate) }));
  return null;
}

/**
 * Which rows of a level (all its rank's rows share the sort key) come after the cursor, with
 * SQLite's comparison rules of the single-query form `keyset` writes: a null key matches
 * nothing, and a text key sorts after every integer rank.
 */
function levelAfter(rank: number, cursor: Cursor, direction: "asc" | "desc"): "all" | "after-id" | "none" {
  const k = cursor.k;
  if (k === null) return "none";
  const cmp = typeof k === "string" ? -1 : rank < k ? -1 : rank > k ? 1 : 0;
  if (cmp === 0) return "after-id";
  return (direction === "asc" ? cmp > 0 : cmp < 0) ? "all" : "none";
}

export async function listClients(institutionId: string, f: ClientFilter, page: { limit: number; cursor: Cursor | null }, tx: Reader): Promise<ClientListRow[]> {
  const direction = f.dir ?? "asc";
  const levels = rankLevels(f.sort);
  if (levels) return listClientsByLevel(institutionId, f, levels, direction, page, tx);
  const key = clientSortKey(f.sort);
  const where = clientWhere(institutionId, f);
  if (page.cursor) where.push(keyset(key, clients.id, page.cursor, direction));
  const order = direction === "asc" ? [asc(key), asc(clients.id)] : [desc(key), desc(clients.id)];
  return await tx
    .select({ ...clientColumns, sortKey: sql<string | number | null>`${key}` })
    .from(clients)
    .leftJoin(rmUser, eq(rmUser.id, clients.rmUserId))
    .where(and(...where))
    .orderBy(...order)
    .limit(page.limit);
}

/**
 * A rank sort (residual risk, gate) read one level at a time, each in id order along its
 * (institution_id, column, id) index, until the page is full: the same rows in the same order as
 * `order by rank, id`, without computing and sorting the rank of every client in the portfolio.
 */
async function listClientsByLevel(institutionId: string, f: ClientFilter, levels: RankLevel[], direction: "asc" | "desc", page: { limit: number; cursor: Cursor | null }, tx: Reader): Promise<ClientListRow[]> {
  const rows: ClientListRow[] = [];
  const ordered = direction === "asc" ? levels : [...levels].reverse();
  for (const level of ordered) {
    const remaining = page.limit - rows.length;
    if (remaining <= 0) break;
    const after = page.cursor ? levelAfter(level.rank, page.cursor, direction) : "all";
    if (after === "none") continue;
    const where = [...clientWhere(institutionId, f), level.where];
    if (after === "after-id" && page.cursor) where.push(direction === "asc" ? sql`${clients.id} > ${page.cursor.id}` : sql`${clients.id} < ${page.cursor.id}`);
    const found = await tx
      .select({ ...clientColumns, sortKey: sql<number>`${level.rank}`.mapWith(Number) })
      .from(clients)
      .leftJoin(rmUser, eq(rmUser.id, clients.rmUserId))
      .where(and(...where))
      .orderBy(direction === "asc" ? asc(clients.id) : desc(clients.id))
      .limit(remaining);
    rows.push(...found);
  }
  return rows;
}

export async function countClients(institutionId: string, f: ClientFilter, tx: Reader): Promise<number> {
  return (await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(clients).where(and(...clientWhere(institutionId, f))).limit(1))[0]?.n ?? 0;
}

export type AssessmentFilter = AssessmentListQuery & { today: string };

function assessmentWhere(institutionId: string, f: AssessmentFilter): SQL[] {
  const where: SQL[] = [eq(assessments.institutionId, institutionId)];
  if (f.q) where.push(clientMatches(f.q));
  if (f.status) where.push(eq(assessments.status, f.status));
  if (f.due) {
    where.push(inArray(assessments.status, [...OPEN_STATUSES]));
    if (f.due === "overdue") where.push(lt(assessments.dueDate, f.today));
    else where.push(and(gte(assessments.dueDate, f.today), lte(assessments.dueDate, addDays(f.today, EXPIRING_DAYS)))!);
  }
  if (f.gate) where.push(eq(clients.gate, f.gate));
  if (f.residualRisk === "none") where.push(isNull(clients.residualRisk));
  else if (f.residualRisk) where.push(eq(clients.residualRisk, f.residualRisk));
  if (f.country) where.push(eq(clients.country, f.country));
  if (f.sector) where.push(eq(clients.sector, f.sector));
  if (f.rm) where.push(eq(clients.rmUserId, f.rm));
  return where;
}

function assessmentSortKey(sort: AssessmentListQuery["sort"]): SQL {
  if (sort === "dueDate") return sql`${assessments.dueDate}`;
  if (sort === "status") return statusRank;
  if (sort === "updated") return sql`${assessments.updatedAt}`;
  return sql`${clients.name}`;
}

export type AssessmentListRow = {
  id: string;
  clientId: string;
  clientName: string;
  country: string;
  sector: string;
  residualRisk: string | null;
  gate: string;
  rmName: string | null;
  questionnaireKey: string;
  questionnaireVersion: number;
  status: string;
  language: string;
  dueDate: string;
  sentAt: string;
  submittedAt: string | null;
  updatedAt: string;
  sortKey: string | number | null;
};

export async function listAssessments(institutionId: string, f: AssessmentFilter, page: { limit: number; cursor: Cursor | null }, tx: Reader): Promise<AssessmentListRow[]> {
  const direction = f.dir ?? "asc";
  const key = assessmentSortKey(f.sort);
  const where = assessmentWhere(institutionId, f);
  if (page.cursor) where.push(keyset(key, assessments.id, page.cursor, direction));
  const order = direction === "asc" ? [asc(key), asc(assessments.id)] : [desc(key), desc(assessments.id)];
  return await tx
    .select({
      id: assessments.id,
      clientId: assessments.clientId,
      clientName: clients.name,
      country: clients.country,
      sector: clients.sector,
      residualRisk: clients.residualRisk,
      gate: clients.gate,
      rmName: rmUser.name,
      questionnaireKey: assessments.questionnaireKey,
      questionnaireVersion: assessments.questionnaireVersion,
      status: assessments.status,
      language: assessments.language,
      dueDate: assessments.dueDate,
      sentAt: assessments.sentAt,
      submittedAt: assessments.submittedAt,
      updatedAt: assessments.updatedAt,
      sortKey: sql<string | number | null>`${key}`,
    })
    .from(assessments)
    .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
    .leftJoin(rmUser, eq(rmUser.id, clients.rmUserId))
    .where(and(...where))
    .orderBy(...order)
    .limit(page.limit);
}

export async function countAssessments(institutionId: string, f: AssessmentFilter, tx: Reader): Promise<number> {
  return (
    (await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(assessments)
      .innerJoin(clients, and(eq(clients.id, assessments.clientId), eq(clients.institutionId, assessments.institutionId)))
      .where(and(...assessmentWhere(institutionId, f))).limit(1))[0]?.n ?? 0
  );
}

/** Values offered by the filter selects. */
export async function filterOptions(institutionId: string, tx: Reader) {
  const countries = (await tx.selectDistinct({ v: clients.country }).from(clients).where(eq(clients.institutionId, institutionId)).orderBy(asc(clients.country))).map((r) => r.v);
  const sectors = (await tx.selectDistinct({ v: clients.sector }).from(clients).where(eq(clients.institutionId, institutionId)).orderBy(asc(clients.sector))).map((r) => r.v);
  const rms = await tx
    .selectDistinct({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "rm")))
    .orderBy(asc(users.name));
  return { countries, sectors, rms };
}

// ---------------------------------------------------------------------------------------------
// Re-assessment

const UNDER_WAY = ["sent", "in-progress", "returned", "submitted", "under-review"] as const;

/**
 * Clients whose approved decision ends by `until`, or whose gate closed after an assessment, with
 * no assessment under way. The candidates come from two index ranges (clients by gate, decisions by
 * status) before anything is joined, so the cost follows the candidates, not the portfolio.
 */
export async function reassessmentCandidates(institutionId: string, until: string, tx: Reader, limit = 200) {
  return await rawAll<{
    clientId: string;
    name: string;
    country: string;
    gate: "open" | "conditional" | "pending" | "closed";
    gateReason: string | null;
    residualRisk: string | null;
    rmName: string | null;
    validUntil: string | null;
  }>(tx, sql`
    with approved as (
      select d.client_id as client_id, max(d.valid_until) as valid_until from ${decisions} d
        where d.institution_id = ${institutionId} and d.status = 'approved' group by d.client_id
    ),
    candidates as (
      select c.id as client_id from ${clients} c
        where c.institution_id = ${institutionId} and c.gate = 'closed' and c.gate_reason is not null and c.gate_reason <> 'never-assessed'
      union
      select client_id from approved where valid_until <= ${until}
    )
    select c.id as "clientId", c.name as name, c.country as country, c.gate as gate, c.gate_reason as "gateReason",
      c.residual_risk as "residualRisk", u.name as "rmName", approved.valid_until as "validUntil"
    from candidates
    join ${clients} c on c.id = candidates.client_id and c.institution_id = ${institutionId}
    left join approved on approved.client_id = c.id
    left join ${users} u on u.id = c.rm_user_id
    where not exists (select 1 from ${assessments} a where a.institution_id = c.institution_id and a.client_id = c.id
      and a.status in (${sql.join(UNDER_WAY.map((st) => sql`${st}`), sql`, `)}))
    order by coalesce(approved.valid_until, '0000-00-00') asc, c.name asc, c.id asc
    limit ${limit}`);
}

/** The client's latest assessment that has a submitted answer set: the source of a prefill. */
export async function latestAnsweredAssessment(institutionId: string, clientId: string, tx: Reader) {
  return (await tx
    .select({ id: assessments.id, questionnaireKey: assessments.questionnaireKey, questionnaireVersion: assessments.questionnaireVersion, language: assessments.language, submittedAt: assessments.submittedAt })
    .from(assessments)
    .where(and(eq(assessments.institutionId, institutionId), eq(assessments.clientId, clientId), sql`${assessments.submittedAt} is not null`))
    .orderBy(desc(assessments.submittedAt), desc(assessments.id))
    .limit(1))[0];
}

// ---------------------------------------------------------------------------------------------
// One client's latest result (referrals) and one assessment's export

export async function latestClientResult(institutionId: string, clientId: string, tx: Reader) {
  return (await tx
    .select({
      id: results.id,
      assessmentId: results.assessmentId,
      result: results.result,
      overallScore: results.overallScore,
      band: results.band,
      residualRisk: results.residualRisk,
      recommendation: results.recommendation,
      createdAt: results.createdAt,
      questionnaireKey: assessments.questionnaireKey,
      questionnaireVersion: assessments.questionnaireVersion,
    })
    .from(results)
    .innerJoin(assessments, and(eq(assessments.id, results.assessmentId), eq(assessments.institutionId, results.institutionId)))
    .where(and(eq(results.institutionId, institutionId), eq(assessments.clientId, clientId)))
    .orderBy(desc(results.createdAt), desc(results.id))
    .limit(1))[0];
}

export async function assessmentResults(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select()
    .from(results)
    .where(and(eq(results.institutionId, institutionId), eq(results.assessmentId, assessmentId)))
    .orderBy(asc(results.createdAt), asc(results.id));
}

export async function assessmentDocumentList(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select()
    .from(documents)
    .where(and(eq(documents.institutionId, institutionId), eq(documents.assessmentId, assessmentId)))
    .orderBy(asc(documents.uploadedAt), asc(documents.id));
}

const proposer = alias(users, "proposer");
const reviewer = alias(users, "reviewer");

export async function assessmentDecisionHistory(institutionId: string, assessmentId: string, tx: Reader) {
  const rows = await tx
    .select({ decision: decisions, proposerName: proposer.name, reviewerName: reviewer.name })
    .from(decisions)
    .leftJoin(proposer, eq(proposer.id, decisions.proposedBy))
    .leftJoin(reviewer, eq(reviewer.id, decisions.reviewedBy))
    .where(and(eq(decisions.institutionId, institutionId), eq(decisions.assessmentId, assessmentId)))
    .orderBy(asc(decisions.proposedAt), asc(decisions.id));
  const conds = rows.length
    ? await tx
        .select()
        .from(conditions)
        .where(and(eq(conditions.institutionId, institutionId), inArray(conditions.decisionId, rows.map((r) => r.decision.id))))
        .orderBy(asc(conditions.dueDate), asc(conditions.id))
    : [];
  return { decisions: rows, conditions: conds };
}

export async function assessmentAnswerSets(institutionId: string, assessmentId: string, tx: Reader) {
  return await tx
    .select()
    .from(answerSets)
    .where(and(eq(answerSets.institutionId, institutionId), eq(answerSets.assessmentId, assessmentId)))
    .orderBy(asc(answerSets.submittedAt), asc(answerSets.id));
}

// ---------------------------------------------------------------------------------------------
// Financial observations

export type ObservationRow = typeof financialObservations.$inferSelect;

export async function insertObservation(values: ObservationRow, tx: Tx): Promise<void> {
  await tx.insert(financialObservations).values(values);
}

export async function clientObservations(institutionId: string, clientId: string, tx: Reader) {
  return await tx
    .select({ observation: financialObservations, createdByName: users.name })
    .from(financialObservations)
    .leftJoin(users, eq(users.id, financialObservations.createdBy))
    .where(and(eq(financialObservations.institutionId, institutionId), eq(financialObservations.clientId, clientId)))
    .orderBy(desc(financialObservations.createdAt), desc(financialObservations.id));
}

export async function findObservation(institutionId: string, observationId: string, tx: Reader): Promise<ObservationRow | undefined> {
  return (await tx
    .select()
    .from(financialObservations)
    .where(and(eq(financialObservations.institutionId, institutionId), eq(financialObservations.id, observationId))).limit(1))[0];
}

/** Active admins' e-mail addresses: where a referral goes when no financial-crime contact is set. */
export async function activeAdminEmails(institutionId: string, tx: Reader): Promise<string[]> {
  return (await tx
    .selectDistinct({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "admin"), isNull(memberships.deactivatedAt), eq(users.isActive, true)))
    .orderBy(asc(users.email)))
    .map((r) => r.email);
}

// ---------------------------------------------------------------------------------------------
// What the list exports add to each row: score, decision, validity and open conditions

/** Each client's latest result: overall score (tenths) and band. */
export async function latestClientScores(institutionId: string, tx: Reader) {
  return await rawAll<{ clientId: string; overallScore: number | null; band: string | null }>(tx, sql`
    with ranked as (
      select a.client_id as client_id, r.overall_score_tenths as overall_score, r.band as band,
        row_number() over (partition by a.client_id order by r.created_at desc, r.id desc) as rn
      from ${results} r join ${assessments} a on a.id = r.assessment_id and a.institution_id = r.institution_id
      where r.institution_id = ${institutionId}
    )
    select client_id as "clientId", overall_score as "overallScore", band as "band" from ranked where rn = 1`);
}

export type DecisionFacts = { key: string; outcome: string; status: string; validFrom: string | null; validUntil: string | null };

/** Each client's (or each assessment's) latest decision, with its validity. */
export async function latestDecisions(institutionId: string, by: "client" | "assessment", tx: Reader) {
  const key = by === "client" ? sql`d.client_id` : sql`d.assessment_id`;
  return await rawAll<DecisionFacts>(tx, sql`
    with ranked as (
      select ${key} as "key", d.outcome as "outcome", d.status as "status", d.valid_from as "validFrom", d.valid_until as "validUntil",
        row_number() over (partition by ${key} order by d.proposed_at desc, d.id desc) as rn
      from ${decisions} d where d.institution_id = ${institutionId}
    )
    select "key", "outcome", "status", "validFrom", "validUntil" from ranked where rn = 1`);
}

/** Open conditions of approved decisions, counted per client (or per assessment), with the earliest due date. */
export async function openConditionCounts(institutionId: string, by: "client" | "assessment", tx: Reader) {
  const key = by === "client" ? sql`c.client_id` : sql`d.assessment_id`;
  return await rawAll<{ key: string; open: number; nextDue: string | null }>(tx, sql`
    select ${key} as "key", cast(count(*) as integer) as "open", min(c.due_date) as "nextDue"
    from ${conditions} c join ${decisions} d on d.id = c.decision_id and d.institution_id = c.institution_id
    where c.institution_id = ${institutionId} and c.status = 'open' and d.status = 'approved'
    group by ${key}`);
}

/** The latest result of each of the given assessments: score (tenths), band and red-flag codes. */
export async function latestAssessmentResults(institutionId: string, assessmentIds: readonly string[], tx: Reader) {
  if (assessmentIds.length === 0) return new Map<string, { overallScore: number | null; band: string | null; flags: string[] }>();
  const rows = await tx
    .select({ assessmentId: results.assessmentId, overallScore: results.overallScore, band: results.band, result: results.result, createdAt: results.createdAt, id: results.id })
    .from(results)
    .where(and(eq(results.institutionId, institutionId), inTextList(results.assessmentId, assessmentIds)))
    .orderBy(asc(results.createdAt), asc(results.id));
  const latest = new Map<string, { overallScore: number | null; band: string | null; flags: string[] }>();
  for (const r of rows) {
    const flags = ((r.result as { redFlags?: Array<{ code?: unknown }> } | null)?.redFlags ?? []).map((f) => f.code).filter((c): c is string => typeof c === "string");
    latest.set(r.assessmentId, { overallScore: r.overallScore, band: r.band, flags: [...new Set(flags)] });
  }
  return latest;
}
