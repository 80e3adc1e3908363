// Screening lists in their publishers' formats (issue 15 "Screening", O12/O13), parsed into
// entries the matcher reads. Pure: text in, entries out; scripts/screening-import.ts and the admin
// page read the files. Every row goes through zod; a bad row fails the whole import naming the
// file, line and field, so a half-read list never replaces a good one.
//
// Formats (CSV: header first, RFC 4180 quoting, "," or ";" separated, UTF-8, BOM allowed):
// - uflpa          the UFLPA Entity List as the team keeps it from the Federal Register / DHS page:
//                  name, aliases ("; "-separated), address, country, date_added (YYYY-MM-DD),
//                  federal_register (citation or URL, optional)
// - cbp-wro        CBP's Withhold Release Orders and Findings table: date, country, merchandise,
//                  entity (or manufacturer), status, type (WRO | Finding); rows whose status is
//                  revoked or inactive are not listed any more and are left out
// - br-lista-suja  Cadastro de Empregadores (MTE) columns: ID, Ano da ação fiscal, UF, Empregador,
//                  CNPJ/CPF, Estabelecimento, Trabalhadores envolvidos, CNAE, Decisão
//                  administrativa de procedência, Inclusão no Cadastro de Empregadores (DD/MM/YYYY)
// - ftm            FollowTheMoney entities, one JSON object per line ({id, schema, properties:
//                  {name[], alias[], country[]…}, first_seen}), or OpenSanctions' targets.simple.csv
//                  (id, schema, name, aliases, countries, first_seen… multi-values ";"-separated)
import { createHash } from "node:crypto";
import { z } from "zod";
import { RISK_DATA } from "~/domain/risk/risk-data";
import { isIsoCountry } from "~/domain/risk/iso-countries";
import { foldText } from "./normalise";

export const LIST_KINDS = ["uflpa", "cbp-wro", "br-lista-suja", "ftm"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface ParsedEntry {
  key: string;
  name: string;
  aliases: string[];
  country: string | null;
  listedDate: string | null;
  details: string | null;
}

export interface ParsedList {
  entries: ParsedEntry[];
  /** Rows read but not listed (a revoked WRO, an FtM entity that is not a named party). */
  skipped: number;
}

export class ListImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`Screening list import failed:\n- ${problems.join("\n- ")}`);
    this.name = "ListImportError";
  }
}

export const LIST_DEFAULTS: Record<ListKind, { name: string; sourceUrl: string | null }> = {
  uflpa: { name: "UFLPA Entity List", sourceUrl: "https://www.dhs.gov/uflpa-entity-list" },
  "cbp-wro": { name: "CBP Withhold Release Orders and Findings", sourceUrl: "https://www.cbp.gov/trade/forced-labor/withhold-release-orders-and-findings" },
  "br-lista-suja": { name: "Cadastro de Empregadores (lista suja)", sourceUrl: null },
  ftm: { name: "FollowTheMoney list", sourceUrl: null },
};

export const ListMetadataSchema = z.object({
  kind: z.enum(LIST_KINDS),
  name: z.string().trim().min(1, "screening.error.name").max(200),
  sourceUrl: z.string().trim().url("screening.error.sourceUrl"),
  retrievedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "screening.error.retrievedDate"),
  isSample: z.boolean(),
});
export type ListMetadata = z.infer<typeof ListMetadataSchema>;

// ---- CSV ------------------------------------------------------------------------------------

interface Row {
  line: number;
  values: Map<string, string>;
}

function parseCsv(text: string, file: string): Row[] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const sep = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  const records: { line: number; fields: string[] }[] = [];
  let field = "";
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
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
    } else if (ch === '"' && field === "") inQuotes = true;
    else if (ch === sep) {
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
  if (inQuotes) throw new ListImportError([`${file}, line ${recordLine}: a quoted field is not closed`]);
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ""));
  const header = nonEmpty[0];
  if (!header) throw new ListImportError([`${file}: the file is empty (a header row is required)`]);
  const names = header.fields.map((h) => foldText(h).replace(/ /g, "_"));
  return nonEmpty.slice(1).map((r) => {
    if (r.fields.length !== names.length) throw new ListImportError([`${file}, line ${r.line}: ${r.fields.length} fields, the header has ${names.length}`]);
    return { line: r.line, values: new Map(names.map((n, i) => [n, r.fields[i]!.trim()])) };
  });
}

