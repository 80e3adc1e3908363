// Line breaks inside quoted multipart header values (security review L1: "a CRLF in a
// section-form upload's file name answers 500"). Browsers percent-encode CR, LF and `"` in the
// file names they send (HTML "multipart/form-data encoding algorithm"), but other clients send
// them raw: `Content-Disposition: form-data; name="file:q"; filename="a<CR><LF>b.pdf"`. The
// multipart parser then sees a header line ending inside a quoted string and refuses the whole
// post, losing the answers sent with the file. quoteLineBreaksAsSpaces replaces each CR and LF
// that stands inside a quoted string of a part's header block with a space (same length, so
// nothing else moves); cleanFileName later folds the spaces. It is meant for a body the parser
// refused: it repairs nothing unless every such quoted string closes within MAX_QUOTED bytes,
// followed by `;`, a space, a tab or the end of the line, and the header block then ends within
// MAX_HEADER_BLOCK bytes; otherwise the body is returned as it is (really malformed).

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const SEMICOLON = 0x3b;
const TAB = 0x09;
const MAX_HEADER_BLOCK = 16 * 1024;
const MAX_QUOTED = 2 * 1024;

/** The boundary parameter of a multipart Content-Type, or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** Positions of CR/LF inside quotes in the header block starting at `start`, or null if it does not end cleanly. */
function quotedBreaks(body: Uint8Array, start: number): { breaks: number[]; end: number } | null {
  const breaks: number[] = [];
  let quoteStart = -1;
  let breaksBefore = 0;
  const limit = Math.min(body.length, start + MAX_HEADER_BLOCK);
  for (let i = start; i < limit; i++) {
    const byte = body[i];
    if (quoteStart >= 0) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === CR || byte === LF) breaks.push(i);
      else if (byte === QUOTE) {
        if (breaks.length > breaksBefore) {
          // A quoted string that needed repair must look like a header value's end.
          const next = body[i + 1];
          const endsValue = next === SEMICOLON || next === SPACE || next === TAB || (next === CR && body[i + 2] === LF);
          if (i - quoteStart > MAX_QUOTED || !endsValue) return null;
        }
        quoteStart = -1;
      }
      continue;
    }
    if (byte === QUOTE) {
      quoteStart = i;
      breaksBefore = breaks.length;
    } else if (byte === CR && body[i + 1] === LF && body[i + 2] === CR && body[i + 3] === LF) return { breaks, end: i + 4 };
  }
  return null;
}

/** The body with line breaks inside quoted part-header values turned into spaces (a copy only when one was found). */
export function quoteLineBreaksAsSpaces(body: Uint8Array<ArrayBuffer>, boundary: string): Uint8Array<ArrayBuffer> {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const between = Buffer.from(`\r\n--${boundary}`, "latin1");
  // The first delimiter opens the body or follows a preamble and CRLF.
  let at = buffer.subarray(0, delimiter.length).equals(delimiter) ? 0 : buffer.indexOf(between);
  if (at > 0) at += 2;
  let copy: Uint8Array<ArrayBuffer> | null = null;
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (buffer[afterDelimiter] === 0x2d && buffer[afterDelimiter + 1] === 0x2d) break; // "--": the close delimiter
    const headerStart = buffer.indexOf("\r\n", afterDelimiter, "latin1");
    if (headerStart < 0) break;
    const block = quotedBreaks(buffer, headerStart + 2);
    if (!block) return body;
    if (block.breaks.length > 0) {
      copy ??= new Uint8Array(body);
      for (const i of block.breaks) copy[i] = SPACE;
    }
    const next = buffer.indexOf(between, block.end);
    at = next < 0 ? -1 : next + 2;
  }
  return copy ?? body;
}
