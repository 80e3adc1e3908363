// Screening use cases (issue 15 "Screening", O12/O13): importing a list (then rescreening the
// portfolio), screening a client's own name when it is created or edited, screening the parties a
// submission names, and the RM's disposition of each potential match. Each runs inside the
// caller's write with its audit events; a hit confirmed as a true match closes the gate
// (app/domain/gate.ts), so every change that can confirm or clear one refreshes the gate.
import { createHash } from "node:crypto";
import { read, write, type Reader, type Tx } from "~/db.server";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { namedParties, reconcile, screeningStanding, subjectKey, type FoundMatch, type StoredHit, type Subject, type SubjectKind } from "~/domain/screening/hits";
import { ListMetadataSchema, parseList, type ListMetadata } from "~/domain/screening/lists";
import { buildIndex, screenName, type ScreeningIndex } from "~/domain/screening/matcher";
import { newId } from "~/ids.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import {
  allEntries,
  clientsToScreen,
  dispositionsOfClient,
  findHit,
  findListByName,
  hitsOfClient,
  hitsOfInstitution,
  insertDisposition,
  insertHits,
  insertList,
  institutionIds,
  latestNamedPartyAnswers,
  listScreeningLists,
  replaceEntries,
  updateHit,
  updateList,
  type ScreeningHitRow,
  type ScreeningListRow,
} from "~/repositories/screening.server";
import { refreshClientGate } from "./gate.server";

export type ScreeningActor = { institutionId: string; userId: string | null };

// The index of an institution's lists, rebuilt when a list changes (keyed by the lists' hashes
// and import times). Process memory holds only this cache; the lists live in the database.
const indexCache = new Map<string, { version: string; index: ScreeningIndex; lists: Map<string, ScreeningListRow> }>();

async function institutionIndex(institutionId: string, q: Reader) {
  const lists = await listScreeningLists(institutionId, q);
  const version = lists.map((l) => `${l.id}:${l.sha256}:${l.importedAt}`).join("|");
  const cached = indexCache.get(institutionId);
  if (cached && cached.version === version) return cached;
  const entries = lists.length === 0 ? [] : await allEntries(institutionId, q);
  const index = buildIndex(entries.map((e) => ({ key: e.entryKey, listId: e.listId, name: e.name, aliases: e.aliases, country: e.country, listedDate: e.listedDate })));
  const built = { version, index, lists: new Map(lists.map((l) => [l.id, l])) };
  indexCache.set(institutionId, built);
  return built;
}

function stored(h: ScreeningHitRow): StoredHit {
  return { id: h.id, clientId: h.clientId, subjectKind: h.subjectKind, subjectKey: h.subjectKey, listId: h.listId, entryKey: h.entryKey, score: h.score, isCurrent: h.isCurrent, status: h.status };
}

export interface ScreeningOutcome {
  subjects: number;
  newHits: number;
  clearedHits: number;
  clientsWithNewHits: number;
}

/**
 * Screens `subjects` and reconciles the stored hits of the scope (`inScope` picks the stored hits
 * the subjects replace). Inside the caller's write; audits one event per client with new or
 * cleared hits and refreshes those clients' gates.
 */
