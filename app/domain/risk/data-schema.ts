// Shape of the inherent-risk reference data (app/domain/risk/data/*.json).
// Source of the values: shared/docs/DOMAIN-RESEARCH.md §2.1 (GSI), §2.2 (TIP tiers of the
// Americas), §2.3 (DOL TVPRA goods), §1.11 (UFLPA) and §5.5 (sector classes). Rule enforced here:
// every record names its source edition ("TIP 2025", "GSI 2023", "DOL 2024") and year, and says
// whether it is verified; an unverified record must carry a note saying what is unverified, so no
// figure can enter the data without its provenance. A value the research does not give is null,
// never a guess.
//
// "verified" means: every non-null value in the record is stated, with a cited source, in
// DOMAIN-RESEARCH and is not flagged there as "not verified" or "verify" for the edition named.
// It does not mean the edition is the latest: the year says which edition it is.
import { z } from "zod";
import { COUNTRY_CODE_PATTERN } from "~/domain/questionnaire/schema";
import { isIsoCountry } from "./iso-countries";

const DATA_VERSION = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "dataVersion must be YYYY-MM-DD" });
const YEAR = z.number().int().min(1990).max(2100);
const SOURCE = z.string().regex(/^\S.*\S$/, { error: "source must be a short edition label such as \"TIP 2025\"" });
const COUNTRY_CODE = z
  .string()
  .regex(COUNTRY_CODE_PATTERN, { error: "country code must be two upper-case letters" })
  .refine(isIsoCountry, { error: "country code is not an ISO 3166-1 alpha-2 code" });
const LOCALISED = z.strictObject({ en: z.string().min(1), es: z.string().min(1) });

const URL = z.url({ error: "a source URL must be an absolute http(s) URL" });

/** The provenance fields every record carries: edition, year, verified, where it was verified. */
const PROVENANCE = {
  source: SOURCE,
  year: YEAR,
  verified: z.boolean(),
  /** Where the value was verified (the publisher's page, or the copy that was read). */
  sourceUrl: URL.optional(),
  note: z.string().min(1).optional(),
};

function hasNoteWhenUnverified(r: { verified: boolean; note?: string | undefined }): boolean {
  return r.verified || r.note !== undefined;
}
const NOTE_RULE = { error: "an unverified record needs a note saying what is unverified", path: ["note"] };

export const TIP_TIERS = ["1", "2", "2WL", "3", "special-case"] as const;
export type TipTier = (typeof TIP_TIERS)[number];

export const TipRecordSchema = z
  .strictObject({
    tier: z.enum(TIP_TIERS).nullable(),
    ...PROVENANCE,
    /** The report itself (the country narrative where known, else the edition). */
    reportUrl: URL.optional(),
  })
  .refine(hasNoteWhenUnverified, NOTE_RULE)
  .refine((r) => r.tier !== null || !r.verified, { error: "a null tier cannot be verified", path: ["verified"] });
export type TipRecord = z.infer<typeof TipRecordSchema>;

export const GsiRecordSchema = z
  .strictObject({
    prevalencePer1000: z.number().positive().nullable(),
    /** GSI total vulnerability score (0-100), where verified. */
    vulnerability: z.number().min(0).max(100).nullable().optional(),
    topQuartile: z.boolean().nullable(),
    leastAction: z.boolean().nullable(),
    ...PROVENANCE,
  })
  .refine(hasNoteWhenUnverified, NOTE_RULE);
export type GsiRecord = z.infer<typeof GsiRecordSchema>;

/**
 * The TIP report's regional bureaus (Africa, East Asia and Pacific, Europe, Near East, South and
 * Central Asia, Western Hemisphere); "none" for territories without a permanent population. The
 * unknown-placement rule (ADR 004) looks at the worst verified tier of the country's region.
 */
export const TIP_REGIONS = ["AF", "EAP", "EUR", "NEA", "SCA", "WHA", "none"] as const;
export type TipRegion = (typeof TIP_REGIONS)[number];

export const CountryEntrySchema = z.strictObject({
  code: COUNTRY_CODE,
  /** English short name, as the source file gives it (display names come from ICU). */
  name: z.string().min(1).optional(),
  region: z.enum(TIP_REGIONS),
  /** Placement in the edition the model scores with (TIP 2025). */
  tip: TipRecordSchema,
  /** Placement in the edition before it (TIP 2024), kept for comparison and audit. */
  tipPrevious: TipRecordSchema.optional(),
  gsi: GsiRecordSchema.nullable(),
});
export type CountryEntry = z.infer<typeof CountryEntrySchema>;

export const SECTOR_CLASSES = [1, 2, 3, 4] as const;
export type SectorClass = (typeof SECTOR_CLASSES)[number];

