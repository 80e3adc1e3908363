// The respondent's questionnaire as GET /api/v1/respond shows it, and questions picked from it.
import { bearer, send, type Tally } from "./http";
import type { App } from "./server";

export type RespondQuestion = { id: string; type: string; required: boolean; showIf?: unknown; options?: Array<{ value: string }>; evidence?: unknown; range?: { min?: number; max?: number } };
export type RespondView = { assessment: { id: string; status: string }; questionnaire: { sections: Array<{ key: string; questions: RespondQuestion[] }> }; draft: Record<string, { value: unknown; evidence?: string[]; comment?: string }>; documents: Array<{ id: string; fileName: string }> };

export async function respondView(app: App, token: string, tally?: Tally): Promise<RespondView> {
  const res = await send(app, "/api/v1/respond", { headers: bearer(token) }, tally);
  if (res.status !== 200) throw new Error(`GET /api/v1/respond: ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as RespondView;
}

/** Questions always shown (no showIf), by type. */
export function visible(view: RespondView, type?: string): Array<RespondQuestion & { section: string }> {
  return view.questionnaire.sections.flatMap((s) => s.questions.filter((q) => !q.showIf && (!type || q.type === type)).map((q) => ({ ...q, section: s.key })));
}

/** A valid value for a question (the first option, a number in range, a date, some text). */
export function validValue(q: RespondQuestion): unknown {
  switch (q.type) {
    case "boolean":
    case "single":
      return q.options?.[0]?.value;
    case "multi":
      return [q.options?.[0]?.value];
    case "number":
    case "percent":
      return q.range?.min ?? 0;
    case "date":
      return "2026-01-15";
    case "countries":
      return ["PE"];
    default:
      return "Texto de prueba";
  }
}

/** The section-form fields that answer one question with a valid value and a comment. */
export function answerFields(q: RespondQuestion, comment: string): Record<string, string | string[]> {
  const v = validValue(q);
  return { q: q.id, [`v:${q.id}`]: Array.isArray(v) ? v.map(String) : String(v), [`c:${q.id}`]: comment };
}

/** The first always-shown question that takes a comment-carrying answer. */
export function anyQuestion(view: RespondView): RespondQuestion & { section: string } {
  const q = visible(view, "single")[0] ?? visible(view)[0];
  if (!q) throw new Error("no visible question");
  return q;
}
