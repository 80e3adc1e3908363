// Cross-site request forgery: the rule every state-changing request passes before any route runs
// (security review H1; STYLE.md §6 "CSRF"). SameSite=Lax cookies stop cross-site pages but not
// same-site ones (another port on the host, a sibling subdomain), so a request that carries one of
// our cookies must prove it comes from one of our own pages: its Origin, or when a browser sends
// none, Sec-Fetch-Site "same-origin" or a same-origin Referer. Requests authenticated by a Bearer
// credential carry no ambient authority (a foreign page cannot set Authorization without a CORS
// preflight we never grant) and are exempt.

export type OriginInput = {
  method: string;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Origins this server answers on: PUBLIC_URL's and the one the request's Host names. */
  ownOrigins: readonly string[];
};

export type OriginVerdict = { allowed: true } | { allowed: false; reason: string };

const SAFE_METHODS = new Set(["GET", "HEAD"]);
/** Our cookies: a staff session, a respondent session, and the language choice. */
const AMBIENT_COOKIES = ["__session", "__respondent", "lang"];

function header(headers: OriginInput["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function carriesAmbientCredentials(headers: OriginInput["headers"]): boolean {
  const cookie = header(headers, "cookie");
  if (!cookie) return false;
  return cookie.split(";").some((part) => AMBIENT_COOKIES.includes(part.split("=")[0]!.trim()));
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function checkRequestOrigin(input: OriginInput): OriginVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { allowed: true };
  const ambient = carriesAmbientCredentials(input.headers);
  const authorization = header(input.headers, "authorization");
  if (authorization && /^Bearer\s/i.test(authorization) && !ambient) return { allowed: true };
  const own = new Set(input.ownOrigins.map((o) => originOf(o)).filter((o): o is string => o !== null));
  const origin = header(input.headers, "origin");
  // A browser names the page's origin on every cross-origin write: a foreign one is refused even
  // without a cookie (a forged sign-in, say).
  if (origin !== undefined && origin !== "null") {
    return own.has(originOf(origin) ?? "") ? { allowed: true } : { allowed: false, reason: `origin ${origin}` };
  }
  // No cookie of ours, no origin: a program, not a victim's browser; it holds no ambient authority.
  if (!ambient) return { allowed: true };
  // Pages sent with Referrer-Policy: no-referrer (respondent and invitation pages) make the
  // browser post their forms with "Origin: null"; Sec-Fetch-Site then tells a same-origin post.
  const fetchSite = header(input.headers, "sec-fetch-site");
  if (fetchSite !== undefined) {
    return fetchSite === "same-origin" ? { allowed: true } : { allowed: false, reason: `sec-fetch-site ${fetchSite}` };
  }
  if (origin === "null") return { allowed: false, reason: "origin null" };
  const referer = header(input.headers, "referer");
  if (referer !== undefined) {
    return own.has(originOf(referer) ?? "") ? { allowed: true } : { allowed: false, reason: "referer from another origin" };
  }
  return { allowed: false, reason: "no origin" };
}

/** Requests that expect JSON back: the API, Remix's `.data` and legacy `?_data=` fetches. */
export function expectsJson(pathname: string, search: string): boolean {
  return pathname.startsWith("/api/") || pathname.endsWith(".data") || new URLSearchParams(search).has("_data");
}
