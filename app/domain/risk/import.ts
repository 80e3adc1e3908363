// Import of the publishers' risk data into the versioned JSON the model reads (ADR 004; issue 15
// "Import, not hand-editing"). Pure: it takes the text of the source files the team maintains
// under reference/risk-sources/ and returns the JSON objects; scripts/risk-data-import.ts does
// the reading and writing. Every row goes through zod, and a bad row fails the whole import with
// "file, line N, field F: message", so nothing half-checked reaches the model.
//
// Source files (CSV, header row first, RFC 4180 quoting):
// - tip-editions.csv   edition,year,published,report_url,verified,source_url,note
// - tip-placements.csv iso2,country,tip_region,tier_2025,verified_2025,report_url_2025,
//                      source_url_2025,tier_2024,verified_2024,report_url_2024,source_url_2024,note
// - gsi-2023.csv       Walk Free's columns: iso2,country,prevalence_per_1000,
//                      total_vulnerability_score,top_quartile,least_action,verified,source_url,note
// - dol-goods-2024.csv the DOL list's columns "Country/Area,Good,Child Labor,Forced Labor" (X
//                      marks) plus iso2,first_listed,list (goods|downstream),verified,source_url,note
// - uflpa-sectors.csv  good,sector,designated,country,verified,source_url,note
// - gsi-2023-goods.csv good,verified,source_url,note (GSI top-5 at-risk imports of the G20)
// Rule: a record is verified only when its value is present and a source URL says where it was
// checked; an unknown value is empty, marked verified=no, and carries a note. Never a guess.
import { z } from "zod";
import {
  CountriesFileSchema,
  GoodsFileSchema,
  TIP_REGIONS,
  TIP_TIERS,
  type CountriesFile,
  type CountryEntry,
  type Edition,
  type GoodsEntry,
  type GoodsFile,
  type GsiRecord,
  type TipRecord,
} from "./data-schema";
import { isIsoCountry } from "./iso-countries";

/** The edition the model scores with and the one kept beside it. */
export const TIP_CURRENT_YEAR = 2025;
export const TIP_PREVIOUS_YEAR = 2024;
export const DOL_EDITION = { source: "DOL 2024", year: 2024 } as const;
export const GSI_EDITION = { source: "GSI 2023", year: 2023 } as const;

export class RiskImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`Risk data import failed:\n- ${problems.join("\n- ")}`);
    this.name = "RiskImportError";
  }
}

// ---- CSV ------------------------------------------------------------------------------------

export interface CsvRow {
  /** 1-based line number of the row in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); throws naming file and line. */
export function parseCsv(text: string, fileName: string): CsvRow[] {
  const records: { line: number; fields: string[] }[] = [];
  let field = "";
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== "") throw new RiskImportError([`${fileName}, line ${line}: a quote inside an unquoted field`]);
      inQuotes = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) throw new RiskImportError([`${fileName}, line ${recordLine}: a quoted field is not closed`]);
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  const nonEmpty = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ""));
  const header = nonEmpty[0];
  if (header === undefined) throw new RiskImportError([`${fileName}: the file is empty (a header row is required)`]);
  const names = header.fields.map((h) => h.trim());
  return nonEmpty.slice(1).map((r) => {
    if (r.fields.length !== names.length) {
      throw new RiskImportError([`${fileName}, line ${r.line}: ${r.fields.length} fields, the header has ${names.length}`]);
    }
    return { line: r.line, values: Object.fromEntries(names.map((n, i) => [n, r.fields[i]!.trim()])) };
  });
}

// ---- row schemas ----------------------------------------------------------------------------

const EMPTY = z.literal("");
const YES_NO = z.enum(["yes", "no"], { error: 'must be "yes" or "no"' });
const OPTIONAL_URL = z.union([EMPTY, z.url()], { error: "must be an absolute URL or empty" });
const ISO2 = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 code (two capital letters)" })
  .refine(isIsoCountry, { error: "is not an assigned ISO 3166-1 alpha-2 code" });
