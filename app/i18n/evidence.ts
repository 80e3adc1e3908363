// UI strings of evidence documents (issue 14: the bank's preview and download, the respondent's
// list of documents with the questions they support), kept apart from review.ts and
// respondent.ts. `es` is typed against `en`'s keys, so a missing Spanish string is a compile error.
// Sizes and dates are formatted here, on the server, so the page hydrates with the same text.
import type { Lang } from "./index";

const en = {
  "doc.download": "Download {name}",
  "doc.metadata": "{size} · uploaded by {uploader} on {date}",
  "doc.metadataNoUploader": "{size} · uploaded on {date}",
  "doc.supports": "Evidence for",
  "doc.preview": "Preview of {name}",
  "doc.previewLoading": "Loading the preview…",
  "doc.previewFailed": "The preview could not be shown. Download the file to read it.",
  "doc.noPreview": "No preview for this type of file. Download it to read it.",
  "doc.page": "Page {page} of {pages}",
  "doc.previousPage": "Previous page",
  "doc.nextPage": "Next page",
  "doc.shownWith": "{name}: preview, download and review are with the question “{question}”.",
  "doc.openThere": "Go to that document",
  "size.bytes": "{n} bytes",
  "size.kb": "{n} KB",
  "size.mb": "{n} MB",
  "respondent.supports": "Evidence for: {questions}",
  "respondent.option": "{name} (evidence for: {questions})",
  "respondent.optionUnused": "{name} (not attached to any question yet)",
};

export type EvidenceKey = keyof typeof en;

const es: Record<EvidenceKey, string> = {
  "doc.download": "Descargar {name}",
  "doc.metadata": "{size} · subido por {uploader} el {date}",
  "doc.metadataNoUploader": "{size} · subido el {date}",
  "doc.supports": "Evidencia de",
  "doc.preview": "Vista previa de {name}",
  "doc.previewLoading": "Cargando la vista previa…",
  "doc.previewFailed": "No se pudo mostrar la vista previa. Descargue el archivo para leerlo.",
  "doc.noPreview": "Este tipo de archivo no tiene vista previa. Descárguelo para leerlo.",
  "doc.page": "Página {page} de {pages}",
  "doc.previousPage": "Página anterior",
  "doc.nextPage": "Página siguiente",
  "doc.shownWith": "{name}: la vista previa, la descarga y la revisión están en la pregunta «{question}».",
  "doc.openThere": "Ir a ese documento",
  "size.bytes": "{n} bytes",
  "size.kb": "{n} KB",
  "size.mb": "{n} MB",
  "respondent.supports": "Evidencia de: {questions}",
  "respondent.option": "{name} (evidencia de: {questions})",
  "respondent.optionUnused": "{name} (aún sin adjuntar a ninguna pregunta)",
};

export const evidenceUi: Record<Lang, Record<EvidenceKey, string>> = { en, es };

/** Translates an evidence string; unknown placeholders are left as written. */
export function et(lang: Lang, key: EvidenceKey, vars?: Record<string, string | number>): string {
  const template = evidenceUi[lang][key];
  if (vars === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

const LOCALE: Record<Lang, string> = { en: "en-GB", es: "es-419" };

/** A size a person reads: "660 bytes", "12 KB", "1.4 MB" (es-419 writes the decimal point too, as in Mexico and Guatemala); 1 KB = 1024 bytes. */
export function formatFileSize(bytes: number, lang: Lang): string {
  const number = (n: number, digits: number) => new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return et(lang, "size.bytes", { n: number(bytes, 0) });
  const kb = Math.round(bytes / 1024);
  if (kb < 1024) return et(lang, "size.kb", { n: number(kb, 0) });
  return et(lang, "size.mb", { n: number(Math.round((bytes / (1024 * 1024)) * 10) / 10, 1) });
}

/** A calendar date in words, in UTC as stored: "1 December 2026", "1 de diciembre de 2026". */
/** One way to write a date: the notifications module's ("30 de noviembre de 2026"). */
export { formatDate } from "~/domain/notifications/dates";
