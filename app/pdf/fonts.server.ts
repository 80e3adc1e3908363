// The embedded DejaVu Sans faces, parsed once per process. pdfkit re-parses a TTF for every
// document it is given as a path or buffer (most of its build time, TOOLCHAIN.md); handed a parsed
// fontkit font it only subsets it. DejaVu covers Latin, Greek and Cyrillic, so any name a user
// types into Provenant renders.
import fs from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

type ParsedFont = ReturnType<typeof fontkit.create>;

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