const YEAR = z.string().regex(/^(19|20)\d{2}$/, { error: "must be a four-digit year" });
const NUMBER = z.string().regex(/^\d+(\.\d+)?$/, { error: "must be a number such as 8.0" });
const TIER = z.union([EMPTY, z.enum(TIP_TIERS)], { error: `must be one of ${TIP_TIERS.join(", ")} or empty (unknown)` });
const NOTE = z.string();
const GOOD = z.string().regex(/^[a-z][a-z -]*[a-z]$/, { error: "must be a lower-case name as the list spells it" });

function verifiedRule(valueKeys: string[], verifiedKey: string, urlKey: string) {
  return (row: Record<string, string>, ctx: z.RefinementCtx) => {
    const hasValue = valueKeys.some((k) => row[k] !== "");
    if (row[verifiedKey] === "yes" && !hasValue) {
      ctx.addIssue({ code: "custom", path: [verifiedKey], message: `cannot be "yes" without a value in ${valueKeys.join(" or ")}` });
    }
    if (row[verifiedKey] === "yes" && row[urlKey] === "") {
      ctx.addIssue({ code: "custom", path: [urlKey], message: "a verified value needs the URL where it was verified" });
    }
    if (row[verifiedKey] === "no" && hasValue && valueKeys.length === 1) {
      ctx.addIssue({ code: "custom", path: [valueKeys[0]!], message: `an unverified value must be left empty (unknown), not guessed; mark ${verifiedKey} "yes" with a source or clear it` });
    }
    if (row[verifiedKey] === "no" && row.note === "") {
      ctx.addIssue({ code: "custom", path: ["note"], message: "an unverified row needs a note saying what is not verified" });
    }
  };
}

export const TipEditionRowSchema = z.strictObject({
  edition: z.string().regex(/^TIP \d{4}$/, { error: 'must read "TIP YYYY"' }),
  year: YEAR,
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be YYYY-MM-DD" }),
  report_url: z.url({ error: "must be an absolute URL" }),
  verified: YES_NO,
  source_url: OPTIONAL_URL,
  note: NOTE,
});

export const TipPlacementRowSchema = z
  .strictObject({
    iso2: ISO2,
    country: z.string().min(1, { error: "must name the country" }),
    tip_region: z.enum(TIP_REGIONS, { error: `must be one of ${TIP_REGIONS.join(", ")}` }),
    tier_2025: TIER,
    verified_2025: YES_NO,
    report_url_2025: OPTIONAL_URL,
    source_url_2025: OPTIONAL_URL,
    tier_2024: TIER,
    verified_2024: YES_NO,
    report_url_2024: OPTIONAL_URL,
    source_url_2024: OPTIONAL_URL,
    note: NOTE,
  })
  .superRefine(verifiedRule(["tier_2025"], "verified_2025", "source_url_2025"))
  .superRefine(verifiedRule(["tier_2024"], "verified_2024", "source_url_2024"));

export const GsiRowSchema = z
  .strictObject({
    iso2: ISO2,
    country: z.string().min(1, { error: "must name the country" }),
    prevalence_per_1000: z.union([EMPTY, NUMBER], { error: "must be a number such as 8.0, or empty" }),
    total_vulnerability_score: z.union([EMPTY, NUMBER], { error: "must be a number such as 47.5, or empty" }),
    top_quartile: z.union([EMPTY, YES_NO], { error: 'must be "yes", "no" or empty' }),
    least_action: z.union([EMPTY, YES_NO], { error: 'must be "yes", "no" or empty' }),
    verified: YES_NO,
    source_url: OPTIONAL_URL,
    note: NOTE,
  })
  .superRefine(verifiedRule(["prevalence_per_1000", "total_vulnerability_score", "top_quartile", "least_action"], "verified", "source_url"))
  .superRefine((row, ctx) => {
    if (row.total_vulnerability_score !== "" && Number(row.total_vulnerability_score) > 100) {
      ctx.addIssue({ code: "custom", path: ["total_vulnerability_score"], message: "must be between 0 and 100" });
    }
  });

