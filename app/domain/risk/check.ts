// The reference-data check behind `npm run risk-data:check` (issue 15, ADR 004): per data set its
// version, counts and unverified entries, and the countries that must have a verified TIP
// placement but do not (those in the demo seed, in test fixtures, or among the top sourcing
// origins). Pure; scripts/risk-data-check.ts gathers the country lists and prints the report.
import type { RiskData } from "./risk-data";

export interface DataSetSummary {
  name: string;
  version: string;
  count: number;
  unverified: number;
  detail: string;
}

export interface RiskDataCheck {
  dataSets: DataSetSummary[];
  /** Required country → the lists that require it, for every required country without a verified TIP placement. */
  missing: { code: string; requiredBy: string[] }[];
  ok: boolean;
}

/** Two capital letters in double quotes after `country:` or inside `sourcingCountries: [...]`, in TS or JSON text. */
export function countriesInSource(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/"?country"?\s*:\s*"([A-Z]{2})"/g)) found.add(m[1]!);
  for (const m of text.matchAll(/"?sourcingCountries"?\s*:\s*\[([^\]]*)\]/g)) {
    for (const c of m[1]!.matchAll(/"([A-Z]{2})"/g)) found.add(c[1]!);
  }
  return [...found].sort();
}

export function checkRiskData(data: RiskData, required: Record<string, readonly string[]>): RiskDataCheck {
  const byCode = new Map(data.countries.map((c) => [c.code, c]));
  const tipYear = data.countries[0]?.tip.year;
  const prevYear = data.countries.find((c) => c.tipPrevious !== undefined)?.tipPrevious?.year;
  const verifiedNow = data.countries.filter((c) => c.tip.verified && c.tip.tier !== null).length;
  const verifiedPrev = data.countries.filter((c) => c.tipPrevious?.verified === true && c.tipPrevious.tier !== null).length;
  const gsi = data.countries.flatMap((c) => (c.gsi === null ? [] : [c.gsi]));
  const byList = (list: string) => data.goods.filter((g) => g.list === list);
  const dol = byList("dol");
  const dataSets: DataSetSummary[] = [
    {
      name: `TIP ${tipYear ?? "?"} placements`,
      version: data.dataVersion,
      count: data.countries.length,
      unverified: data.countries.length - verifiedNow,
      detail: `${verifiedNow} verified`,
    },
    {
      name: `TIP ${prevYear ?? "?"} placements`,
      version: data.dataVersion,
      count: data.countries.length,
      unverified: data.countries.length - verifiedPrev,
      detail: `${verifiedPrev} verified`,
    },
    { name: "GSI 2023", version: data.dataVersion, count: gsi.length, unverified: gsi.filter((g) => !g.verified).length, detail: `${gsi.filter((g) => g.prevalencePer1000 !== null).length} with prevalence` },
    {
      name: "DOL 2024 goods",
      version: data.dataVersion,
      count: dol.length,
      unverified: dol.filter((g) => !g.verified).length,
      detail: `${dol.filter((g) => g.country !== null).length} (good, country) pairs, ${dol.filter((g) => g.downstream === true).length} downstream`,
    },
    { name: "UFLPA sectors", version: data.dataVersion, count: byList("uflpa").length, unverified: byList("uflpa").filter((g) => !g.verified).length, detail: "high-priority sectors" },
    { name: "GSI top-5 goods", version: data.dataVersion, count: byList("gsi-top5").length, unverified: byList("gsi-top5").filter((g) => !g.verified).length, detail: "" },
    { name: "ISIC sectors", version: data.dataVersion, count: data.sectors.length, unverified: data.sectors.filter((s) => !s.verified).length, detail: "" },
  ];
  const requiredBy = new Map<string, string[]>();
  for (const [list, codes] of Object.entries(required)) {
    for (const code of codes) requiredBy.set(code, [...(requiredBy.get(code) ?? []), list]);
  }
  const missing = [...requiredBy.entries()]
    .filter(([code]) => {
      const c = byCode.get(code);
      return c === undefined || c.tip.tier === null || !c.tip.verified;
    })
    .map(([code, lists]) => ({ code, requiredBy: lists }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { dataSets, missing, ok: missing.length === 0 };
}

export function formatRiskDataCheck(check: RiskDataCheck): string {
  const lines = check.dataSets.map(
    (d) => `${d.name}: version ${d.version}, ${d.count} entries, ${d.unverified} unverified${d.detail === "" ? "" : ` (${d.detail})`}`,
  );
  if (check.ok) lines.push("every required country has a verified TIP placement");
  else {
    lines.push(`${check.missing.length} required countries lack a verified TIP placement:`);
    for (const m of check.missing) lines.push(`  ${m.code} (${m.requiredBy.join(", ")})`);
  }
  return `${lines.join("\n")}\n`;
}
