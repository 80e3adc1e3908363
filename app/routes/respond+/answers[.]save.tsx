import type { ActionFunctionArgs } from "@remix-run/node";
import { ConflictError } from "~/domain/errors";
import { saveFormAnswers } from "~/services/respondent.server";
import { NO_REFERRER, requireRespondentPage } from "./__respondent.server";

// Autosave with JavaScript: the section page posts one question's fields here (debounced) and
// shows "Saved" / "Not saved: <reason>" from the JSON answer. Same merge and validation as the
// section form.
function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...NO_REFERRER } });
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const { respondent, lang } = await requireRespondentPage(request, now);
  const form = await request.formData();
  try {
    const result = await saveFormAnswers(respondent, form, now, lang);
    if (!result) return json({ saved: [], issues: [] }, 404);
    return json({ saved: result.saved, issues: result.issues });
  } catch (error) {
    if (error instanceof ConflictError) return json({ saved: [], issues: [], error: "conflict" }, 409);
    throw error;
  }
}

export async function loader() {
  return json({ error: "POST only" }, 405);
}
