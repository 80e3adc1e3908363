// STYLE.md §5 and walkthrough F01: a route module with no component is a resource route (a file,
// a redirect, JSON), and it must export no ErrorBoundary, or Remix renders the app's HTML page
// instead of its Response. Every route module of the app is loaded and checked.
import fs from "node:fs";
import path from "node:path";

const ROUTES = path.resolve(process.cwd(), "app/routes");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    // Shared modules (`__x`) are not routes (remix.config.js ignores them).
    return /\.(tsx?)$/.test(entry.name) && !entry.name.startsWith("__") && !entry.name.startsWith(".") ? [full] : [];
  });
}

describe("resource routes", () => {
  const files = routeFiles(ROUTES);

  it("finds the app's route modules", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.endsWith("$assessmentId_.documents.$documentId.tsx"))).toBe(true);
  });

  it("export no ErrorBoundary when they export no component", async () => {
    const offenders: string[] = [];
    let resourceRoutes = 0;
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      if (mod.default !== undefined) continue;
      resourceRoutes += 1;
      if ("ErrorBoundary" in mod) offenders.push(path.relative(ROUTES, file));
    }
    expect(resourceRoutes).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