async function screenSubjects(
  ctx: { institutionId: string; actorId: string | null; now: Date },
  subjects: readonly Subject[],
  scope: { clientIds: readonly string[] | null; kinds: readonly SubjectKind[] },
  tx: Tx,
): Promise<ScreeningOutcome> {
  const { index, lists } = await institutionIndex(ctx.institutionId, tx);
  const found: FoundMatch[] = [];
  for (const subject of subjects) {
    for (const m of screenName(index, { name: subject.name, country: subject.country })) {
      const list = lists.get(m.entry.listId);
      if (!list) continue;
      found.push({ subject, listId: list.id, listKind: list.kind, listName: list.name, entryKey: m.entry.key, listedName: m.entry.name, matchedName: m.matchedName, listedCountry: m.entry.country, listedDate: m.entry.listedDate, score: m.score });
    }
  }
  const storedHits = (await hitsOfInstitution(ctx.institutionId, tx, scope.clientIds ?? undefined)).map(stored);
  const clientSet = scope.clientIds ? new Set(scope.clientIds) : null;
  const plan = reconcile(storedHits, found, (h) => (clientSet === null || clientSet.has(h.clientId)) && scope.kinds.includes(h.subjectKind));
  const nowIso = ctx.now.toISOString();
  const rows: ScreeningHitRow[] = plan.inserts.map((m) => ({
    id: newId(),
    institutionId: ctx.institutionId,
    clientId: m.subject.clientId,
    subjectKind: m.subject.kind,
    subjectName: m.subject.name,
    subjectKey: subjectKey(m.subject.name),
    listId: m.listId,
    listKind: m.listKind,
    listName: m.listName,
    entryKey: m.entryKey,
    listedName: m.listedName,
    matchedName: m.matchedName,
    listedCountry: m.listedCountry,
    listedDate: m.listedDate,
    score: m.score,
    status: "pending",
    isCurrent: true,
    assessmentId: m.subject.assessmentId,
    foundAt: nowIso,
    screenedAt: nowIso,
  }));
  await insertHits(rows, tx);
  const byId = new Map(storedHits.map((h) => [h.id, h]));
  for (const r of plan.refreshed) {
    if (!r.wasCurrent || byId.get(r.id)?.score !== r.score) await updateHit(ctx.institutionId, r.id, { isCurrent: true, score: r.score, screenedAt: nowIso }, tx);
  }
  for (const id of plan.cleared) await updateHit(ctx.institutionId, id, { isCurrent: false, screenedAt: nowIso }, tx);

  const touched = new Map<string, { added: ScreeningHitRow[]; cleared: string[]; restored: string[] }>();
  const at = (clientId: string) => touched.get(clientId) ?? touched.set(clientId, { added: [], cleared: [], restored: [] }).get(clientId)!;
  for (const row of rows) at(row.clientId).added.push(row);
  for (const id of plan.cleared) at(byId.get(id)!.clientId).cleared.push(id);
  for (const r of plan.refreshed) if (!r.wasCurrent) at(byId.get(r.id)!.clientId).restored.push(r.id);
  for (const [clientId, change] of touched) {
    await appendAuditEvent(
      {
        institutionId: ctx.institutionId,
        actorType: ctx.actorId ? "user" : "system",
        actorId: ctx.actorId,
        action: "client.screened",
        subjectType: "client",
        subjectId: clientId,
        after: {
          potentialMatches: change.added.map((h) => ({ hitId: h.id, subject: h.subjectName, list: h.listName, listedName: h.listedName, score: h.score })),
          noLongerFound: change.cleared,
          foundAgain: change.restored,
        },
        now: ctx.now,
      },
      tx,
    );
    if (change.cleared.length > 0 || change.restored.length > 0) await refreshClientGate({ institutionId: ctx.institutionId, clientId, now: ctx.now, actorType: ctx.actorId ? "user" : "system", actorId: ctx.actorId }, tx);
  }
  return { subjects: subjects.length, newHits: rows.length, clearedHits: plan.cleared.length, clientsWithNewHits: new Set(rows.map((r) => r.clientId)).size };
}

/** Screens a client's own name (on create and on an edit of its name or country). */
export async function screenClientName(ctx: { institutionId: string; actorId: string | null; now: Date }, client: { id: string; name: string; country: string }, tx: Tx): Promise<ScreeningOutcome> {
  return await screenSubjects(ctx, [{ clientId: client.id, kind: "client", name: client.name, country: client.country, assessmentId: null }], { clientIds: [client.id], kinds: ["client"] }, tx);
}

/** Screens the parties a submission names (they replace the parties of earlier submissions). */
export async function screenSubmission(ctx: { institutionId: string; actorId: string | null; now: Date }, input: { clientId: string; assessmentId: string; answers: Record<string, { value?: unknown } | undefined> }, tx: Tx): Promise<ScreeningOutcome> {
  const subjects = namedParties(input.clientId, input.assessmentId, input.answers);
  return await screenSubjects(ctx, subjects, { clientIds: [input.clientId], kinds: ["agency"] }, tx);
}

