import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serializeLangCookie } from "~/auth/cookies.server";
import { safeRedirect } from "~/auth/safe-redirect";
import { isLang } from "~/i18n";
import { NO_REFERRER } from "./__respondent.server";
import { respondentPageHeaders } from "./__shell";
import { readRespondentPrefs, serializeRespondentPrefs } from "~/services/respondent.server";

// The respondent's language switch: a plain form post that persists the choice in the
// respondent preferences cookie (and the site-wide language cookie, so <html lang> agrees).
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  if (!isLang(lang)) throw new Response("lang must be en or es", { status: 400, headers: NO_REFERRER });
  const target = safeRedirect(form.get("redirectTo"), "/respond");
  const safe = target.startsWith("/respond") ? target : "/respond";
  const headers = new Headers(NO_REFERRER);
  const prefs = await readRespondentPrefs(request);
  if (prefs) headers.append("Set-Cookie", await serializeRespondentPrefs({ ...prefs, lang }));
  headers.append("Set-Cookie", await serializeLangCookie(lang));
  return redirect(safe, { headers });
}

export async function loader() {
  throw redirect("/respond", { headers: NO_REFERRER });
}

export const headers = respondentPageHeaders;