function column(rows: Row[], file: string, wanted: readonly string[], required: boolean): string | null {
  const have = rows[0] ? [...rows[0].values.keys()] : [];
  const found = wanted.find((w) => have.includes(w));
  if (!found && required && rows.length > 0) throw new ListImportError([`${file}: no column ${wanted.map((w) => `"${w}"`).join(" or ")} in the header`]);
  return found ?? null;
}

// ---- values ---------------------------------------------------------------------------------

const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map([
  ...RISK_DATA.countries.map((c) => [foldText(c.name ?? ""), c.code] as const),
  ...(
    [
      ["china", "CN"], ["people s republic of china", "CN"], ["prc", "CN"], ["brasil", "BR"], ["mexico", "MX"], ["united states", "US"], ["usa", "US"],
      ["peru", "PE"], ["malaysia", "MY"], ["turkmenistan", "TM"], ["dominican republic", "DO"], ["burma", "MM"], ["taiwan", "TW"], ["hong kong", "HK"],
      ["vietnam", "VN"], ["viet nam", "VN"], ["south korea", "KR"], ["north korea", "KP"], ["russia", "RU"], ["uzbekistan", "UZ"],
    ] as const
  ).map(([n, c]) => [n, c] as const),
]);

/** ISO alpha-2 from a code ("cn", "CN") or an English/local country name; null when empty. */
export function countryCode(value: string): string | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  if (/^[a-z]{2}$/i.test(v) && isIsoCountry(v.toUpperCase())) return v.toUpperCase();
  return COUNTRY_NAMES.get(foldText(v)) ?? undefined;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a calendar date");

function isoDate(value: string): string | undefined {
  const v = value.trim();
  const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const us = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  const candidate = br ? `${br[3]}-${br[2]!.padStart(2, "0")}-${br[1]!.padStart(2, "0")}` : us ? `${us[1]}-${us[2]}-${us[3]}` : v;
  return IsoDate.safeParse(candidate).success ? candidate : undefined;
}