/** Rescreens every client of the institution and the parties of each client's latest submission. */
export async function rescreenPortfolio(ctx: { institutionId: string; actorId: string | null; now: Date }, tx: Tx): Promise<ScreeningOutcome> {
  const subjects: Subject[] = (await clientsToScreen(ctx.institutionId, tx)).map((c) => ({ clientId: c.id, kind: "client", name: c.name, country: c.country, assessmentId: null }));
  const latest = new Map<string, { assessmentId: string; submittedAt: string; answers: Record<string, { value?: unknown } | undefined> }>();
  for (const a of await latestNamedPartyAnswers(ctx.institutionId, tx)) {
    const have = latest.get(a.clientId);
    if (!have || have.submittedAt < a.submittedAt) latest.set(a.clientId, { assessmentId: a.assessmentId, submittedAt: a.submittedAt, answers: a.answers as Record<string, { value?: unknown }> });
  }
  for (const [clientId, a] of latest) subjects.push(...namedParties(clientId, a.assessmentId, a.answers));
  return await screenSubjects(ctx, subjects, { clientIds: null, kinds: ["client", "agency"] }, tx);
}

export interface ImportResult {
  listId: string;
  entryCount: number;
  skipped: number;
  rescreen: ScreeningOutcome;
}

/** Imports (or refreshes) a list from its publisher's file, then rescreens the portfolio, in one write. */
export async function importScreeningList(actor: ScreeningActor, metadata: ListMetadata, file: { name: string; text: string }, now: Date): Promise<ImportResult> {
  const meta = ListMetadataSchema.safeParse(metadata);
  if (!meta.success) throw new InvalidInputError("The list's details are not valid", meta.error.issues.map((i) => ({ path: i.path.join(".") || "list", message: i.message })));
  const parsed = parseList(meta.data.kind, file.text, file.name);
  if (parsed.entries.length === 0) throw new InvalidInputError("The file holds no list entry", [{ path: "file", message: "screening.error.empty" }]);
  const sha256 = createHash("sha256").update(file.text).digest("hex");
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const nowIso = now.toISOString();
    const existing = await findListByName(actor.institutionId, meta.data.kind, meta.data.name, tx);
    const listId = existing?.id ?? newId();
    const values = { sourceUrl: meta.data.sourceUrl, retrievedDate: meta.data.retrievedDate, sha256, entryCount: parsed.entries.length, isSample: meta.data.isSample, importedAt: nowIso, importedBy: actor.userId };
    if (existing) await updateList(actor.institutionId, listId, values, tx);
    else await insertList({ id: listId, institutionId: actor.institutionId, kind: meta.data.kind, name: meta.data.name, ...values }, tx);
    await replaceEntries(
      actor.institutionId,
      listId,
      parsed.entries.map((e) => ({ id: newId(), institutionId: actor.institutionId, listId, entryKey: e.key, name: e.name, aliases: e.aliases, country: e.country, listedDate: e.listedDate, details: e.details })),
      tx,
    );
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: actor.userId ? "user" : "system",
        actorId: actor.userId,
        action: existing ? "screening-list.refreshed" : "screening-list.imported",
        subjectType: "screening-list",
        subjectId: listId,
        before: existing ? { sha256: existing.sha256, entryCount: existing.entryCount, retrievedDate: existing.retrievedDate } : undefined,
        after: { kind: meta.data.kind, name: meta.data.name, sourceUrl: meta.data.sourceUrl, retrievedDate: meta.data.retrievedDate, isSample: meta.data.isSample, sha256, entryCount: parsed.entries.length, skipped: parsed.skipped, file: file.name },
        now,
      },
      tx,
    );
    const rescreen = await rescreenPortfolio({ institutionId: actor.institutionId, actorId: actor.userId, now }, tx);
    return { listId, entryCount: parsed.entries.length, skipped: parsed.skipped, rescreen };
  });
}

export type Disposition = "true-match" | "false-positive";

