// Where a form's or link's `redirectTo` may send the browser: only a path on this site. The check
// looks at the value as a browser would see it after every layer of percent-decoding, with the
// ASCII control characters and whitespace removed that URL parsers silently drop (a tab or a
// newline inside "/<TAB>/evil.example" turns it into the protocol-relative "//evil.example").

// C0 controls, space, DEL, C1 controls and the Unicode spaces, line/paragraph separators, bidi
// and zero-width marks and the BOM.
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]/g;
const MAX_LENGTH = 2000;
const MAX_DECODE_ROUNDS = 5;

function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  // Still changing after several rounds: nobody links like this on purpose.
  return null;
}

function isSitePath(candidate: string): boolean {
  const path = candidate.split(/[?#]/, 1)[0]!;
  if (!path.startsWith("/")) return false;
  if (path.startsWith("//")) return false;
  if (path.includes("\\")) return false;
  // Dot segments ("/./", "/../", also spelled "/.%2e/") are never part of a link the app makes.
  if (path.split("/").some((segment) => segment === "." || segment === "..")) return false;
  const base = "http://provenant.invalid";
  try {
    const resolved = new URL(candidate, base);
    return resolved.origin === base;
  } catch {
    return false;
  }
}

/**
 * `to` if it is a relative path on this site (query and fragment kept), otherwise `fallback`.
 * Refused: anything not starting with one "/", protocol-relative and backslash forms ("//",
 * "/\", "\/"), absolute URLs and schemes, raw control characters or whitespace anywhere, and any
 * of those reached by percent-decoding or by dropping control characters and whitespace.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  // The app's own links are always percent-encoded: a raw control character, space or backslash
  // only comes from someone crafting the value.
  if (/[\u0000-\u0020\u007f-\u00a0\\]/.test(to) || to !== to.replace(INVISIBLE, "")) return fallback;
  if (!isSitePath(to)) return fallback;
  const decoded = fullyDecoded(to);
  if (decoded === null) return fallback;
  if (!isSitePath(decoded) || !isSitePath(decoded.replace(INVISIBLE, ""))) return fallback;
  return to;
}
