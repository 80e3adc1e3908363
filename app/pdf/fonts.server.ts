// The embedded DejaVu Sans faces, parsed once per process. pdfkit re-parses a TTF for every
// document it is given as a path or buffer (most of its build time, TOOLCHAIN.md); handed a parsed
// fontkit font it only subsets it. DejaVu covers Latin, Greek and Cyrillic, so any name a user
// types into Provenant renders.
import fs from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

type ParsedFont = Awaited<ReturnType<typeof fontkit.create>>;

const FONT_DIR = path.resolve(process.cwd(), "node_modules/dejavu-fonts-ttf/ttf");
const cache = new Map<string, ParsedFont>();

function load(file: string): ParsedFont {
  let font = cache.get(file);
  if (!font) {
    font = fontkit.create(fs.readFileSync(path.join(FONT_DIR, file)));
    cache.set(file, font);
  }
  return font;
}

export function dejaVuFonts(): { regular: ParsedFont; bold: ParsedFont } {
  return { regular: load("DejaVuSans.ttf"), bold: load("DejaVuSans-Bold.ttf") };
}

// pdfkit shapes every word with fontkit (OpenType layout: most of a build's time) and caches the
// runs per document. The runs depend only on the font and the text, so one cache per face is
// shared by all documents of the process; it is replaced when it grows large (user text varies).
const MAX_CACHED_RUNS = 20_000;
const layoutCaches = new Map<ParsedFont, { runs: Record<string, unknown>; uses: number }>();

export function sharedLayoutCache(font: ParsedFont): Record<string, unknown> {
  let entry = layoutCaches.get(font);
  if (!entry || (++entry.uses % 200 === 0 && Object.keys(entry.runs).length > MAX_CACHED_RUNS)) {
    entry = { runs: Object.create(null) as Record<string, unknown>, uses: 0 };
    layoutCaches.set(font, entry);
  }
  return entry.runs;
}
