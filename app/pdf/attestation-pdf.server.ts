// The attestation PDF (issue 8): one A4 document drawn with pdfkit from AttestationContent, with
// the DejaVu faces embedded (every user-entered character renders as real, extractable text), the
// document title and language set, a bar chart of the section scores and a QR code to the public
// verify page; then signed (detached CMS over the byte range, subFilter ETSI.CAdES.detached).
// Reproducible: CreationDate, ModDate, the signature's /M and the CMS signing-time are all the
// issue time, and pdfkit's file id is a hash of the info dictionary, so the same content, time
// and key always give the same bytes (RSA PKCS#1 v1.5 signatures are deterministic).
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { pdfkitAddPlaceholder } from "@signpdf/placeholder-pdfkit";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { at, type AttestationUiKey } from "~/i18n/attestations";
import type { Lang } from "~/i18n";
import { CmsSigner, type ParsedSigningKey } from "./cms-signer.server";
import { dejaVuFonts, sharedLayoutCache } from "./fonts.server";

export type AttestationContent = {
  attestationId: string;
  keyId: string;
  language: Lang;
  /** ISO instant; also the PDF dates and the signing time. */
  issuedAt: string;
  /** YYYY-MM-DD */
  validUntil: string;
  verifyUrl: string;
  institution: { id: string; name: string };
  client: { name: string; country: string; countryName: string; registrationNumber: string | null };
  questionnaire: { key: string; title: string; version: number; sha256: string };
  submission: { submittedAt: string; signatory: { name: string; title: string; email: string } };
  overall: { score: number | null; band: string | null };
  sections: Array<{ key: string; title: string; score: number | null; band: string | null }>;
  /** `title` is what the PDF prints; the code stays for the API and the bank's records. */
  redFlags: Array<{ code: string; title: string; severity: string; message: string }>;
  inherentRisk: { level: string; points: number; components: Array<{ kind: string; value: string; points: number; explanation: string }> };
  residualRisk: { level: string; steps: string[] };
  decision: { outcome: string; recommendation: string; rationale: string; justification: string | null };
  conditions: Array<{ text: string; dueDate: string }>;
  proposerName: string;
  approverName: string;
};

/** Info-dictionary keys the offline verifier reads back (they lie inside the signed byte range). */
export const INFO_ATTESTATION_ID = "ProvenantAttestationId";
export const INFO_KEY_ID = "ProvenantKeyId";

const SIGNATURE_BYTES = 8192;
const INK = "#0f172a";
const MUTED = "#475569";
const BAR = "#1d4ed8";
const BAR_TRACK = "#e2e8f0";

const LABEL_KEYS = new Set<string>([
  "band.strong", "band.adequate", "band.weak", "band.poor",
  "risk.low", "risk.medium", "risk.high", "risk.very-high", "risk.critical",
  "outcome.approve", "outcome.approve-with-conditions", "outcome.enhanced-due-diligence", "outcome.decline",
  "severity.critical", "severity.major",
  "component.country", "component.sector", "component.goods",
]);

/** A translated enum value; a value the catalogue does not know is printed as stored. */
function label(lang: Lang, prefix: "band" | "risk" | "outcome" | "severity" | "component", value: string | null): string {
  if (value === null) return at(lang, "pdf.notScored");
  const key = `${prefix}.${value}`;
  return LABEL_KEYS.has(key) ? at(lang, key as AttestationUiKey) : value;
}

function formatScore(score: number | null): string {
  return score === null ? "–" : score.toFixed(1);
}

