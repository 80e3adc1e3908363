// Answer sets for the demo seed: the best answer everywhere, or a weaker profile, or one that
// raises a chosen red flag. Only visible questions are answered (follow-ups are resolved by
// re-evaluating showIf until nothing changes), so the sets validate like a respondent's would.
import type { Question, Questionnaire } from "../app/domain/questionnaire/schema";
import { visibleQuestionIds } from "../app/domain/scoring/answers";

export type Profile = "best" | "good" | "weak";
type Answer = { value: unknown; evidence?: string[]; comment?: string };

function rankedOptions(q: Question) {
  const flagged = new Set(q.redFlags.flatMap((r) => ("in" in r.when ? r.when.in : [])));
  return [...(q.options ?? [])].filter((o) => !flagged.has(o.value)).sort((a, b) => (b.points ?? 0) - (a.points ?? 0));
}

function valueFor(q: Question, profile: Profile, index: number): unknown {
  const step = profile === "best" ? 0 : profile === "good" ? (index % 3 === 0 ? 1 : 0) : index % 2 === 0 ? 1 : 2;
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = rankedOptions(q);
      return (options[Math.min(step, options.length - 1)] ?? q.options![0]!).value;
    }
    case "multi": {
      const positive = rankedOptions(q).filter((o) => (o.points ?? 0) > 0);
      const keep = profile === "best" ? positive.length : Math.max(1, positive.length - step - 1);
      return positive.slice(0, keep).map((o) => o.value);
    }
    case "number":
    case "percent": {
      const bands = [...(q.scale ?? [])].sort((a, b) => b.points - a.points);
      const band = bands[Math.min(step, bands.length - 1)];
      if (!band) return 0;
      const flagged = q.redFlags.some((r) => ("gte" in r.when && band.min >= r.when.gte) || ("lte" in r.when && band.min <= r.when.lte));
      return flagged ? (bands[0]?.min ?? 0) : band.min;
    }
    case "text":
      return "Documented in our labour rights policy and supplier code; see the attached evidence.";
    case "date":
      return "2026-06-30";
    case "countries":
      return ["MX", "GT"];
  }
}

/** Builds an answer set; `overrides` force answers (e.g. one that raises a critical flag). */
export function demoAnswers(questionnaire: Questionnaire, profile: Profile, overrides: Record<string, unknown> = {}): Record<string, Answer> {
  const all = questionnaire.sections.flatMap((s) => s.questions);
  const full: Record<string, Answer> = {};
  all.forEach((q, i) => {
    full[q.id] = { value: q.id in overrides ? overrides[q.id] : valueFor(q, profile, i) };
  });
  let answers = full;
  for (let round = 0; round < 5; round++) {
    const visible = new Set(visibleQuestionIds(questionnaire, answers));
    const next = Object.fromEntries(Object.entries(full).filter(([id]) => visible.has(id)));
    if (Object.keys(next).length === Object.keys(answers).length) return next;
    answers = next;
  }
  return answers;
}

/** Question ids whose evidence rule expects a document, among the answered ones. */
export function evidenceQuestions(questionnaire: Questionnaire, answers: Record<string, Answer>): string[] {
  return questionnaire.sections.flatMap((s) => s.questions).filter((q) => q.evidence?.expected && q.id in answers).map((q) => q.id);
}

/** A small, valid one-page PDF used as a demo evidence document. */
export function demoPdf(title: string): Uint8Array {
  const text = title.replace(/[()\\]/g, " ");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    "",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 14 Tf 72 770 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
