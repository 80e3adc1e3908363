// The AML case-file PDF of a financial red-flag referral: the client, the observations with their
// typology sources, the RM's note, the latest questionnaire result and its red flags, and the
// statement that observations do not change the control score (DOMAIN-RESEARCH.md §5.7).
// DejaVu Sans is embedded because notes and names are typed by people (TOOLCHAIN.md: Helvetica
// garbles anything outside WinAnsi).
import PDFDocument from "pdfkit";
import type { Referral } from "~/domain/observations";
import { dejaVuFonts } from "./fonts.server";

const TEXT = {
  en: {
    title: "Financial red-flag referral",
    subtitle: "For the AML case file. Observations from the client's account activity; they do not change the client's control score.",
    referral: "Referral",
    recorded: "Recorded",
    by: "by",
    to: "Sent to",
    client: "Client",
    country: "Country",
    sector: "Sector",
    registration: "Registration number",
    inherent: "Inherent risk",
    residual: "Residual risk",
    gate: "Gate",
    observations: "Observations",
    source: "Source",
    note: "Note",
    latest: "Latest questionnaire result",
    none: "The client has no scored result yet.",
    questionnaire: "Questionnaire",
    score: "Overall score",
    recommendation: "Recommendation",
    flags: "Questionnaire red flags",
    noFlags: "None.",
    unchanged: "These observations were not scored: the control score and residual risk above are the questionnaire's.",
  },
  es: {
    title: "Derivación por alertas financieras",
    subtitle: "Para el expediente de PLD. Observaciones de la actividad de la cuenta del cliente; no cambian la puntuación de controles del cliente.",
    referral: "Derivación",
    recorded: "Registrada",
    by: "por",
    to: "Enviada a",
    client: "Cliente",
    country: "País",
    sector: "Sector",
    registration: "Número de registro",
    inherent: "Riesgo inherente",
    residual: "Riesgo residual",
    gate: "Compuerta",
    observations: "Observaciones",
    source: "Fuente",
    note: "Nota",
    latest: "Último resultado del cuestionario",
    none: "El cliente aún no tiene un resultado puntuado.",
    questionnaire: "Cuestionario",
    score: "Puntuación global",
    recommendation: "Recomendación",
    flags: "Alertas del cuestionario",
    noFlags: "Ninguna.",
    unchanged: "Estas observaciones no se puntuaron: la puntuación de controles y el riesgo residual anteriores son los del cuestionario.",
  },
} as const;

export async function buildReferralPdf(referral: Referral, lang: "en" | "es"): Promise<Buffer> {
  const t = TEXT[lang];
  const doc = new PDFDocument({ size: "A4", margin: 50, lang, displayTitle: true, info: { Title: `${t.title}: ${referral.client.name}`, Author: referral.institution, Subject: referral.referralId } as PDFKit.DocumentInfo });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  const fonts = dejaVuFonts();
  doc.registerFont("Body", fonts.regular as unknown as string);
  doc.registerFont("Bold", fonts.bold as unknown as string);
  const width = doc.page.width - 100;
  const heading = (text: string) => doc.moveDown(0.8).font("Bold").fontSize(12).fillColor("#0f172a").text(text, 50, doc.y, { width });
  const field = (name: string, value: string) => doc.font("Bold").fontSize(10).fillColor("#0f172a").text(`${name}: `, 50, doc.y, { width, continued: true }).font("Body").text(value);

  doc.font("Bold").fontSize(18).fillColor("#0f172a").text(t.title, 50, 50, { width });
  doc.font("Body").fontSize(9.5).fillColor("#334155").text(t.subtitle, { width });
  doc.moveDown(0.5);
  field(t.referral, referral.referralId);
  field(t.recorded, `${referral.recordedAt} ${t.by} ${referral.recordedBy.name}`);
  field(t.to, referral.to.join(", "));

  heading(t.client);
  field(t.client, referral.client.name);
  field(t.country, referral.client.country);
  field(t.sector, referral.client.sector);
  field(t.registration, referral.client.registrationNumber ?? "—");
  field(t.inherent, referral.client.inherentRisk);
  field(t.residual, referral.client.residualRisk ?? "—");
  field(t.gate, referral.client.gate);

  heading(t.observations);
  for (const o of referral.observations) {
    doc.font("Body").fontSize(10).fillColor("#0f172a").text(`• ${o.label}`, 50, doc.y, { width });
    doc.font("Body").fontSize(8.5).fillColor("#475569").text(`${t.source}: ${o.source}`, 62, doc.y, { width: width - 12 });
  }
  heading(t.note);
  doc.font("Body").fontSize(10).fillColor("#0f172a").text(referral.note || "—", 50, doc.y, { width });

  heading(t.latest);
  const r = referral.latestResult;
  if (!r) doc.font("Body").fontSize(10).text(t.none, 50, doc.y, { width });
  else {
    field(t.questionnaire, `${r.questionnaire} (${r.createdAt.slice(0, 10)})`);
    field(t.score, `${r.overallScore ?? "—"} (${r.band ?? "—"})`);
    field(t.residual, r.residualRisk);
    field(t.recommendation, r.recommendation);
    doc.moveDown(0.3).font("Bold").fontSize(10).text(t.flags, 50, doc.y, { width });
    if (r.redFlags.length === 0) doc.font("Body").fontSize(10).text(t.noFlags, 50, doc.y, { width });
    for (const f of r.redFlags) doc.font("Body").fontSize(9.5).text(`• ${f.code} (${f.severity}, ${f.questionId}): ${f.message}`, 50, doc.y, { width });
  }
  doc.moveDown(1).font("Body").fontSize(9).fillColor("#334155").text(t.unchanged, 50, doc.y, { width });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