/** Builds the unsigned PDF (with the signature placeholder) and signs it. */
export async function buildSignedAttestationPdf(content: AttestationContent, key: ParsedSigningKey): Promise<Buffer> {
  const lang = content.language;
  const t = (k: AttestationUiKey, vars?: Record<string, string | number>) => at(lang, k, vars);
  const issuedAt = new Date(content.issuedAt);
  const fonts = dejaVuFonts();
  const info = {
    Title: `${t("pdf.title")}: ${content.client.name} (${t(`pdf.headline.${content.decision.outcome}` as AttestationUiKey, { n: content.conditions.length })})`,
    Author: content.institution.name,
    Subject: t("pdf.subtitle"),
    Keywords: `attestation ${content.attestationId}`,
    Creator: "Provenant",
    Producer: "Provenant",
    CreationDate: issuedAt,
    ModDate: issuedAt,
    [INFO_ATTESTATION_ID]: content.attestationId,
    [INFO_KEY_ID]: content.keyId,
  };
  // font: null skips pdfkit's default Helvetica (its AFM metrics are parsed per document).
  const doc = new PDFDocument({ size: "A4", margin: 50, lang, displayTitle: true, pdfVersion: "1.7", info: info as PDFKit.DocumentInfo, autoFirstPage: false, font: null as unknown as string });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  // Registered once per document; the parsed font objects are shared across documents.
  doc.registerFont("Body", fonts.regular as unknown as string);
  doc.registerFont("Bold", fonts.bold as unknown as string);
  // pdfkit's EmbeddedFont keeps word layouts in `layoutCache`; the shared one outlives the document.
  const embedded = doc as unknown as { _font: { layoutCache?: Record<string, unknown> } };
  doc.font("Bold");
  embedded._font.layoutCache = sharedLayoutCache(fonts.bold);
  doc.font("Body");
  embedded._font.layoutCache = sharedLayoutCache(fonts.regular);
  doc.addPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;

  const ensure = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.5).font("Bold").fontSize(11.5).fillColor(INK).text(text, left, doc.y, { width });
    doc.moveDown(0.2);
  };
  const row = (name: string, value: string) => {
    doc.font("Bold").fontSize(9).fillColor(INK).text(`${name}: `, left, doc.y, { width, continued: true }).font("Body").text(value);
  };
  const para = (text: string, color = INK) => {
    doc.font("Body").fontSize(9).fillColor(color).text(text, left, doc.y, { width });
  };

  // Header, with the QR code to the verify page in the top-right corner (vector squares: no image
  // decoding, reproducible).
  const qrSize = 84;
  const qrLeft = left + width - qrSize;
  const qr = QRCode.create(content.verifyUrl, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = qrSize / n;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(qrLeft + c * cell, 50 + r * cell, cell, cell);
    }
  }
  doc.fill(INK);
  const headerWidth = width - qrSize - 16;
  doc.font("Bold").fontSize(18).fillColor(INK).text(t("pdf.title"), left, 50, { width: headerWidth });
  doc.font("Body").fontSize(10).fillColor(MUTED).text(t("pdf.subtitle"), { width: headerWidth });
  // What was decided, first: an attestation of a decline or of EDD must not read like an approval.
  doc.font("Bold").fontSize(12).fillColor(INK).text(t(`pdf.headline.${content.decision.outcome}` as AttestationUiKey, { n: content.conditions.length }), { width: headerWidth });
  doc.font("Bold").fontSize(11).fillColor(INK).text(t("pdf.issuedBy", { institution: content.institution.name }), { width: headerWidth });
  doc.font("Body").fontSize(8.5).fillColor(MUTED).text(`${t("pdf.attestationId")}: ${content.attestationId} · ${t("pdf.issuedAt")}: ${content.issuedAt.slice(0, 10)} · ${t("pdf.validUntil")}: ${content.validUntil}`, { width: headerWidth });
  doc.font("Body").fontSize(8.5).fillColor(BAR).text(content.verifyUrl, { width: headerWidth, link: content.verifyUrl });
  doc.y = Math.max(doc.y, 50 + qrSize + 4);

  heading(t("pdf.client"));
  row(t("pdf.clientName"), content.client.name);
  row(t("pdf.country"), `${content.client.countryName} (${content.client.country})`);
  row(t("pdf.registration"), content.client.registrationNumber ?? t("pdf.none"));

  heading(t("pdf.questionnaire"));
  row(t("pdf.questionnaireKey"), `${content.questionnaire.title} (${content.questionnaire.key})`);
  row(t("pdf.version"), String(content.questionnaire.version));
  row(t("pdf.sha256"), content.questionnaire.sha256);
  row(t("pdf.submittedAt"), content.submission.submittedAt.slice(0, 10));
  const s = content.submission.signatory;
  row(t("pdf.signatory"), `${s.name}, ${s.title} <${s.email}>`);

  // Scores: one labelled bar per section on a 0-100 track, then the overall figure.
  heading(t("pdf.scores"));
  const labelWidth = 190;
  const barWidth = width - labelWidth - 120;
  for (const section of content.sections) {
    // Long section titles wrap; the row grows to fit them.
    doc.font("Body").fontSize(9);
    const titleHeight = doc.heightOfString(section.title, { width: labelWidth - 8 });
    const rowHeight = Math.max(14, titleHeight + 3);
    ensure(rowHeight);
    const y = doc.y;
    doc.fillColor(INK).text(section.title, left, y, { width: labelWidth - 8 });
    doc.rect(left + labelWidth, y + 1, barWidth, 8).fill(BAR_TRACK);
    if (section.score !== null) doc.rect(left + labelWidth, y + 1, (barWidth * Math.max(0, Math.min(100, section.score))) / 100, 8).fill(BAR);
    doc
      .font("Body")
      .fontSize(9)
      .fillColor(INK)
      .text(`${formatScore(section.score)} · ${label(lang, "band", section.band)}`, left + labelWidth + barWidth + 8, y, { width: 112, lineBreak: false });
    doc.x = left;
    doc.y = y + rowHeight;
  }
  row(t("pdf.overall"), `${formatScore(content.overall.score)} · ${label(lang, "band", content.overall.band)}`);

  heading(t("pdf.redFlags"));
  if (content.redFlags.length === 0) para(t("pdf.noRedFlags"));
  for (const flag of content.redFlags) para(`• [${label(lang, "severity", flag.severity)}] ${flag.title}: ${flag.message}`);

  heading(t("pdf.risk"));
  row(t("pdf.inherentRisk"), `${label(lang, "risk", content.inherentRisk.level)} (${t("pdf.points", { points: content.inherentRisk.points })})`);
  for (const c of content.inherentRisk.components) para(`• ${label(lang, "component", c.kind)} ${c.value}: ${t("pdf.points", { points: c.points })}. ${c.explanation}`, MUTED);
  row(t("pdf.residualRisk"), label(lang, "risk", content.residualRisk.level));
  for (const step of content.residualRisk.steps) para(`• ${step}`, MUTED);

  heading(t("pdf.decision"));
  row(t("pdf.outcome"), label(lang, "outcome", content.decision.outcome));
  row(t("pdf.recommendation"), label(lang, "outcome", content.decision.recommendation));
  row(t("pdf.rationale"), content.decision.rationale);
  if (content.decision.justification) row(t("pdf.justification"), content.decision.justification);
  heading(t("pdf.conditions"));
  if (content.conditions.length === 0) para(t("pdf.noConditions"));
  for (const c of content.conditions) para(`• ${c.text} (${t("pdf.due", { date: c.dueDate })})`);
  doc.moveDown(0.4);
  row(t("pdf.proposedBy"), content.proposerName);
  row(t("pdf.approvedBy"), content.approverName);
  row(t("pdf.issuedAt"), content.issuedAt.replace("T", " ").slice(0, 16) + " UTC");
  row(t("pdf.validUntil"), content.validUntil);

  // How to verify, with the ids the offline verifier prints.
  heading(t("pdf.verify"));
  para(t("pdf.verifyText"), MUTED);
  doc.font("Body").fontSize(9).fillColor(BAR).text(content.verifyUrl, left, doc.y, { width, link: content.verifyUrl });
  para(`${t("pdf.attestationId")}: ${content.attestationId} · ${t("pdf.keyId")}: ${content.keyId}`, MUTED);

  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: t("pdf.signatureReason", { id: content.attestationId }),
    contactInfo: "",
    name: content.institution.name,
    location: "",
    signingTime: issuedAt,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: "Provenant",
  });
  doc.end();
  await ended;
  return new SignPdf().sign(Buffer.concat(chunks), new CmsSigner(key), issuedAt);
}