function splitMulti(value: string): string[] {
  return value
    .split(/\s*[;|]\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const EntrySchema = z.object({
  key: z.string().min(1).max(300),
  name: z.string().trim().min(1, "the name is empty").max(500),
  aliases: z.array(z.string().max(500)).max(200),
  country: z.string().length(2).nullable(),
  listedDate: z.string().nullable(),
  details: z.string().max(2000).nullable(),
});

function hashKey(...parts: string[]): string {
  return createHash("sha256").update(parts.map((p) => foldText(p)).join("|")).digest("hex").slice(0, 24);
}

function collect(file: string, build: (row: Row, problems: string[]) => ParsedEntry | null, rows: Row[]): ParsedList {
  const problems: string[] = [];
  const entries: ParsedEntry[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const row of rows) {
    const rowProblems: string[] = [];
    const entry = build(row, rowProblems);
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((p) => `${file}, line ${row.line}: ${p}`));
      continue;
    }
    if (!entry) {
      skipped++;
      continue;
    }
    const parsed = EntrySchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${file}, line ${row.line}, field ${i.path.join(".") || "row"}: ${i.message}`));
      continue;
    }
    if (seen.has(entry.key)) {
      skipped++;
      continue;
    }
    seen.add(entry.key);
    entries.push(parsed.data);
  }
  if (problems.length > 0) throw new ListImportError(problems.slice(0, 50));
  return { entries, skipped };
}

function countryOf(value: string | undefined, field: string, problems: string[]): string | null {
  const c = countryCode(value ?? "");
  if (c === undefined) {
    problems.push(`field ${field}: "${value}" is not a country this importer knows (use the ISO code)`);
    return null;
  }
  return c;
}

function dateOf(value: string | undefined, field: string, problems: string[], required: boolean): string | null {
  const v = (value ?? "").trim();
  if (v === "") {
    if (required) problems.push(`field ${field}: the date is missing`);
    return null;
  }
  const d = isoDate(v);
  if (!d) problems.push(`field ${field}: "${v}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
  return d ?? null;
}

// ---- the formats ----------------------------------------------------------------------------

export function parseUflpa(text: string, file: string): ParsedList {
  const rows = parseCsv(text, file);
  const name = column(rows, file, ["name", "entity", "entity_name"], true)!;
  const aliases = column(rows, file, ["aliases", "alias", "also_known_as"], false);
  const country = column(rows, file, ["country"], true)!;
  const added = column(rows, file, ["date_added", "added", "effective_date"], true)!;
  const address = column(rows, file, ["address"], false);
  const citation = column(rows, file, ["federal_register", "citation", "source"], false);
  return collect(
    file,
    (row, problems) => {
      const n = row.values.get(name) ?? "";
      const c = countryOf(row.values.get(country), country, problems);
      const d = dateOf(row.values.get(added), added, problems, true);
      const details = [address ? row.values.get(address) : "", citation ? row.values.get(citation) : ""].filter((s) => s).join(" · ");
      return { key: hashKey(n, c ?? ""), name: n, aliases: aliases ? splitMulti(row.values.get(aliases) ?? "") : [], country: c, listedDate: d, details: details || null };
    },
    rows,
  );
}

export function parseCbpWro(text: string, file: string): ParsedList {
  const rows = parseCsv(text, file);
  const entity = column(rows, file, ["entity", "manufacturer", "manufacturer_entity", "manufacturer_entity_name"], true)!;
  const date = column(rows, file, ["date", "date_issued", "wro_date", "date_of_issuance"], true)!;
  const country = column(rows, file, ["country"], true)!;
  const merchandise = column(rows, file, ["merchandise"], false);
  const status = column(rows, file, ["status"], false);
  const type = column(rows, file, ["type", "wro_finding"], false);
  return collect(
    file,
    (row, problems) => {
      const s = foldText(status ? (row.values.get(status) ?? "") : "");
      if (s.includes("revoked") || s.includes("inactive")) return null;
      const n = row.values.get(entity) ?? "";
      const c = countryOf(row.values.get(country), country, problems);
      const d = dateOf(row.values.get(date), date, problems, true);
      const t = type ? (row.values.get(type) ?? "") : "";
      const m = merchandise ? (row.values.get(merchandise) ?? "") : "";
      return { key: hashKey(n, c ?? "", m, d ?? ""), name: n, aliases: [], country: c, listedDate: d, details: [t, m, s].filter((x) => x).join(" · ") || null };
    },
    rows,
  );
}

export function parseListaSuja(text: string, file: string): ParsedList {
  const rows = parseCsv(text, file);
  const employer = column(rows, file, ["empregador", "nome_do_empregador"], true)!;
  const doc = column(rows, file, ["cnpj_cpf", "cpf_cnpj", "cnpj", "cpf"], true)!;
  const inclusion = column(rows, file, ["inclusao_no_cadastro_de_empregadores", "inclusao_no_cadastro", "data_de_inclusao"], true)!;
  const uf = column(rows, file, ["uf"], false);
  const establishment = column(rows, file, ["estabelecimento"], false);
  const workers = column(rows, file, ["trabalhadores_envolvidos"], false);
  const year = column(rows, file, ["ano_da_acao_fiscal"], false);
  return collect(
    file,
    (row, problems) => {
      const n = row.values.get(employer) ?? "";
      const digits = (row.values.get(doc) ?? "").replace(/\D/g, "");
      if (digits === "") problems.push(`field ${doc}: the CNPJ/CPF is missing`);
      const d = dateOf(row.values.get(inclusion), inclusion, problems, true);
      const details = [
        uf ? row.values.get(uf) : "",
        establishment ? row.values.get(establishment) : "",
        year && row.values.get(year) ? `ação fiscal ${row.values.get(year)}` : "",
        workers && row.values.get(workers) ? `${row.values.get(workers)} trabalhadores` : "",
      ].filter((s) => s);
      return { key: `${digits}|${hashKey(n)}`, name: n, aliases: [], country: "BR", listedDate: d, details: details.join(" · ") || null };
    },
    rows,
  );
}

/** FollowTheMoney schemata that name a party a client or supplier could be. */
const FTM_PARTY_SCHEMATA = new Set(["LegalEntity", "Company", "Organization", "Person", "PublicBody"]);

const FtmEntitySchema = z.object({
  id: z.string().min(1),
  schema: z.string().min(1),
  properties: z.record(z.string(), z.array(z.unknown())).default({}),
  first_seen: z.string().optional(),
  target: z.boolean().optional(),
});

const strings = (xs: readonly unknown[] | undefined): string[] => (xs ?? []).filter((x): x is string => typeof x === "string" && x.trim() !== "");

export function parseFtmJsonLines(text: string, file: string): ParsedList {
  const problems: string[] = [];
  const entries: ParsedEntry[] = [];
  let skipped = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`${file}, line ${i + 1}: not a JSON object`);
      return;
    }
    const parsed = FtmEntitySchema.safeParse(json);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((is) => `${file}, line ${i + 1}, field ${is.path.join(".")}: ${is.message}`));
      return;
    }
    const e = parsed.data;
    const names = strings(e.properties.name);
    if (!FTM_PARTY_SCHEMATA.has(e.schema) || names.length === 0 || e.target === false) {
      skipped++;
      return;
    }
    const countries = [...strings(e.properties.country), ...strings(e.properties.jurisdiction), ...strings(e.properties.mainCountry), ...strings(e.properties.nationality)];
    const country = countries.map((c) => countryCode(c)).find((c): c is string => typeof c === "string") ?? null;
    const listed = strings(e.properties.createdAt)[0] ?? e.first_seen ?? "";
    entries.push({
      key: e.id,
      name: names[0]!,
      aliases: [...names.slice(1), ...strings(e.properties.alias), ...strings(e.properties.previousName)],
      country,
      listedDate: isoDate(listed) ?? null,
      details: e.schema,
    });
  });
  if (problems.length > 0) throw new ListImportError(problems.slice(0, 50));
  return { entries, skipped };
}