/** The RM's disposition of a potential match, with a written reason; audited; moves the gate. */
export async function disposeHit(actor: { institutionId: string; userId: string }, hitId: string, input: { disposition: Disposition; reason: string }, now: Date): Promise<ScreeningHitRow> {
  const reason = input.reason.trim();
  if (!reason) throw new InvalidInputError("A disposition needs a written reason", [{ path: "reason", message: "screening.error.reason" }]);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const hit = await findHit(actor.institutionId, hitId, tx);
    if (!hit) throw new NotFoundError("Screening match");
    const nowIso = now.toISOString();
    await insertDisposition({ id: newId(), institutionId: actor.institutionId, hitId, disposition: input.disposition, reason, decidedBy: actor.userId, decidedAt: nowIso }, tx);
    await updateHit(actor.institutionId, hitId, { status: input.disposition }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "screening-match.disposed",
        subjectType: "client",
        subjectId: hit.clientId,
        before: { hitId, status: hit.status },
        after: { hitId, status: input.disposition, list: hit.listName, listedName: hit.listedName, subject: hit.subjectName, score: hit.score },
        reason,
        now,
      },
      tx,
    );
    await refreshClientGate({ institutionId: actor.institutionId, clientId: hit.clientId, now, actorType: "user", actorId: actor.userId }, tx);
    return { ...hit, status: input.disposition };
  });
}

export interface ClientScreeningView {
  lists: Array<{ name: string; retrievedDate: string; isSample: boolean }>;
  hits: Array<{
    id: string;
    subjectKind: SubjectKind;
    subjectName: string;
    listName: string;
    listedName: string;
    matchedName: string;
    listedCountry: string | null;
    listedDate: string | null;
    score: number;
    status: ScreeningHitRow["status"];
    isCurrent: boolean;
    foundAt: string;
  }>;
  confirmed: ReturnType<typeof screeningStanding>["confirmed"];
  pendingCount: number;
}

/** What the client page shows of the bank's screening. */
export async function clientScreening(institutionId: string, clientId: string, q: Reader): Promise<ClientScreeningView> {
  const hits = await hitsOfClient(institutionId, clientId, q);
  const standing = screeningStanding(hits);
  return {
    lists: (await listScreeningLists(institutionId, q)).map((l) => ({ name: l.name, retrievedDate: l.retrievedDate, isSample: l.isSample })),
    hits: hits.map((h) => ({ id: h.id, subjectKind: h.subjectKind, subjectName: h.subjectName, listName: h.listName, listedName: h.listedName, matchedName: h.matchedName, listedCountry: h.listedCountry, listedDate: h.listedDate, score: h.score, status: h.status, isCurrent: h.isCurrent, foundAt: h.foundAt })),
    confirmed: standing.confirmed,
    pendingCount: standing.pendingCount,
  };
}

/** One hit with its dispositions (the disposition page); undefined for another tenant's id. */
export async function screeningHit(institutionId: string, clientId: string, hitId: string, q: Reader) {
  const hit = await findHit(institutionId, hitId, q);
  if (!hit || hit.clientId !== clientId) return undefined;
  const dispositions = (await dispositionsOfClient(institutionId, clientId, q)).filter((d) => d.hitId === hitId);
  return { hit, dispositions };
}

/** The admin page's view of the loaded lists, with each list's age in days at `now`. */
export async function screeningListsView(institutionId: string, now: Date, q: Reader) {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return (await listScreeningLists(institutionId, q)).map((l) => ({
    id: l.id,
    kind: l.kind,
    name: l.name,
    sourceUrl: l.sourceUrl,
    retrievedDate: l.retrievedDate,
    entryCount: l.entryCount,
    isSample: l.isSample,
    importedAt: l.importedAt,
    ageDays: Math.max(0, Math.round((today - Date.parse(`${l.retrievedDate}T00:00:00Z`)) / 86_400_000)),
  }));
}

/** Institutions a command-line import loads into: the one named, or all. */
export async function importTargets(institutionId: string | undefined): Promise<string[]> {
  const all = await read((q) => institutionIds(q));
  if (institutionId === undefined) return all;
  if (!all.includes(institutionId)) throw new NotFoundError("Institution");
  return [institutionId];
}
