// The sample screening lists of reference/screening/fixtures (fictional names, shown as sample
// data in the UI), loaded into every institution by `npm run demo` and `screening:import -- --fixtures`.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ListKind } from "../app/domain/screening/lists";
import { importScreeningList, importTargets } from "../app/services/screening.server";

export async function loadSampleLists(institutionId?: string, write: (line: string) => void = () => {}): Promise<void> {
  const manifestPath = resolve("reference/screening/fixtures/manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { lists: Array<{ file: string; kind: ListKind; name: string; sourceUrl: string; retrievedDate: string }> };
  for (const target of await importTargets(institutionId)) {
    for (const l of manifest.lists) {
      const out = await importScreeningList({ institutionId: target, userId: null }, { kind: l.kind, name: l.name, sourceUrl: l.sourceUrl, retrievedDate: l.retrievedDate, isSample: true }, { name: l.file, text: readFileSync(join(dirname(manifestPath), l.file), "utf8") }, new Date());
      write(`${l.name} → institution ${target}: ${out.entryCount} entries; ${out.rescreen.newHits} new potential match(es)\n`);
    }
  }
}
