// pdf.js for the review page's PDF previews, served from our own origin (issue 14): the library and
// its worker exactly as the pinned pdfjs-dist package ships them, so no copy step can go stale and
// no third-party origin is involved (the CSP's script-src 'self' covers both, and worker-src falls
// back to it). Only these two files; anything else is a 404.
// A resource route: no component and no ErrorBoundary export.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { LoaderFunctionArgs } from "@remix-run/node";

const PDFJS_FILES = ["pdf.min.mjs", "pdf.worker.min.mjs"] as const;
type PdfJsFile = (typeof PDFJS_FILES)[number];

const cache = new Map<PdfJsFile, Buffer>();

function isPdfJsFile(name: string): name is PdfJsFile {
  return (PDFJS_FILES as readonly string[]).includes(name);
}

function read(name: PdfJsFile): Buffer {
  const cached = cache.get(name);
  if (cached) return cached;
  const bytes = fs.readFileSync(createRequire(import.meta.url).resolve(`pdfjs-dist/build/${name}`));
  cache.set(name, bytes);
  return bytes;
}

export function loader({ params }: LoaderFunctionArgs) {
  const name = params.file ?? "";
  if (!isPdfJsFile(name)) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
  }
  const bytes = read(name);
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=3600",
    },
  });
}