export const SectorEntrySchema = z
  .strictObject({
  code: z.string().regex(/^\d{2}$/, { error: "an ISIC Rev. 4 division is two digits" }),
  section: z.string().regex(/^[A-U]$/, { error: "an ISIC Rev. 4 section is one letter A-U" }),
  name: LOCALISED,
  riskClass: z.literal(SECTOR_CLASSES),
  /** Which §5.5 category (or analogy) gives the class, in plain words per language. */
  basis: LOCALISED,
    ...PROVENANCE,
  })
  .refine(hasNoteWhenUnverified, NOTE_RULE);
export type SectorEntry = z.infer<typeof SectorEntrySchema>;

export const GOODS_LISTS = ["dol", "uflpa", "gsi-top5"] as const;
export type GoodsList = (typeof GOODS_LISTS)[number];

export const GoodsEntrySchema = z
  .strictObject({
  /** Lower case, spelled as the list spells it ("sugarcane", "palm oil"). */
  good: z.string().regex(/^[a-z][a-z -]*[a-z]$/, { error: "a good is a lower-case name as the list spells it" }),
  /** dol: US DOL TVPRA list; uflpa: UFLPA priority sector; gsi-top5: GSI top-5 at-risk import. */
  list: z.enum(GOODS_LISTS),
  /** The country the list names it for; null when the research does not say (or for gsi-top5). */
  country: COUNTRY_CODE.nullable(),
  forcedLabour: z.boolean().nullable(),
  childLabour: z.boolean().nullable(),
  /** The edition that first listed the pair, where verified. */
  firstListed: YEAR.nullable().optional(),
  /** DOL List of Downstream Goods (made with a listed input) rather than the List of Goods. */
  downstream: z.boolean().optional(),
    ...PROVENANCE,
  })
  .refine(hasNoteWhenUnverified, NOTE_RULE);
export type GoodsEntry = z.infer<typeof GoodsEntrySchema>;

/** An edition a data file was built from: "TIP 2025", published 2025-09-29, at its URL. */
export const EditionSchema = z.strictObject({
  edition: SOURCE,
  year: YEAR,
  published: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, { error: "published must be YYYY or YYYY-MM-DD" }),
  url: URL,
});
export type Edition = z.infer<typeof EditionSchema>;

function dataFile<T extends z.ZodType>(entry: T) {
  return z.strictObject({
    dataVersion: DATA_VERSION,
    /** The editions of the publishers' data the file was imported from (scripts/risk-data-import.ts). */
    editions: z.array(EditionSchema).optional(),
    entries: z.array(entry).min(1),
  });
}

export const CountriesFileSchema = dataFile(CountryEntrySchema).superRefine((file, ctx) => {
  duplicates(file.entries.map((e) => e.code), "country", ctx);
});
export const SectorsFileSchema = dataFile(SectorEntrySchema).superRefine((file, ctx) => {
  duplicates(file.entries.map((e) => e.code), "sector", ctx);
});
export const GoodsFileSchema = dataFile(GoodsEntrySchema).superRefine((file, ctx) => {
  duplicates(file.entries.map((e) => `${e.list}:${e.good}:${e.country ?? "-"}`), "goods", ctx);
});
export type CountriesFile = z.infer<typeof CountriesFileSchema>;
export type SectorsFile = z.infer<typeof SectorsFileSchema>;
export type GoodsFile = z.infer<typeof GoodsFileSchema>;

function duplicates(keys: string[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key)) ctx.addIssue({ code: "custom", message: `duplicate ${what} entry ${key}`, path: ["entries", i] });
    seen.add(key);
  });
}

/**
 * Parses one data file, or throws an Error whose message names the file, the entry (index and
 * its code or good, when readable) and every problem, so a bad data refresh fails at start-up
 * with a message a data maintainer can act on.
 */
export function parseRiskFile<T extends z.ZodType>(schema: T, json: unknown, fileName: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === "entries" && typeof index === "number") {
      const label = entryLabel(json, index);
      const field = rest.length > 0 ? ` field ${rest.join(".")}` : "";
      return `entry ${index}${label}${field}: ${issue.message}`;
    }
    return `${issue.path.length > 0 ? issue.path.join(".") : "file"}: ${issue.message}`;
  });
  throw new Error(`Invalid risk data file ${fileName}:\n- ${lines.join("\n- ")}`);
}

function entryLabel(json: unknown, index: number): string {
  if (typeof json !== "object" || json === null) return "";
  const entries = (json as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return "";
  const entry: unknown = entries[index];
  if (typeof entry !== "object" || entry === null) return "";
  const e = entry as Record<string, unknown>;
  const parts = [e.code, e.good, e.country].filter((p): p is string => typeof p === "string");
  return parts.length > 0 ? ` (${parts.join(" ")})` : "";
}