const MARK = z.union([EMPTY, z.literal("X")], { error: 'must be "X" or empty, as on the DOL list' });
export const DolRowSchema = z
  .strictObject({
    "Country/Area": z.string(),
    iso2: z.union([EMPTY, ISO2], { error: "must be an assigned ISO 3166-1 alpha-2 code, or empty when the list's country is not imported" }),
    Good: GOOD,
    "Child Labor": MARK,
    "Forced Labor": MARK,
    first_listed: z.union([EMPTY, YEAR], { error: "must be a four-digit year or empty" }),
    list: z.enum(["goods", "downstream"], { error: 'must be "goods" or "downstream"' }),
    verified: YES_NO,
    source_url: OPTIONAL_URL,
    note: NOTE,
  })
  .superRefine(verifiedRule(["iso2"], "verified", "source_url"))
  .superRefine((row, ctx) => {
    if (row.iso2 !== "" && row["Country/Area"] === "") ctx.addIssue({ code: "custom", path: ["Country/Area"], message: "must name the country the good is listed for" });
    if (row.iso2 !== "" && row["Child Labor"] === "" && row["Forced Labor"] === "") {
      ctx.addIssue({ code: "custom", path: ["Child Labor"], message: "a listed pair is marked for child labour, forced labour or both" });
    }
    if (row.iso2 === "" && (row["Child Labor"] !== "" || row["Forced Labor"] !== "")) {
      ctx.addIssue({ code: "custom", path: ["iso2"], message: "a child or forced labour mark needs the country it applies to" });
    }
  });

export const UflpaRowSchema = z
  .strictObject({
    good: GOOD,
    sector: z.string().min(1, { error: "must name the sector as DHS does" }),
    designated: YEAR,
    country: ISO2,
    verified: YES_NO,
    source_url: OPTIONAL_URL,
    note: NOTE,
  })
  .superRefine(verifiedRule(["good"], "verified", "source_url"));

export const GsiGoodRowSchema = z
  .strictObject({ good: GOOD, verified: YES_NO, source_url: OPTIONAL_URL, note: NOTE })
  .superRefine(verifiedRule(["good"], "verified", "source_url"));

function rows<T extends z.ZodType>(schema: T, text: string, fileName: string): { line: number; value: z.infer<T> }[] {
  const problems: string[] = [];
  const out: { line: number; value: z.infer<T> }[] = [];
  for (const row of parseCsv(text, fileName)) {
    const parsed = schema.safeParse(row.values);
    if (parsed.success) out.push({ line: row.line, value: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? issue.path.join(".") : "row";
        const known = issue.code === "unrecognized_keys" ? `unknown column(s) ${issue.keys.join(", ")}` : issue.message;
        problems.push(`${fileName}, line ${row.line}, field ${field}: ${known}`);
      }
    }
  }
  if (problems.length > 0) throw new RiskImportError(problems);
  return out;
}

