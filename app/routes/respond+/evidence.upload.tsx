import type { ActionFunctionArgs } from "@remix-run/node";
import { ConflictError } from "~/domain/errors";
import { rt } from "~/i18n/respondent";
import { saveSectionPost, type PostedFile } from "~/services/section-post.server";
import { uploadProblemMessage, uploadStatus } from "./__evidence";
import { MAX_SECTION_POST_BYTES, NO_REFERRER, readSectionForm, requireRespondentPage, TOO_LARGE_MARKER } from "./__respondent.server";

// One evidence file with JavaScript (F15): the section page sends each chosen file here with
// XMLHttpRequest, so it can show upload progress, and reads a JSON answer it shows beside the
// file field. The same write as a section post with that file (upload, attach, audit events);
// answers are not touched (the post carries no answer fields).
function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...NO_REFERRER, ...headers } });
}

async function postedFile(value: FormDataEntryValue | null): Promise<PostedFile | null> {
  if (typeof value === "string" && value.startsWith(TOO_LARGE_MARKER)) return { fileName: value.slice(TOO_LARGE_MARKER.length + 1), tooLarge: true };
  if (value instanceof File && value.size > 0) return { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const { respondent, lang } = await requireRespondentPage(request, now);
  const tooLarge = () => json({ attached: false, message: rt(lang, "evidence.tooLarge") }, 413);
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_SECTION_POST_BYTES) return tooLarge();
  const form = await readSectionForm(request);
  if (!form) return tooLarge();
  const sectionKey = String(form.get("section") ?? "");
  const questionId = String(form.get("q") ?? "");
  try {
    const result = await saveSectionPost(respondent, { sectionKey, intent: `attach:${questionId}`, form, files: (id) => postedFile(form.get(`file:${id}`)) }, now, lang);
    if (!result || !result.questionIds.includes(questionId)) return json({ attached: false, message: rt(lang, "evidence.chooseFile") }, 404);
    if (result.upload) {
      const { status, headers } = uploadStatus(result.upload);
      return json({ attached: false, message: uploadProblemMessage(result.upload, lang) }, status, headers);
    }
    return json({ attached: true }, 200);
  } catch (error) {
    if (error instanceof ConflictError) return json({ attached: false, message: rt(lang, "review.conflict") }, 409);
    throw error;
  }
}

export async function loader() {
  return json({ error: "POST only" }, 405);
}
