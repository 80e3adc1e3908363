import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { isLang, type Lang } from "~/i18n";

export const SESSION_HOURS = 12;

let sessionCookie: Awaited<ReturnType<typeof createCookie>> | undefined;

export function getSessionCookie() {
  const env = getEnv();
  sessionCookie ??= createCookie("__session", {
    secrets: env.sessionSecrets,
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(),
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });
  return sessionCookie;
}

/** Over https in production every cookie of ours is Secure, the language choice too (I1). */
export function cookiesAreSecure(): boolean {
  const env = getEnv();
  return env.isProduction && env.publicUrl.startsWith("https://");
}

let langCookie: Awaited<ReturnType<typeof createCookie>> | undefined;

function getLangCookie() {
  langCookie ??= createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, secure: cookiesAreSecure(), maxAge: 365 * 24 * 3600 });
  return langCookie;
}

export async function readLangCookie(request: Request): Promise<Lang | null> {
  const value: unknown = await getLangCookie().parse(request.headers.get("Cookie"));
  return isLang(value) ? value : null;
}

export function serializeLangCookie(lang: Lang): Promise<string> {
  return getLangCookie().serialize(lang);
}

export async function requestLang(request: Request): Promise<Lang> {
  const { negotiateLang } = await import("~/i18n");
  return negotiateLang(await readLangCookie(request), request.headers.get("Accept-Language"));
}
