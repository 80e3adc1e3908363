// The respondent's PDF receipt (issue 6): the answers exactly as frozen at submission, the
// signatory, the submission time, the questionnaire key, version and hash, the institution and the
// client. Text a person typed goes through an embedded TTF (DejaVu Sans), because pdfkit's
// built-in Helvetica garbles characters outside WinAnsi (TOOLCHAIN.md "pdfkit").
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { rt } from "~/i18n/respondent";
import type { Receipt } from "~/services/submission.server";

const FONT_CANDIDATES = ["node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];

/** The TTF the receipt embeds: the npm package's copy when installed, else Debian's. */
export function receiptFontPath(): string | null {
  for (const candidate of FONT_CANDIDATES) {
    const resolved = path.resolve(process.cwd(), candidate);
    if (fs.existsSync(resolved)) return resolved;
  }
  return null;
}

function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function renderReceiptPdf(receipt: Receipt): Promise<Buffer> {
  const lang = receipt.lang;
  // Pages are buffered so each can carry "Page n of m" once the total is known (F20).
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    bufferPages: true,
    info: {
      Title: rt(lang, "receipt.title"),
      Author: receipt.institution,
      Subject: rt(lang, "receipt.questionnaireValue", { title: receipt.questionnaire.title, version: receipt.questionnaire.version }),
      CreationDate: new Date(receipt.submittedAt),
    },
  });
  const font = receiptFontPath();
  if (font) {
    doc.registerFont("Body", font);
    doc.font("Body");
  }
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.fontSize(18).text(rt(lang, "receipt.title"));
  doc.moveDown(0.5);
  const row = (label: string, value: string) => {
    doc.fontSize(9).fillColor("#475569").text(label);
    doc.fontSize(11).fillColor("#0f172a").text(value);
    doc.moveDown(0.3);
  };
  row(rt(lang, "receipt.institution"), receipt.institution);
  row(rt(lang, "receipt.client"), receipt.client);
  row(rt(lang, "receipt.questionnaire"), rt(lang, "receipt.questionnaireValue", { title: receipt.questionnaire.title, version: receipt.questionnaire.version }));
  row(rt(lang, "receipt.sha256"), receipt.questionnaire.sha256);
  row(rt(lang, "receipt.submittedAt"), formatTime(receipt.submittedAt));
  row(rt(lang, "receipt.signatory"), `${receipt.signatory.name}, ${receipt.signatory.title} <${receipt.signatory.email}>`);
  doc.moveDown(0.3);
  doc.fontSize(10).fillColor("#0f172a").text(receipt.attestationText);
  doc.moveDown(0.5);
  // Said before the answers, so the document never ends on a page holding only this line.
  doc.fontSize(8).fillColor("#475569").text(rt(lang, "receipt.generated"));
  doc.moveDown();
  doc.fontSize(14).fillColor("#0f172a").text(rt(lang, "receipt.answers"));
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** Starts a new page when the block would not fit, so a question never parts from its answer. */
  const keepTogether = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  for (const section of receipt.sections) {
    doc.moveDown(0.6);
    const first = section.answers[0];
    keepTogether(doc.fontSize(12).heightOfString(section.title, { width }) + (first ? doc.fontSize(9).heightOfString(first.question, { width }) + doc.fontSize(10).heightOfString(first.answer || " ", { width }) + 6 : 0));
    doc.fontSize(12).fillColor("#0f172a").text(section.title);
    for (const answer of section.answers) {
      doc.moveDown(0.3);
      keepTogether(doc.fontSize(9).heightOfString(answer.question, { width }) + doc.fontSize(10).heightOfString(answer.answer || " ", { width }));
      // Question text only, never its key (F20).
      doc.fontSize(9).fillColor("#475569").text(answer.question);
      doc.fontSize(10).fillColor("#0f172a").text(answer.answer);
      if (answer.evidence.length > 0) doc.fontSize(9).text(rt(lang, "receipt.evidence", { names: answer.evidence.join(", ") }));
      if (answer.comment) doc.fontSize(9).text(rt(lang, "receipt.comment", { comment: answer.comment }));
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Written in the bottom margin: lift the margin so pdfkit does not open a page for it.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor("#475569")
      .text(rt(lang, "receipt.pageOf", { n: i + 1, total: range.count }), doc.page.margins.left, doc.page.height - 30, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
