// Display names of uploaded files (security review L8) and the Content-Disposition header that
// serves them. A file name is untrusted text the respondent's browser chose: it is shown to the
// bank on the review screen, in exports and as the name a download is saved under. So it keeps
// only what a person reads as a name:
// - the last path segment (`../x.pdf`, `C:\x.pdf` → `x.pdf`; files are stored by SHA-256 anyway);
// - NFC normalised, so the same name typed on two systems is the same string;
// - no control characters (C0 including CR/LF and NUL, DEL, C1), no bidirectional controls
//   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: "invoice\u202Efdp.exe" would display as
//   "invoiceexe.pdf"), no zero-width or other invisible format characters (U+200B–U+200D, U+2060,
//   U+FEFF, every Unicode "Cf" character), no unpaired surrogates and no `"`;
// - line breaks and tabs become one space;
// - at most MAX_FILE_NAME_CHARS code points, cut between graphemes and keeping the extension.

export const MAX_FILE_NAME_CHARS = 200;
export const FALLBACK_FILE_NAME = "document";

// Line breaks and tabs (C0, NEL, LINE and PARAGRAPH SEPARATOR) read as a space.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;
// Cc: C0, DEL and C1 controls. Cf: bidi controls, zero-width characters, BOM, soft hyphen, tags…
// Cs: surrogates left unpaired (a well-formed pair is one astral code point, not matched here).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}"]/gu;
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The leading graphemes of `text` that fit in `max` code points. */
function takeCodePoints(text: string, max: number): string {
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (used + size > max) break;
    out += segment;
    used += size;
  }
  return out;
}

/** A safe display name for an uploaded file; "document" when nothing readable is left. */
export function cleanFileName(name: string, max = MAX_FILE_NAME_CHARS): string {
  const segment = name.split(/[\\/]/).pop() ?? "";
  const cleaned = segment.normalize("NFC").replace(BREAKS, " ").replace(INVISIBLE, "").replace(/\s+/gu, " ").trim();
  if (cleaned === "" || /^[.\s]+$/u.test(cleaned)) return FALLBACK_FILE_NAME;
  if ([...cleaned].length <= max) return cleaned;
  const extension = EXTENSION.exec(cleaned)?.[0] ?? "";
  const stem = cleaned.slice(0, cleaned.length - extension.length);
  const kept = takeCodePoints(stem, max - extension.length).trimEnd();
  return kept === "" ? takeCodePoints(cleaned, max) : `${kept}${extension}`;
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment` with the cleaned name twice (RFC 6266): a printable-ASCII `filename` for old
 * clients (anything else becomes `_`) and the UTF-8 `filename*` (RFC 5987).
 */
export function attachmentDisposition(fileName: string): string {
  return contentDisposition("attachment", fileName);
}

/** The same header, `inline` for a preview the page shows itself (see inlinePreviewKind). */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const name = cleanFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/gu, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
