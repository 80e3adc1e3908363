// Name screening against published lists (issue 15 "Screening", reviews/domain.md O12, O13):
// which list entries a client, agency or supplier name could be. Pure: the lists and the subject
// come in, the potential matches go out; an RM disposes of each one.
//
// Similarity (fastest-levenshtein's edit distance, on normalised names, see normalise.ts):
//   sorted = 1 − lev(tokens sorted, joined) / longer length   (word order does not matter)
//   compact = 1 − lev(tokens joined without spaces) / longer   ("Sun Vale" = "Sunvale")
//   score  = max(sorted, compact), per name and alias; the entry's score is its best name's.
// Thresholds (stated, tested):
// - POTENTIAL_MATCH_SCORE = 88 (%): at 88 a 9-letter name tolerates one edit, an 18-letter name two;
// - a name shorter than SHORT_NAME_CHARS (8 letters, compact) must match exactly (100):
//   "Lopez" is not "Lopes", "Acme" is not "Acma";
// - a name with no distinctive part ("Comercial S.A.", normalise.ts) is reported only when its full
//   folded spelling, legal form included, is the listed one and the countries do not differ;
// - when both countries are known and differ, only an exact normalised match (100) is reported:
//   a listed firm's namesake abroad is a different firm unless the names are identical.
// Blocking (so a portfolio rescreen is not clients × entries comparisons): each name is indexed
// under the first four letters of each distinctive token and the first five of its compact form;
// a subject is compared only with names that share all but one of the keys it uses (at least
// one), where keys held by more than BLOCK_KEY_CAP_SHARE of the names are not used when rarer keys
// exist (the two rarest are required together when none is rarer).
// Cost: a true match whose every distinctive token has an edit in its first four letters and whose
// compact form differs in its first five is missed; the benchmark and the tests show the trade.
import { distance } from "fastest-levenshtein";
import { distinctiveTokens, foldText, normaliseName, type NormalisedName } from "./normalise";

export const POTENTIAL_MATCH_SCORE = 88;
export const SHORT_NAME_CHARS = 8;
export const BLOCK_KEY_CAP_SHARE = 0.02;

export interface ScreeningEntry {
  /** The entry's stable key within its list (the publisher's id, or a hash of its name). */
  key: string;
  listId: string;
  name: string;
  aliases: readonly string[];
  /** ISO 3166-1 alpha-2, or null when the list gives none. */
  country: string | null;
  /** YYYY-MM-DD the entity was listed, when the list says. */
  listedDate: string | null;
}

export interface ScreeningSubject {
  name: string;
  country: string | null;
}

export interface PotentialMatch {
  entry: ScreeningEntry;
  /** 0–100, integer. */
  score: number;
  /** The list's spelling (name or alias) that matched. */
  matchedName: string;
}

interface Variant {
  entryIndex: number;
  spelling: string;
  norm: NormalisedName;
  folded: string;
  sorted: string;
}

export interface ScreeningIndex {
  entries: readonly ScreeningEntry[];
  variants: readonly Variant[];
  postings: Map<string, number[]>;
  keyCap: number;
  /** Scratch counters for blocking, one per spelling (reset after each subject). */
  counts: Uint8Array;
}

function sortedText(norm: NormalisedName): string {
  return [...norm.tokens].sort().join(" ");
}

export function blockingKeys(norm: NormalisedName): string[] {
  const keys = new Set<string>();
  for (const t of distinctiveTokens(norm)) keys.add(`t:${t.slice(0, 4)}`);
  if (norm.compact.length >= 3) keys.add(`c:${norm.compact.slice(0, 5)}`);
  return [...keys];
}

export function buildIndex(entries: readonly ScreeningEntry[]): ScreeningIndex {
  const variants: Variant[] = [];
  const postings = new Map<string, number[]>();
  entries.forEach((entry, entryIndex) => {
    const spellings = [...new Set([entry.name, ...entry.aliases].map((s) => s.trim()).filter((s) => s !== ""))];
    for (const spelling of spellings) {
      const norm = normaliseName(spelling);
      if (norm.tokens.length === 0) continue;
      const v = variants.length;
      variants.push({ entryIndex, spelling, norm, folded: foldText(spelling), sorted: sortedText(norm) });
      for (const key of blockingKeys(norm)) {
        const list = postings.get(key);
        if (list) list.push(v);
        else postings.set(key, [v]);
      }
    }
  });
  return { entries, variants, postings, keyCap: Math.max(50, Math.ceil(variants.length * BLOCK_KEY_CAP_SHARE)), counts: new Uint8Array(variants.length) };
}

