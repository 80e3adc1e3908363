// Shared by the respondent routes: the session check that renders the right page (link needed,
// or 410 with whom to contact), the no-referrer header, and multipart parsing of section posts.
import { redirect, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { readCappedBytes } from "~/api/body.server";
import { unreadableForm } from "~/http/harden-build.server";
import { getRespondent, type RespondentContext } from "~/auth/respondent.server";
import { MAX_DOCUMENT_BYTES } from "~/domain/file-type";
import { multipartBoundary, quoteLineBreaksAsSpaces } from "~/domain/multipart";
import type { Lang } from "~/i18n";
import { contactFor, readRespondentPrefs, respondentLang, type Contact } from "~/services/respondent.server";

export const NO_REFERRER = { "Referrer-Policy": "no-referrer" } as const;

export type GonePayload = { kind: "gone"; reason: "revoked" | "expired" | "withdrawn"; contact: Contact | null; lang: Lang };
export type NotFoundPayload = { kind: "not-found"; lang: Lang };

function jsonResponse(payload: unknown, status: number): Response {
  return new Response(JSON.stringify(payload), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_REFERRER } });
}

/** The respondent of this request, or a thrown redirect (no session) or 410 (link gone). */
export async function requireRespondentPage(request: Request, now = new Date()): Promise<{ respondent: RespondentContext; lang: Lang }> {
  const respondent = await getRespondent(request, now);
  if (!respondent) throw redirect("/respond/link-needed", { headers: NO_REFERRER });
  if ("gone" in respondent) {
    const prefs = await readRespondentPrefs(request);
    const contact = prefs ? await contactFor(prefs.institutionId, prefs.assessmentId) : null;
    const payload: GonePayload = { kind: "gone", reason: respondent.gone, contact, lang: prefs?.lang ?? "en" };
    throw jsonResponse(payload, 410);
  }
  return { respondent, lang: await respondentLang(request, respondent) };
}

export function notFound(lang: Lang): Response {
  const payload: NotFoundPayload = { kind: "not-found", lang };
  return jsonResponse(payload, 404);
}

// Text fields of a section post are small; a generous cap keeps a hostile post bounded.
const MAX_TEXT_PART = 64 * 1024;
/** Refused before reading: no section post with one 10 MB file comes near this. */
export const MAX_SECTION_POST_BYTES = MAX_DOCUMENT_BYTES + 2 * 1024 * 1024;
export const TOO_LARGE_MARKER = "\u0000too-large";


/**
 * Reads a section post; null when it is larger than MAX_SECTION_POST_BYTES. Files over 10 MB are
 * drained and replaced by a marker, so the answers in the same post are still read and saved and
 * the page can say which file was too large. A post the parser refuses because of a raw CR or LF
 * inside a quoted part header (a file name) is read again with those made spaces, so such a name
 * is cleaned instead of failing the whole post.
 */
export async function readSectionForm(request: Request): Promise<FormData | null> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return request.formData();
  const handler: UploadHandler = async ({ filename, data, contentType }) => {
    const limit = filename === undefined ? MAX_TEXT_PART : MAX_DOCUMENT_BYTES;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total <= limit) chunks.push(chunk);
    }
    if (filename === undefined) return total > limit ? "" : Buffer.concat(chunks).toString("utf8");
    if (filename === "" && total === 0) return undefined;
    if (total > limit) return `${TOO_LARGE_MARKER}:${filename}`;
    return new File([new Uint8Array(Buffer.concat(chunks))], filename, { type: contentType });
  };
  const read = await readCappedBytes(request, MAX_SECTION_POST_BYTES);
  if (read === null) return null;
  // A body without its own boundary is not this form (the parser would read it as empty).
  const boundary = multipartBoundary(type);
  if (!boundary || !read.includes(`--${boundary}`)) throw unreadableForm(400);
  const body = new Uint8Array(read);
  const parse = (bytes: Uint8Array<ArrayBuffer>) => unstable_parseMultipartFormData(new Request(request.url, { method: "POST", headers: { "Content-Type": type }, body: bytes }), handler);
  try {
    return await parse(body);
  } catch {
    // Refused as sent: retry once with line breaks inside quoted header values made spaces. What
    // still cannot be read (no boundary, truncated parts) is a 400, never a 500.
    const repaired = quoteLineBreaksAsSpaces(body, boundary);
    if (repaired === body) throw unreadableForm(400);
    try {
      return await parse(repaired);
    } catch {
      throw unreadableForm(400);
    }
  }
}
