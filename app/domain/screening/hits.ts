// Screening hits and their dispositions (issue 15 "Screening", O12/O13): what a screening found,
// how a new screening changes the stored hits, and what the hits mean for the client.
// Rules:
// - A subject is the client itself, or a party the client names in its answers: the v2
//   questionnaires name counterparties only in `rec.agency-list` (agencies and contractors, one per
//   line or ";"-separated, "legal name, country, services"); each line's first comma-separated
//   part is the name and a part that reads as a country is its country.
// - A screening covers a scope (one client's own name, one client's named parties, or the whole
//   portfolio). In scope, a match found again keeps its hit and its disposition; a new match is a
//   pending hit; a stored hit not found again stops being current (the name changed or the entry
//   left the list) and no longer counts, but stays on record with its disposition.
// - Every current pending hit needs an RM disposition before a decision can be proposed.
// - A current hit confirmed as a true match is a critical red flag and closes the gate.
import { countryCode } from "./lists";
import { normaliseName } from "./normalise";

export type SubjectKind = "client" | "agency";
export type HitStatus = "pending" | "true-match" | "false-positive";

export interface Subject {
  clientId: string;
  kind: SubjectKind;
  name: string;
  country: string | null;
  assessmentId: string | null;
}

export interface FoundMatch {
  subject: Subject;
  listId: string;
  listKind: string;
  listName: string;
  entryKey: string;
  listedName: string;
  matchedName: string;
  listedCountry: string | null;
  listedDate: string | null;
  score: number;
}

export interface StoredHit {
  id: string;
  clientId: string;
  subjectKind: SubjectKind;
  subjectKey: string;
  listId: string;
  entryKey: string;
  score: number;
  isCurrent: boolean;
  status: HitStatus;
}

/** Questions whose text answers name counterparties (v2 files); value: the kind of party. */
export const NAMED_PARTY_QUESTIONS: Readonly<Record<string, SubjectKind>> = { "rec.agency-list": "agency" };

export function subjectKey(name: string): string {
  return normaliseName(name).text;
}

/** The parties named in the answers: one per line (or ";"-separated), "name, country, …". */
export function namedParties(clientId: string, assessmentId: string, answers: Record<string, { value?: unknown } | undefined>): Subject[] {
  const out = new Map<string, Subject>();
  for (const [questionId, kind] of Object.entries(NAMED_PARTY_QUESTIONS)) {
    const value = answers[questionId]?.value;
    if (typeof value !== "string") continue;
    for (const line of value.split(/\r?\n|;/)) {
      const parts = line.split(/,|\s[–-]\s|\t/).map((p) => p.replace(/^[\s*•\-\d.)]+/, "").trim()).filter((p) => p !== "");
      const name = parts[0];
      if (!name || normaliseName(name).compact.length < 3) continue;
      const country = parts.slice(1).map((p) => countryCode(p)).find((c): c is string => typeof c === "string") ?? null;
      const key = `${kind}|${subjectKey(name)}`;
      if (!out.has(key)) out.set(key, { clientId, kind, name, country, assessmentId });
    }
  }
  return [...out.values()];
}

export interface Reconciliation {
  inserts: FoundMatch[];
  /** Stored hits found again (current, with the new score and screening time). */
  refreshed: Array<{ id: string; score: number; wasCurrent: boolean }>;
  /** Stored hits in scope not found again. */
  cleared: string[];
}

/**
 * How a screening changes the stored hits. `inScope(hit)` says whether a stored hit belongs to
 * the subjects this screening covered (its client and subject kind).
 */
export function reconcile(stored: readonly StoredHit[], found: readonly FoundMatch[], inScope: (hit: StoredHit) => boolean): Reconciliation {
  const byKey = new Map(stored.map((h) => [`${h.clientId}|${h.subjectKind}|${h.subjectKey}|${h.listId}|${h.entryKey}`, h]));
  const seen = new Set<string>();
  const inserts: FoundMatch[] = [];
  const refreshed: Reconciliation["refreshed"] = [];
  for (const m of found) {
    const key = `${m.subject.clientId}|${m.subject.kind}|${subjectKey(m.subject.name)}|${m.listId}|${m.entryKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hit = byKey.get(key);
    if (hit) refreshed.push({ id: hit.id, score: m.score, wasCurrent: hit.isCurrent });
    else inserts.push(m);
  }
  const refreshedIds = new Set(refreshed.map((r) => r.id));
  const cleared = stored.filter((h) => h.isCurrent && inScope(h) && !refreshedIds.has(h.id)).map((h) => h.id);
  return { inserts, refreshed, cleared };
}

export interface ScreeningStanding {
  /** Current hits confirmed as true matches: each a critical red flag; any closes the gate. */
  confirmed: Array<{ listName: string; listKind: string; listedName: string; listedDate: string | null; subjectName: string; subjectKind: SubjectKind }>;
  /** Current hits with no disposition: a decision cannot be proposed. */
  pendingCount: number;
}

export function screeningStanding(hits: ReadonlyArray<Pick<StoredHit, "isCurrent" | "status"> & { listName: string; listKind: string; listedName: string; listedDate: string | null; subjectName: string; subjectKind: SubjectKind }>): ScreeningStanding {
  const current = hits.filter((h) => h.isCurrent);
  return {
    confirmed: current
      .filter((h) => h.status === "true-match")
      .map((h) => ({ listName: h.listName, listKind: h.listKind, listedName: h.listedName, listedDate: h.listedDate, subjectName: h.subjectName, subjectKind: h.subjectKind })),
    pendingCount: current.filter((h) => h.status === "pending").length,
  };
}
