// The one search rule of every list and the API (issue 14, reviews/walkthrough.md F08): a search
// ignores case and accents, so "cafe", "ÑANDÚ" and "nandu" all find "Café Ñandú S.A." (Spanish
// and Portuguese names are the whole customer base). The rule, in order: Unicode NFD (so "ñ" is
// "n" + a combining tilde, "ü" is "u" + a diaeresis), combining marks removed, lower case, runs
// of white space collapsed to one space, trimmed. Stored names are folded once, on write, into a
// search column; a query is folded the same way and matched as a substring of it.

/** The folded form of a name or a query: what the search columns hold and what they are matched with. */
export function searchKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The folded form of an optional value (registration numbers): null stays null. */
export function optionalSearchKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const key = searchKey(text);
  return key === "" ? null : key;
}