/** Similarity of two normalised names, 0–100 (integer, rounded down). */
export function similarity(a: NormalisedName, b: NormalisedName): number {
  return similarityOf(a, sortedText(a), b, sortedText(b));
}

function ratio(x: string, y: string): number {
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 0;
  return 1 - distance(x, y) / longer;
}

function similarityOf(a: NormalisedName, aSorted: string, b: NormalisedName, bSorted: string): number {
  if (a.compact === b.compact || aSorted === bSorted) return 100;
  return Math.floor(Math.max(ratio(aSorted, bSorted), ratio(a.compact, b.compact)) * 100 + 1e-9);
}

/** The score a pair must reach to be reported, or null when the pair can never be reported. */
function decide(subject: NormalisedName, subjectFolded: string, subjectCountry: string | null, v: Variant, entry: ScreeningEntry, score: number): boolean {
  const countriesDiffer = subjectCountry !== null && entry.country !== null && subjectCountry !== entry.country;
  if (!subject.isDistinctive || !v.norm.isDistinctive) return !countriesDiffer && subjectFolded === v.folded;
  if (countriesDiffer) return score === 100;
  if (Math.min(subject.compact.length, v.norm.compact.length) < SHORT_NAME_CHARS) return score === 100;
  return score >= POTENTIAL_MATCH_SCORE;
}

function candidates(index: ScreeningIndex, keys: readonly string[]): number[] {
  const lists = keys.map((k) => index.postings.get(k) ?? []).filter((l) => l.length > 0);
  if (lists.length === 0) return [];
  const rare = lists.filter((l) => l.length <= index.keyCap);
  const used = rare.length > 0 ? rare : [...lists].sort((a, b) => a.length - b.length).slice(0, 2);
  if (used.length === 1) return used[0]!;
  // A name within the threshold differs from the subject in at most one key (one token, or the
  // compact prefix): it shares all but one of the keys the subject uses.
  const need = rare.length > 0 ? Math.max(1, used.length - 1) : used.length;
  const counts = index.counts;
  const touched: number[] = [];
  for (const list of used) {
    for (const v of list) {
      if (counts[v] === 0) touched.push(v);
      counts[v]! += 1;
    }
  }
  const out: number[] = [];
  for (const v of touched) {
    if (counts[v]! >= need) out.push(v);
    counts[v] = 0;
  }
  return out;
}

/** The entries the subject could be, best first (one per entry, with its best-matching spelling). */
export function screenName(index: ScreeningIndex, subject: ScreeningSubject): PotentialMatch[] {
  const norm = normaliseName(subject.name);
  if (norm.tokens.length === 0) return [];
  const folded = foldText(subject.name);
  const sorted = sortedText(norm);
  const country = subject.country ? subject.country.toUpperCase() : null;
  const best = new Map<number, PotentialMatch>();
  const minRatio = POTENTIAL_MATCH_SCORE / 100;
  const la = norm.compact.length;
  for (const vi of candidates(index, blockingKeys(norm))) {
    const v = index.variants[vi]!;
    const entry = index.entries[v.entryIndex]!;
    const exact = norm.compact === v.norm.compact || sorted === v.sorted;
    let score: number;
    if (exact) score = 100;
    else {
      // The rules that accept only an exact name are checked before any edit distance is computed.
      const countriesDiffer = country !== null && entry.country !== null && country !== entry.country;
      const lb = v.norm.compact.length;
      if (countriesDiffer || !norm.isDistinctive || !v.norm.isDistinctive || Math.min(la, lb) < SHORT_NAME_CHARS) continue;
      // Length filter: an edit ratio ≥ 0.88 is impossible when the lengths differ by more than 12 %.
      if (Math.min(la, lb) / Math.max(la, lb) < minRatio) continue;
      score = similarityOf(norm, sorted, v.norm, v.sorted);
    }
    if (!decide(norm, folded, country, v, entry, score)) continue;
    const previous = best.get(v.entryIndex);
    if (!previous || previous.score < score) best.set(v.entryIndex, { entry, score, matchedName: v.spelling });
  }
  return [...best.values()].sort((a, b) => b.score - a.score || (a.entry.key < b.entry.key ? -1 : 1));
}
