import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { isLang, type Lang } from "~/i18n";

export const SESSION_HOURS = 12;

let sessionCookie: ReturnType<typeof createCookie> | undefined;

export function getSessionCookie() {
  const env = getEnv();
  sessionCookie ??= createCookie("__session", {
    secrets: env.sessionSecrets,
    httpOnly: true,
    sameSite: "lax",
    secure: env.isProduction && env.publicUrl.startsWith("https://"),
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });
  return sessionCookie;
}

const langCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export async function readLangCookie(request: Request): Promise<Lang | null> {
  const value: unknown = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : null;
}

export function serializeLangCookie(lang: Lang): Promise<string> {
  return langCookie.serialize(lang);
}

export async function requestLang(request: Request): Promise<Lang> {
  const { negotiateLang } = await import("~/i18n");
  return negotiateLang(await readLangCookie(request), request.headers.get("Accept-Language"));
}
