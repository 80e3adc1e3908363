// Evidence file types, decided by content (magic bytes), never by the file name: PRODUCT.md
// "Evidence files: allowed types are checked by content (magic bytes), not by name".
// Signatures: PDF "%PDF-" (ISO 32000-1 §7.5.2), PNG 89 50 4E 47 0D 0A 1A 0A (RFC 2083 §3.1),
// JPEG FF D8 FF (SOI marker followed by another marker, ITU T.81 Annex B), and for Office Open
// XML (ECMA-376 Part 2, Open Packaging Conventions) a ZIP file (PKWARE APPNOTE 4.3.6) whose
// central directory lists word/document.xml (DOCX) or xl/workbook.xml (XLSX). Reading the central
// directory rather than the first local header matters: packages written by other tools do not
// all put [Content_Types].xml or the main part first.

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type EvidenceType = { mediaType: string; extension: "pdf" | "png" | "jpg" | "docx" | "xlsx" };

export const EVIDENCE_TYPES = {
  pdf: { mediaType: "application/pdf", extension: "pdf" },
  png: { mediaType: "image/png", extension: "png" },
  jpg: { mediaType: "image/jpeg", extension: "jpg" },
  docx: { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx" },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
} as const satisfies Record<string, EvidenceType>;

/** The media types an evidence download may carry; any other stored type is served as octet-stream. */
export const SERVED_MEDIA_TYPES: ReadonlySet<string> = new Set(Object.values(EVIDENCE_TYPES).map((t) => t.mediaType));

/**
 * What the review page may show inline (issue 14): PDFs, drawn by pdf.js on a canvas, and PNG or
 * JPEG images. Anything else (DOCX, XLSX, an unknown stored type) is download-only.
 */
export function inlinePreviewKind(mediaType: string): "pdf" | "image" | null {
  if (mediaType === EVIDENCE_TYPES.pdf.mediaType) return "pdf";
  if (mediaType === EVIDENCE_TYPES.png.mediaType || mediaType === EVIDENCE_TYPES.jpg.mediaType) return "image";
  return null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
// The end record is 22 bytes plus a comment of at most 65 535 bytes.
const ZIP_EOCD_MAX_SEARCH = 22 + 0xffff;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}

/** The names in a ZIP file's central directory, or null when it is not a readable ZIP file. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (bytes.length < 22 || u32(bytes, 0) !== ZIP_LOCAL_HEADER) return null;
  let eocd = -1;
  const lowest = Math.max(0, bytes.length - ZIP_EOCD_MAX_SEARCH);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) === ZIP_END_OF_CENTRAL_DIRECTORY) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (offset + size > eocd) return null;
  const names: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let at = offset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || u32(bytes, at) !== ZIP_CENTRAL_HEADER) return null;
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    if (at + 46 + nameLength > eocd) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The evidence type of a file's bytes, or null when the content is not an allowed type. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | null {
  if (startsWith(bytes, PDF_SIGNATURE)) return EVIDENCE_TYPES.pdf;
  if (startsWith(bytes, PNG_SIGNATURE)) return EVIDENCE_TYPES.png;
  if (startsWith(bytes, JPEG_SIGNATURE)) return EVIDENCE_TYPES.jpg;
  const names = zipEntryNames(bytes);
  if (names === null) return null;
  if (names.includes("word/document.xml")) return EVIDENCE_TYPES.docx;
  if (names.includes("xl/workbook.xml")) return EVIDENCE_TYPES.xlsx;
  return null;
}
