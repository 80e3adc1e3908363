// Name normalisation for list screening (issue 15 "Screening", reviews/domain.md O12/O13).
// Rule: two spellings of one firm must compare equal after normalisation, so the matcher never
// scores accents, case, punctuation or the legal form. Steps, in order:
// 1. Unicode NFKD, combining marks removed ("São" → "sao", "Añil" → "anil"), lower case;
//    "&" → " and ", "+" → " and "; every other non-letter, non-digit → space ("S.A." → "s a").
// 2. Legal-form suffixes are removed from the end, repeatedly, as token sequences ("s a de c v",
//    "sa de cv", "s de r l de c v", "ltda", "eireli", "me", "epp", "llc", "inc", "co ltd",
//    "company limited", "gmbh", "s a s", "sas", "plc"…), so "Textiles del Norte, S.A. de C.V." and
//    "TEXTILES DEL NORTE SA DE CV" both become "textiles del norte". A name made only of a legal
//    form is left as it is rather than emptied.
// 3. Tokens: connector words (de, del, da, do, dos, das, la, los, las, y, e, and, the, of) are
//    dropped for comparison ("Fazenda São José" = "Fazenda de São José").
// A name whose remaining tokens are all generic ("comercial", "trading", "industrial"…) or whose
// letters are fewer than MIN_DISTINCTIVE_CHARS has no distinctive part: the matcher never reports a
// fuzzy match for it (false-positive guard for short, common names).

/** Legal forms, written as normalised token sequences; the longest is tried first. */
const LEGAL_FORMS: readonly string[] = [
  // Mexico and Spanish-speaking Americas
  "s a b de c v", "sab de cv", "s a p i de c v", "sapi de cv", "s a de c v", "sa de cv", "s de r l de c v", "s de rl de cv", "s de r l", "s de rl",
  "s r l", "srl", "s a c", "sac", "s a a", "saa", "s a s", "sas", "s a", "sa", "s c", "sc", "e i r l", "eirl", "s en c", "y cia", "cia", "ltda", "limitada", "s p a", "spa",
  // Brazil and Portugal
  "eireli", "me", "epp", "s a", "ltda me", "ltda epp", "sociedade anonima", "lda",
  // English, Chinese romanised and European
  "company limited", "co limited", "co ltd", "co", "ltd", "limited", "llc", "l l c", "inc", "incorporated", "corp", "corporation", "company", "plc", "lp", "llp", "pte ltd", "pte", "pty ltd", "pty",
  "gmbh", "ag", "kg", "gmbh co kg", "bv", "b v", "nv", "n v", "sarl", "s a r l", "sl", "s l", "oy", "ab", "as", "a s", "jsc", "ojsc", "pjsc", "llp",
  "group co ltd", "group company limited", "holdings", "holding",
].sort((a, b) => b.split(" ").length - a.split(" ").length || b.length - a.length);

const LEGAL_FORM_TOKENS: readonly string[][] = LEGAL_FORMS.map((f) => f.split(" "));

const CONNECTORS = new Set(["de", "del", "da", "do", "dos", "das", "la", "las", "los", "el", "y", "e", "and", "the", "of", "et", "und"]);

/** Words that name a kind of business, not a business: alone they identify nobody. */
const GENERIC = new Set([
  "comercial", "comercializadora", "comercio", "industrial", "industria", "industrias", "trading", "import", "export", "importadora", "exportadora", "international", "internacional",
  "servicios", "servicos", "services", "agricola", "agropecuaria", "agro", "group", "grupo", "general", "global", "textil", "textiles", "foods", "alimentos", "distribuidora", "empresa",
  "company", "enterprise", "enterprises", "construcciones", "construtora", "transportes", "logistica", "logistics", "fazenda", "hacienda", "rancho", "finca", "technology", "tecnologia", "co", "sociedad",
]);

export const MIN_DISTINCTIVE_CHARS = 4;

export interface NormalisedName {
  /** The name as given, trimmed. */
  original: string;
  /** Comparison tokens, in the name's order (legal form and connector words removed). */
  tokens: string[];
  /** Tokens joined by one space. */
  text: string;
  /** Tokens joined without spaces ("sun vale" and "sunvale" meet here). */
  compact: string;
  /** False when nothing distinctive remains: such a name is only ever reported on an exact match. */
  isDistinctive: boolean;
}

export function foldText(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøł]/g, (c) => ({ ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l" })[c] ?? c)
    .replace(/[&+]/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length >= tokens.length) return false; // never strip the whole name
  for (let i = 1; i <= suffix.length; i++) if (tokens[tokens.length - i] !== suffix[suffix.length - i]) return false;
  return true;
}

export function stripLegalForms(tokens: readonly string[]): string[] {
  let rest = [...tokens];
  for (let changed = true; changed; ) {
    changed = false;
    for (const form of LEGAL_FORM_TOKENS) {
      if (endsWith(rest, form)) {
        rest = rest.slice(0, rest.length - form.length);
        // "Textiles Norte, S.A. de C.V." leaves a trailing connector only when a form was cut mid-phrase
        while (rest.length > 1 && CONNECTORS.has(rest[rest.length - 1]!)) rest = rest.slice(0, -1);
        changed = true;
        break;
      }
    }
  }
  return rest;
}

export function normaliseName(name: string): NormalisedName {
  const original = name.trim();
  const folded = foldText(original);
  const stripped = stripLegalForms(folded === "" ? [] : folded.split(" "));
  const withoutConnectors = stripped.filter((t) => !CONNECTORS.has(t));
  const tokens = withoutConnectors.length > 0 ? withoutConnectors : stripped;
  const distinctive = tokens.filter((t) => !GENERIC.has(t));
  const distinctiveChars = distinctive.join("").replace(/\d/g, "").length;
  return {
    original,
    tokens,
    text: tokens.join(" "),
    compact: tokens.join(""),
    isDistinctive: distinctive.length > 0 && distinctiveChars >= MIN_DISTINCTIVE_CHARS,
  };
}

/** Tokens that identify a name (not generic, at least 3 characters): the matcher's blocking keys come from these. */
export function distinctiveTokens(name: NormalisedName): string[] {
  return name.tokens.filter((t) => !GENERIC.has(t) && t.length >= 3);
}