function duplicateCheck(items: { line: number; key: string }[], fileName: string, what: string): void {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  for (const { line, key } of items) {
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${fileName}, line ${line}: duplicate ${what} ${key} (first on line ${first})`);
    else seen.set(key, line);
  }
  if (problems.length > 0) throw new RiskImportError(problems);
}

// ---- building the JSON ------------------------------------------------------------------------

export interface RiskSourceTexts {
  "tip-editions.csv": string;
  "tip-placements.csv": string;
  "gsi-2023.csv": string;
  "dol-goods-2024.csv": string;
  "uflpa-sectors.csv": string;
  "gsi-2023-goods.csv": string;
}
export const RISK_SOURCE_FILES = ["tip-editions.csv", "tip-placements.csv", "gsi-2023.csv", "dol-goods-2024.csv", "uflpa-sectors.csv", "gsi-2023-goods.csv"] as const;

export interface ImportedRiskData {
  countries: CountriesFile;
  goods: GoodsFile;
}

function optionalUrl(url: string): { sourceUrl?: string } {
  return url === "" ? {} : { sourceUrl: url };
}

function tipRecord(year: number, tier: string, verified: string, reportUrl: string, sourceUrl: string, note: string, editionUrl: string): TipRecord {
  const known = tier !== "" && verified === "yes";
  return {
    tier: known ? (tier as TipRecord["tier"]) : null,
    source: `TIP ${year}`,
    year,
    verified: known,
    ...optionalUrl(sourceUrl),
    reportUrl: reportUrl !== "" ? reportUrl : editionUrl,
    ...(known && note === "" ? {} : { note: note === "" ? `no verified TIP ${year} placement` : note }),
  };
}

/** Notes in tip-placements.csv are "2025: …; 2024: …": each record keeps the part for its year. */
function noteFor(note: string, year: number): string {
  const parts = note.split(/;\s*(?=\d{4}: )/);
  const own = parts.filter((p) => p.startsWith(`${year}: `)).map((p) => p.slice(6));
  const general = parts.filter((p) => !/^\d{4}: /.test(p));
  return [...own, ...general].join("; ");
}

/** Builds countries.json and goods.json from the source texts; throws RiskImportError naming file, line and field. */
export function importRiskData(texts: RiskSourceTexts, dataVersion: string): ImportedRiskData {
  const editionRows = rows(TipEditionRowSchema, texts["tip-editions.csv"], "tip-editions.csv");
  const editions: Edition[] = editionRows.map(({ value }) => ({ edition: value.edition, year: Number(value.year), published: value.published, url: value.report_url }));
  const editionUrl = (year: number): string => {
    const e = editions.find((x) => x.year === year);
    if (e === undefined) throw new RiskImportError([`tip-editions.csv: no row for TIP ${year}, which tip-placements.csv uses`]);
    return e.url;
  };
  const currentUrl = editionUrl(TIP_CURRENT_YEAR);
  const previousUrl = editionUrl(TIP_PREVIOUS_YEAR);

  const placements = rows(TipPlacementRowSchema, texts["tip-placements.csv"], "tip-placements.csv");
  duplicateCheck(placements.map((p) => ({ line: p.line, key: p.value.iso2 })), "tip-placements.csv", "country");

  const gsiRows = rows(GsiRowSchema, texts["gsi-2023.csv"], "gsi-2023.csv");
  duplicateCheck(gsiRows.map((p) => ({ line: p.line, key: p.value.iso2 })), "gsi-2023.csv", "country");
  const placed = new Set(placements.map((p) => p.value.iso2));
  const orphan = gsiRows.filter((g) => !placed.has(g.value.iso2));
  if (orphan.length > 0) {
    throw new RiskImportError(orphan.map((g) => `gsi-2023.csv, line ${g.line}, field iso2: ${g.value.iso2} has no row in tip-placements.csv`));
  }
  const gsiByCode = new Map(gsiRows.map(({ value }) => [value.iso2, value]));

  const countries: CountryEntry[] = placements.map(({ value: p }) => {
    const g = gsiByCode.get(p.iso2);
    const flag = (v: string | undefined): boolean | null => (v === "yes" ? true : v === "no" ? false : null);
    const gsi: GsiRecord | null =
      g === undefined
        ? null
        : {
            prevalencePer1000: g.prevalence_per_1000 === "" ? null : Number(g.prevalence_per_1000),
            vulnerability: g.total_vulnerability_score === "" ? null : Number(g.total_vulnerability_score),
            topQuartile: flag(g.top_quartile),
            leastAction: flag(g.least_action),
            source: GSI_EDITION.source,
            year: GSI_EDITION.year,
            verified: g.verified === "yes",
            ...optionalUrl(g.source_url),
            ...(g.note === "" ? {} : { note: g.note }),
          };
    return {
      code: p.iso2,
      name: p.country,
      region: p.tip_region,
      tip: tipRecord(TIP_CURRENT_YEAR, p.tier_2025, p.verified_2025, p.report_url_2025, p.source_url_2025, noteFor(p.note, TIP_CURRENT_YEAR), currentUrl),
      tipPrevious: tipRecord(TIP_PREVIOUS_YEAR, p.tier_2024, p.verified_2024, p.report_url_2024, p.source_url_2024, noteFor(p.note, TIP_PREVIOUS_YEAR), previousUrl),
      gsi,
    };
  });

  const dol = rows(DolRowSchema, texts["dol-goods-2024.csv"], "dol-goods-2024.csv");
  duplicateCheck(dol.map((d) => ({ line: d.line, key: `${d.value.Good} × ${d.value.iso2 || "(no country)"} (${d.value.list})` })), "dol-goods-2024.csv", "good");
  const uflpa = rows(UflpaRowSchema, texts["uflpa-sectors.csv"], "uflpa-sectors.csv");
  duplicateCheck(uflpa.map((u) => ({ line: u.line, key: `${u.value.good} × ${u.value.country}` })), "uflpa-sectors.csv", "sector good");

  const gsiGoods = rows(GsiGoodRowSchema, texts["gsi-2023-goods.csv"], "gsi-2023-goods.csv");
  duplicateCheck(gsiGoods.map((g) => ({ line: g.line, key: g.value.good })), "gsi-2023-goods.csv", "good");

  const goods: GoodsEntry[] = [
    ...dol.map(({ value: d }): GoodsEntry => {
      const hasCountry = d.iso2 !== "";
      return {
        good: d.Good,
        list: "dol",
        country: hasCountry ? d.iso2 : null,
        forcedLabour: hasCountry ? d["Forced Labor"] === "X" : null,
        childLabour: hasCountry ? d["Child Labor"] === "X" : null,
        firstListed: d.first_listed === "" ? null : Number(d.first_listed),
        ...(d.list === "downstream" ? { downstream: true } : {}),
        source: DOL_EDITION.source,
        year: DOL_EDITION.year,
        verified: d.verified === "yes",
        ...optionalUrl(d.source_url),
        ...(d.note === "" ? {} : { note: d.note }),
      };
    }),
    ...uflpa.map(({ value: u }): GoodsEntry => ({
      good: u.good,
      list: "uflpa",
      country: u.country,
      forcedLabour: true,
      childLabour: null,
      firstListed: Number(u.designated),
      source: `UFLPA ${u.designated}`,
      year: Number(u.designated),
      verified: u.verified === "yes",
      ...optionalUrl(u.source_url),
      note: u.note === "" ? `UFLPA high-priority sector: ${u.sector}` : `UFLPA high-priority sector: ${u.sector}; ${u.note}`,
    })),
    ...gsiGoods.map(({ value: g }): GoodsEntry => ({
      good: g.good,
      list: "gsi-top5",
      country: null,
      forcedLabour: null,
      childLabour: null,
      source: GSI_EDITION.source,
      year: GSI_EDITION.year,
      verified: g.verified === "yes",
      ...optionalUrl(g.source_url),
      ...(g.note === "" ? {} : { note: g.note }),
    })),
  ];

  const countriesFile = CountriesFileSchema.parse({ dataVersion, editions, entries: countries });
  const goodsFile = GoodsFileSchema.parse({
    dataVersion,
    editions: [
      { edition: DOL_EDITION.source, year: DOL_EDITION.year, published: "2024-09-05", url: "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods" },
    ],
    entries: goods,
  });
  return { countries: countriesFile, goods: goodsFile };
}