export function parseOpenSanctionsSimpleCsv(text: string, file: string): ParsedList {
  const rows = parseCsv(text, file);
  const id = column(rows, file, ["id"], true)!;
  const schema = column(rows, file, ["schema"], true)!;
  const name = column(rows, file, ["name"], true)!;
  const aliases = column(rows, file, ["aliases"], false);
  const countries = column(rows, file, ["countries"], false);
  const firstSeen = column(rows, file, ["first_seen"], false);
  const sanctions = column(rows, file, ["sanctions", "program_ids"], false);
  return collect(
    file,
    (row) => {
      if (!FTM_PARTY_SCHEMATA.has(row.values.get(schema) ?? "")) return null;
      const country = splitMulti(countries ? (row.values.get(countries) ?? "") : "").map((c) => countryCode(c)).find((c): c is string => typeof c === "string") ?? null;
      return {
        key: row.values.get(id) ?? "",
        name: row.values.get(name) ?? "",
        aliases: aliases ? splitMulti(row.values.get(aliases) ?? "") : [],
        country,
        listedDate: firstSeen ? (isoDate(row.values.get(firstSeen) ?? "") ?? null) : null,
        details: sanctions ? (row.values.get(sanctions) || null) : null,
      };
    },
    rows,
  );
}

/** Reads a list file of the given kind; for `ftm`, JSON lines unless the file is a CSV. */
export function parseList(kind: ListKind, text: string, file: string): ParsedList {
  switch (kind) {
    case "uflpa":
      return parseUflpa(text, file);
    case "cbp-wro":
      return parseCbpWro(text, file);
    case "br-lista-suja":
      return parseListaSuja(text, file);
    case "ftm":
      return /\.csv$/i.test(file) || /^\uFEFF?"?id"?[,;]/.test(text) ? parseOpenSanctionsSimpleCsv(text, file) : parseFtmJsonLines(text, file);
  }
}
