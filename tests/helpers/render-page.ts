// Server-renders one page route inside the real root (its loader picks the language) through
// Remix's own request handler and the app's entry.server, and returns the HTML a browser receives.
// No build step: the route modules are the source modules, the client assets are never loaded.
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server";
import * as root from "~/root";

type RouteModule = Record<string, unknown>;

export function pageRenderer(routePath: string, module: RouteModule) {
  const manifestRoute = (id: string, parentId: string | undefined, path: string, m: RouteModule) => ({
    id,
    parentId,
    path,
    index: undefined,
    caseSensitive: undefined,
    module: `/build/${id}.js`,
    imports: [],
    hasAction: typeof m.action === "function",
    hasLoader: typeof m.loader === "function",
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: typeof m.ErrorBoundary === "function",
  });
  const build = {
    mode: "production",
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    isSpaMode: false,
    basename: undefined,
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false, v3_singleFetch: true },
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: { root: manifestRoute("root", undefined, "", root), page: manifestRoute("page", "root", routePath, module) },
      url: "/build/manifest.js",
      version: "test",
    },
    entry: { module: entry },
    routes: {
      root: { id: "root", path: "", module: root },
      page: { id: "page", parentId: "root", path: routePath, module },
    },
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return async (url: string, cookie: string, lang: "en" | "es"): Promise<{ status: number; html: string }> => {
    // A bot's user agent makes entry.server wait for the whole page (no streaming).
    const res = await handle(new Request(`http://localhost${url}`, { headers: { Cookie: cookie, "Accept-Language": lang, "User-Agent": "Googlebot" } }));
    return { status: res.status, html: await res.text() };
  };
}

/**
 * The text a reader sees: no scripts or styles, no tags or attributes, entities decoded. The
 * "show the calculation" disclosures (`data-calculation`) hold the exact arithmetic on purpose
 * and are left out.
 */
export function visibleText(html: string): string {
  let body = html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<style[\s\S]*?<\/style>/g, " ");
  body = body.replace(/<details[^>]*data-calculation[^>]*>[\s\S]*?<\/details>/g, " ");
  return body
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
