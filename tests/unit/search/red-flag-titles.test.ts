import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RED_FLAG_TITLES, redFlagTitle } from "~/domain/red-flag-titles";

function questionnaireFlagCodes(): string[] {
  const root = path.resolve("questionnaires");
  const codes = new Set<string>();
  for (const key of fs.readdirSync(root).filter((k) => fs.statSync(path.join(root, k)).isDirectory())) {
    for (const file of fs.readdirSync(path.join(root, key)).filter((f) => f.endsWith(".json"))) {
      for (const m of fs.readFileSync(path.join(root, key, file), "utf8").matchAll(/"code":\s*"(RF-[A-Z0-9-]+)"/g)) codes.add(m[1]!);
    }
  }
  return [...codes].sort();
}

describe("red-flag titles", () => {
  it("name every red flag a questionnaire raises, in English and Spanish", () => {
    const codes = questionnaireFlagCodes();
    expect(codes.length).toBeGreaterThan(30);
    const missing = codes.filter((c) => !RED_FLAG_TITLES[c]?.en || !RED_FLAG_TITLES[c]?.es);
    expect(missing).toEqual([]);
  });

  it("never show a code", () => {
    expect(redFlagTitle("RF-PASSPORT-RETENTION", "en")).toBe("Identity documents retained");
    expect(redFlagTitle("RF-PASSPORT-RETENTION", "es")).toBe("Retención de documentos de identidad");
    expect(redFlagTitle("RF-SOMETHING-NEW", "en")).toBe("Something new");
  });
});
