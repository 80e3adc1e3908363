// Inherent risk of a client, 0-10, from where it and its suppliers are, what it does and what it
// buys. Rule: DOMAIN-RESEARCH.md §5.5 (SYNTHESIS adopted by the project), adapted from Sedex
// Radar's additive model (§2.4); data: §2.1 GSI, §2.2 TIP tiers, §2.3 DOL TVPRA list, §1.11 UFLPA.
//
// 1. Country, 1-6: the worst of the client's country and its declared sourcing countries. Per
//    country: TIP Tier 1 = 1, Tier 2 = 2, Tier 2 Watch List = 4, Tier 3 or Special Case = 6;
//    +1 (never above 6) when GSI puts it in the top quartile of prevalence or in the least-action
//    group.
// 2. Sector, 1-4: the risk class of the client's ISIC Rev. 4 division (sectors.json).
// 3. Goods, 0-2: 2 when a declared good is listed for the client's country or a declared sourcing
//    country, or is a GSI top-5 at-risk product; 1 when it is listed for any other (or an
//    unstated) country; else 0. "Listed" means the US DOL TVPRA list and, as the project's one
//    extension of §5.5, a UFLPA priority sector for China: the UFLPA presumes forced labour for
//    Xinjiang goods (§1.11), which is stronger evidence than a DOL listing.
// 4. Sum capped at 10: low 0-3, medium 4-5, high 6-7, very-high 8-10.
//
// Unknown data is treated conservatively, never guessed (ADR 004):
// - a country with no verified TIP placement (no entry, a null tier or an unverified one) counts as
//   the higher of the rubric's default (Tier 2 Watch List = 4) and the worst verified tier in its
//   TIP region (all regions when the country has no entry); the component says "no verified TIP
//   placement — manual review", never names a TIP edition as its source, and the result carries a
//   "tip-placement-unverified" review flag naming the countries;
// - GSI flags that are null add nothing (the +1 is only applied on a recorded listing);
// - a sector code not in the data counts as class 4;
// - a good not in the data scores 0 (the shipped goods list is far from the full DOL list).
// Each component says "verified" only when nothing it depends on is missing or unconfirmed: for
// the country, every considered country's tier and GSI flags are verified (or a verified
// country already reaches the cap of 6); for the sector, the class is named by §5.5 rather than
// assigned by analogy; for goods, a 2 rests on a verified record, or no goods were declared.
// Country names, per-country assessments and the components that depend on data alone are
// memoised per data object; the function stays pure (same inputs, same output). Whole results are
// not: a memo of them kept its entries alive into the old generation and made a new context cost
// three times what computing it does (bench/scoring.ts).
import type { Language } from "~/domain/questionnaire/schema";
import type { CountryEntry, GoodsEntry, SectorClass, SectorEntry, TipRegion, TipTier } from "./data-schema";
import { RISK_DATA, type RiskData } from "./risk-data";

export { RISK_DATA, type RiskData } from "./risk-data";
export { ISO_COUNTRIES, isIsoCountry } from "./iso-countries";

export type InherentLevel = "low" | "medium" | "high" | "very-high";
export type InherentRiskComponentKind = "country" | "sector" | "goods";

export interface InherentRiskComponent {
  kind: InherentRiskComponentKind;
  /** The driving input: a country code, a sector division, a good (or "none"). */
  value: string;
  points: number;
  source: string;
  year: number;
  verified: boolean;
  explanation: string;
  explanationEs: string;
}

/** Something in the result a person must look at before relying on it. */
export interface InherentRiskReviewFlag {
  /** tip-placement-unverified: a considered country has no verified TIP placement. */
  code: "tip-placement-unverified";
  /** The ISO codes concerned, in the order considered. */
  countries: string[];
  message: string;
  messageEs: string;
}

export interface InherentRisk {
  level: InherentLevel;
  points: number;
  dataVersion: string;
  components: InherentRiskComponent[];
  /** Empty when nothing needs manual review (ADR 004). */
  reviewFlags: InherentRiskReviewFlag[];
}

export interface InherentRiskInput {
  country: string;
  sector: string;
  sourcingCountries: readonly string[];
  goods: readonly string[];
}

export const TIER_POINTS: Readonly<Record<TipTier, number>> = { "1": 1, "2": 2, "2WL": 4, "3": 6, "special-case": 6 };
/** The rubric's default for a country whose tier is unknown: Tier 2 Watch List. ADR 004 raises it to the region's worst verified tier. */
export const UNKNOWN_TIER_POINTS = 4;
/** The component source for a country without a verified placement: never a TIP edition. */
export const NO_VERIFIED_TIP_SOURCE = "no verified TIP placement (manual review)";

/** A component's source as a reader of `lang` sees it (edition labels such as "TIP 2025" are names). */
export function riskSourceLabel(source: string, lang: "en" | "es"): string {
  if (source === NO_VERIFIED_TIP_SOURCE && lang === "es") return "sin nivel TIP verificado (revisión manual)";
  // The sector classes are the project's synthesis (DOMAIN-RESEARCH §5.5) of published sources;
  // readers are shown those sources, not the internal document (issue 14, F05).
  if (source === SECTOR_SYNTHESIS_SOURCE) return SECTOR_SOURCE_LABEL[lang];
  return source;
}

const SECTOR_SYNTHESIS_SOURCE = "DOMAIN-RESEARCH §5.5";
const SECTOR_SOURCE_LABEL = {
  en: "ILO Global Estimates of Modern Slavery 2022, UK HMRC and Australian Modern Slavery Act sector guidance (Sedex Radar model)",
  es: "Estimaciones Mundiales sobre la Esclavitud Moderna de la OIT 2022 y guías sectoriales de HMRC (Reino Unido) y de la Ley de Esclavitud Moderna de Australia (modelo Sedex Radar)",
} as const;
export const COUNTRY_MAX = 6;
/** Class for a sector code the data does not hold: the highest. */
export const UNKNOWN_SECTOR_CLASS: SectorClass = 4;
export const INHERENT_MAX = 10;

/** low 0-3, medium 4-5, high 6-7, very-high 8-10 (§5.5). */
export function inherentLevel(points: number): InherentLevel {
  if (points >= 8) return "very-high";
  if (points >= 6) return "high";
  if (points >= 4) return "medium";
  return "low";
}

function pointsText(n: number, lang: Language): string {
  if (lang === "es") return n === 1 ? "1 punto" : `${n} puntos`;
  return n === 1 ? "1 point" : `${n} points`;
}

// ---- names ---------------------------------------------------------------------------------

const displayNames = new Map<Language, Intl.DisplayNames>();
// ICU lookups are slow next to the rest of the model; names never change within a process.
const nameCache: Record<Language, Map<string, string>> = { en: new Map(), es: new Map() };

/** The country's name in `lang` from ICU (names are not data); the code itself when unknown. */
export function countryName(code: string, lang: Language): string {
  const cache = nameCache[lang];
  const cached = cache.get(code);
  if (cached !== undefined) return cached;
  let names = displayNames.get(lang);
  if (names === undefined) {
    names = new Intl.DisplayNames([lang], { type: "region", fallback: "code" });
    displayNames.set(lang, names);
  }
  let name: string;
  try {
    name = names.of(code) ?? code;
  } catch {
    // Intl throws on strings that are not region subtags ("", "X1"); the code is the best name.
    name = code;
  }
  if (cache.size < 1000) cache.set(code, name);
  return name;
}

export interface SectorSummary {
  code: string;
  section: string;
  name: { en: string; es: string };
  riskClass: SectorClass;
}

/** Every ISIC Rev. 4 division the data holds, in code order, with names and risk class. */
export function sectors(data: RiskData = RISK_DATA): SectorSummary[] {
  return [...data.sectors]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => ({ code: s.code, section: s.section, name: { en: s.name.en, es: s.name.es }, riskClass: s.riskClass }));
}

export function sectorName(code: string, lang: Language, data: RiskData = RISK_DATA): string | undefined {
  return indexOf(data).sectors.get(code)?.name[lang];
}

/** Distinct good names in the data, sorted. */
export function goodsList(data: RiskData = RISK_DATA): string[] {
  return [...indexOf(data).goods.keys()].sort();
}

// ---- indexes (memoised per data object; the data is immutable) ------------------------------

interface RiskIndex {
  countries: Map<string, CountryEntry>;
  sectors: Map<string, SectorEntry>;
  goods: Map<string, GoodsEntry[]>;
  /** Sources of the goods lists, for a goods component that matched nothing. */
  goodsSource: string;
  goodsYear: number;
  dataYear: number;
  /** Worst verified tier per TIP region, and over all regions (key "all"). */
  regionWorst: Map<TipRegion | "all", TipTier>;
  /** Per-country assessments by role and code; they depend on nothing else. */
  assessments: Record<"client" | "sourcing", Map<string, CountryAssessment>>;
  /** Sector components by raw code, and the goods component for no goods: data alone decides them. */
  sectorComponents: Map<string, InherentRiskComponent>;
  noGoods: InherentRiskComponent | null;
}

const indexes = new WeakMap<RiskData, RiskIndex>();

function indexOf(data: RiskData): RiskIndex {
  const cached = indexes.get(data);
  if (cached !== undefined) return cached;
  const goods = new Map<string, GoodsEntry[]>();
  for (const g of data.goods) goods.set(g.good, [...(goods.get(g.good) ?? []), g]);
  const sources = [...new Set(data.goods.map((g) => g.source))].sort();
  const regionWorst = new Map<TipRegion | "all", TipTier>();
  for (const c of data.countries) {
    if (c.tip.tier === null || !c.tip.verified) continue;
    for (const key of [c.region, "all"] as const) {
      const known = regionWorst.get(key);
      if (known === undefined || TIER_POINTS[c.tip.tier] > TIER_POINTS[known]) regionWorst.set(key, c.tip.tier);
    }
  }
  const index: RiskIndex = {
    countries: new Map(data.countries.map((c) => [c.code, c])),
    sectors: new Map(data.sectors.map((s) => [s.code, s])),
    goods,
    goodsSource: sources.length > 0 ? sources.join("; ") : "no goods data",
    goodsYear: Math.max(0, ...data.goods.map((g) => g.year)),
    dataYear: Number(data.dataVersion.slice(0, 4)),
    regionWorst,
    assessments: { client: new Map(), sourcing: new Map() },
    sectorComponents: new Map(),
    noGoods: null,
  };
  indexes.set(data, index);
  return index;
}

// ---- country -------------------------------------------------------------------------------

const TIER_LABEL: Record<TipTier, { en: string; es: string }> = {
  "1": { en: "Tier 1", es: "Nivel 1" },
  "2": { en: "Tier 2", es: "Nivel 2" },
  "2WL": { en: "Tier 2 Watch List", es: "Lista de Vigilancia de Nivel 2" },
  "3": { en: "Tier 3", es: "Nivel 3" },
  "special-case": { en: "Special Case", es: "Caso Especial" },
};

const REGION_NAME: Record<TipRegion | "all", { en: string; es: string }> = {
  AF: { en: "Africa", es: "África" },
  EAP: { en: "East Asia and Pacific", es: "Asia Oriental y el Pacífico" },
  EUR: { en: "Europe and Eurasia", es: "Europa y Eurasia" },
  NEA: { en: "Near East", es: "Oriente Próximo" },
  SCA: { en: "South and Central Asia", es: "Asia Meridional y Central" },
  WHA: { en: "Western Hemisphere", es: "Hemisferio Occidental" },
  none: { en: "no TIP region", es: "sin región TIP" },
  all: { en: "any region", es: "todas las regiones" },
};

interface CountryAssessment {
  code: string;
  role: "client" | "sourcing";
  points: number;
  /** No verified TIP placement: the points come from the ADR 004 rule and need manual review. */
  needsReview: boolean;
  /** The tier is recorded and verified. */
  tipVerified: boolean;
  /** GSI cannot change the points: flags recorded and verified, or the tier alone reaches 6. */
  gsiSettled: boolean;
  source: string;
  year: number;
  en: string;
  es: string;
}

function assessCountry(code: string, role: "client" | "sourcing", index: RiskIndex): CountryAssessment {
  const nameEn = `${countryName(code, "en")} (${code}${role === "client" ? ", client's country" : ""})`;
  const nameEs = `${countryName(code, "es")} (${code}${role === "client" ? ", país del cliente" : ""})`;
  const entry = index.countries.get(code);
  const gsi = entry?.gsi ?? null;
  const tip = entry?.tip;
  const knownTier: TipTier | null = tip !== undefined && tip.tier !== null && tip.verified ? tip.tier : null;
  const tierKnown = knownTier !== null;
  let base: number;
  let en: string;
  let es: string;
  if (knownTier === null || tip === undefined) {
    const regionKey: TipRegion | "all" = entry === undefined ? "all" : entry.region;
    const worst = index.regionWorst.get(regionKey);
    const worstPoints = worst === undefined ? 0 : TIER_POINTS[worst];
    base = Math.max(UNKNOWN_TIER_POINTS, worstPoints);
    const region = REGION_NAME[regionKey];
    const why =
      worst !== undefined && worstPoints >= UNKNOWN_TIER_POINTS
        ? {
            en: `counted as ${TIER_LABEL[worst].en}, the worst verified tier in ${regionKey === "all" ? "any region" : `the ${region.en} region`}`,
            es: `se cuenta como ${TIER_LABEL[worst].es}, el peor nivel verificado en ${regionKey === "all" ? "todas las regiones" : `la región ${region.es}`}`,
          }
        : { en: "counted as Tier 2 Watch List, the rubric's default", es: "se cuenta como Lista de Vigilancia de Nivel 2, el valor por defecto de la rúbrica" };
    en = `${nameEn}: no verified TIP placement — manual review; ${why.en} = ${base}`;
    es = `${nameEs}: sin nivel TIP verificado — revisión manual; ${why.es} = ${base}`;
  } else {
    const tier = knownTier;
    base = TIER_POINTS[tier];
    const label = TIER_LABEL[tier];
    en = `${nameEn}: ${label.en} in ${tip.source} = ${base}`;
    es = `${nameEs}: ${label.es} en el informe ${tip.source} = ${base}`;
  }

  const topQuartile = gsi?.topQuartile === true;
  const leastAction = gsi?.leastAction === true;
  const flagged = topQuartile || leastAction;
  const flagsKnown = flagged || (gsi !== null && gsi.topQuartile === false && gsi.leastAction === false);
  const points = flagged ? Math.min(COUNTRY_MAX, base + 1) : base;
  if (flagged && gsi !== null) {
    const what = {
      en: [topQuartile ? "top quartile of prevalence" : "", leastAction ? "least-action group" : ""].filter(Boolean).join(" and "),
      es: [topQuartile ? "cuartil superior de prevalencia" : "", leastAction ? "grupo de menor acción" : ""].filter(Boolean).join(" y "),
    };
    const capped = base + 1 > COUNTRY_MAX;
    en += `, +1 for ${gsi.source} ${what.en}${gsi.verified ? "" : " (not verified)"}${capped ? ", capped at 6" : ""} = ${points}`;
    es += `, +1 por ${what.es} en ${gsi.source}${gsi.verified ? "" : " (no verificado)"}${capped ? ", con tope de 6" : ""} = ${points}`;
  }

  const tipSource = tierKnown && tip !== undefined ? tip.source : NO_VERIFIED_TIP_SOURCE;
  return {
    code,
    role,
    points,
    needsReview: !tierKnown,
    tipVerified: tierKnown,
    gsiSettled: base >= COUNTRY_MAX || (flagsKnown && gsi !== null && gsi.verified),
    source: flagged && gsi !== null ? `${tipSource}; ${gsi.source}` : tipSource,
    year: tierKnown && tip !== undefined ? tip.year : index.dataYear,
    en,
    es,
  };
}

function normaliseCode(code: string): string {
  // Codes almost always arrive normalised (two capital letters); skip the two copies then.
  if (code.length === 2) {
    const a = code.charCodeAt(0);
    const b = code.charCodeAt(1);
    if (a >= 65 && a <= 90 && b >= 65 && b <= 90) return code;
  }
  return code.trim().toUpperCase();
}

function countryComponent(
  input: InherentRiskInput,
  index: RiskIndex,
): { component: InherentRiskComponent; considered: string[]; needsReview: string[] } {
  // Plain loops and concatenation: this runs at every scoring of a new context, and arrays built
  // only to be joined were most of its cost.
  const assessed: CountryAssessment[] = [];
  const considered: string[] = [];
  const assess = (raw: string, role: "client" | "sourcing") => {
    const code = normaliseCode(raw);
    if (code === "" || considered.includes(code)) return;
    const known = index.assessments[role];
    let a = known.get(code);
    if (a === undefined) {
      a = assessCountry(code, role, index);
      // Bounded so arbitrary codes from callers cannot grow it without limit.
      if (known.size < 1000) known.set(code, a);
    }
    considered.push(code);
    assessed.push(a);
  };
  assess(input.country, "client");
  for (const c of input.sourcingCountries) assess(c, "sourcing");

  const first = assessed[0];
  if (first === undefined) {
    const worst = index.regionWorst.get("all");
    const points = Math.max(UNKNOWN_TIER_POINTS, worst === undefined ? 0 : TIER_POINTS[worst]);
    return {
      considered: [],
      needsReview: [""],
      component: {
        kind: "country",
        value: "",
        points,
        source: NO_VERIFIED_TIP_SOURCE,
        year: index.dataYear,
        verified: false,
        explanation: `No country given: no verified TIP placement — manual review; counted as the worst verified tier in any region = ${pointsText(points, "en")}. Not verified.`,
        explanationEs: `No se indicó ningún país: sin nivel TIP verificado — revisión manual; se cuenta como el peor nivel verificado en todas las regiones = ${pointsText(points, "es")}. No verificado.`,
      },
    };
  }

  // The first country with the highest points drives the component (client's country first,
  // then sourcing countries in the order declared), so ties resolve the same way every time.
  let driver = first;
  let allSettled = true;
  let settledAtCap = false;
  let linesEn = "";
  let linesEs = "";
  let tierGaps = "";
  let gsiGaps = "";
  const needsReview: string[] = [];
  for (const a of assessed) {
    if (a.needsReview) needsReview.push(a.code);
    if (a.points > driver.points) driver = a;
    const settled = a.tipVerified && a.gsiSettled;
    allSettled &&= settled;
    settledAtCap ||= settled && a.points >= COUNTRY_MAX;
    linesEn += linesEn === "" ? `${a.en}.` : ` ${a.en}.`;
    linesEs += linesEs === "" ? `${a.es}.` : ` ${a.es}.`;
    if (!a.tipVerified) tierGaps += tierGaps === "" ? a.code : `, ${a.code}`;
    if (!a.gsiSettled) gsiGaps += gsiGaps === "" ? a.code : `, ${a.code}`;
  }
  const verified = allSettled || settledAtCap;

  let en: string;
  let es: string;
  if (assessed.length > 1) {
    en = `Worst of the client's country and its sourcing countries. ${linesEn} Worst: ${countryName(driver.code, "en")} (${driver.code}), ${pointsText(driver.points, "en")}.`;
    es = `El peor entre el país del cliente y sus países de abastecimiento. ${linesEs} Peor: ${countryName(driver.code, "es")} (${driver.code}), ${pointsText(driver.points, "es")}.`;
  } else if (input.sourcingCountries.some((c) => normaliseCode(c) !== "")) {
    // Every declared sourcing country is the client's own: it was considered, once.
    en = `${linesEn} Sourcing declared only from the client's own country. Country points: ${driver.points}.`;
    es = `${linesEs} Abastecimiento declarado solo desde el propio país del cliente. Puntos de país: ${driver.points}.`;
  } else {
    en = `${linesEn} No sourcing countries declared. Country points: ${driver.points}.`;
    es = `${linesEs} No se declararon países de abastecimiento. Puntos de país: ${driver.points}.`;
  }
  if (!verified) {
    let gapsEn = "";
    let gapsEs = "";
    if (tierGaps !== "") {
      gapsEn = `TIP tier missing or unconfirmed for ${tierGaps}`;
      gapsEs = `nivel TIP ausente o sin confirmar para ${tierGaps}`;
    }
    if (gsiGaps !== "") {
      gapsEn += `${gapsEn === "" ? "" : "; "}GSI top-quartile and least-action flags missing or unconfirmed for ${gsiGaps} (no +1 applied for a missing flag)`;
      gapsEs += `${gapsEs === "" ? "" : "; "}indicadores GSI de cuartil superior y de menor acción ausentes o sin confirmar para ${gsiGaps} (no se suma +1 por un indicador ausente)`;
    }
    en += ` Not verified: ${gapsEn}.`;
    es += ` No verificado: ${gapsEs}.`;
  }
  return {
    considered,
    needsReview,
    component: {
      kind: "country",
      value: driver.code,
      points: driver.points,
      source: driver.source,
      year: driver.year,
      verified,
      explanation: en,
      explanationEs: es,
    },
  };
}

// ---- sector --------------------------------------------------------------------------------

function sectorComponent(rawCode: string, index: RiskIndex): InherentRiskComponent {
  const known = index.sectorComponents.get(rawCode);
  // A copy: results hand their components to callers, who must not share one object.
  if (known !== undefined) return { ...known };
  const component = buildSectorComponent(rawCode, index);
  if (index.sectorComponents.size < 2000) index.sectorComponents.set(rawCode, component);
  return { ...component };
}

function buildSectorComponent(rawCode: string, index: RiskIndex): InherentRiskComponent {
  const code = rawCode.trim();
  const entry = index.sectors.get(code);
  if (entry === undefined) {
    return {
      kind: "sector",
      value: code,
      points: UNKNOWN_SECTOR_CLASS,
      source: "no data (default class 4)",
      year: index.dataYear,
      verified: false,
      explanation: `Sector "${code}" is not an ISIC Rev. 4 division in the risk data: treated as class ${UNKNOWN_SECTOR_CLASS} = ${UNKNOWN_SECTOR_CLASS} points. Not verified.`,
      explanationEs: `El sector «${code}» no es una división de la CIIU Rev. 4 en los datos de riesgo: se trata como clase ${UNKNOWN_SECTOR_CLASS} = ${UNKNOWN_SECTOR_CLASS} puntos. No verificado.`,
    };
  }
  const cls = entry.riskClass;
  return {
    kind: "sector",
    value: entry.code,
    points: cls,
    source: entry.source,
    year: entry.year,
    verified: entry.verified,
    explanation:
      `ISIC ${entry.code} "${entry.name.en}" is risk class ${cls} (${entry.basis.en}) = ${pointsText(cls, "en")}.` +
      (entry.verified ? "" : " Not verified: the rubric does not name this activity; the class is assigned by analogy."),
    explanationEs:
      `CIIU ${entry.code} «${entry.name.es}» es de clase de riesgo ${cls} (${entry.basis.es}) = ${pointsText(cls, "es")}.` +
      (entry.verified ? "" : " No verificado: la rúbrica no nombra esta actividad; la clase se asigna por analogía."),
  };
}

// ---- goods ---------------------------------------------------------------------------------

interface GoodMatch {
  good: string;
  points: 0 | 1 | 2;
  entry: GoodsEntry | undefined;
}

const byVerifiedFirst = (a: GoodsEntry, b: GoodsEntry) => Number(b.verified) - Number(a.verified);

function matchGood(good: string, countries: ReadonlySet<string>, index: RiskIndex): GoodMatch {
  const entries = index.goods.get(good) ?? [];
  const listed = entries.filter((e) => e.list !== "gsi-top5");
  const forDeclared = listed.filter((e) => e.country !== null && countries.has(e.country));
  const top5 = entries.filter((e) => e.list === "gsi-top5");
  // Verified records first; among equals a country listing (the more specific fact) before the
  // GSI top 5 (sort is stable).
  const two = [...forDeclared, ...top5].sort(byVerifiedFirst)[0];
  if (two !== undefined) return { good, points: 2, entry: two };
  // A listing with no stated country explains best why the point may be understated.
  const one = listed.find((e) => e.country === null) ?? listed[0];
  if (one !== undefined) return { good, points: 1, entry: one };
  return { good, points: 0, entry: undefined };
}

function labourKind(e: GoodsEntry): { en: string; es: string } {
  if (e.forcedLabour === true && e.childLabour === true) return { en: "forced and child labour", es: "trabajo forzoso e infantil" };
  if (e.forcedLabour === true) return { en: "forced labour", es: "trabajo forzoso" };
  if (e.childLabour === true) return { en: "child labour", es: "trabajo infantil" };
  return { en: "child or forced labour", es: "trabajo infantil o forzoso" };
}

function goodsExplanation(m: GoodMatch & { entry: GoodsEntry }): { en: string; es: string } {
  const e = m.entry;
  const g = m.good;
  const where = e.country === null ? null : { en: `${countryName(e.country, "en")} (${e.country})`, es: `${countryName(e.country, "es")} (${e.country})` };
  const unverified = e.verified ? { en: "", es: "" } : { en: " (not verified)", es: " (no verificado)" };
  if (m.points === 2 && e.list === "gsi-top5") {
    return {
      en: `"${g}" is one of the five products at risk of modern slavery most imported by G20 countries (${e.source})${unverified.en} = 2 points.`,
      es: `«${g}» es uno de los cinco productos con riesgo de esclavitud moderna más importados por los países del G20 (${e.source})${unverified.es} = 2 puntos.`,
    };
  }
  if (m.points === 2 && e.list === "uflpa" && where !== null) {
    return {
      en: `"${g}" from ${where.en}, a declared country, is a UFLPA priority sector (${e.source}): goods from Xinjiang are presumed made with forced labour${unverified.en} = 2 points.`,
      es: `«${g}» de ${where.es}, país declarado, es un sector prioritario de la UFLPA (${e.source}): se presume que los bienes de Xinjiang se fabrican con trabajo forzoso${unverified.es} = 2 puntos.`,
    };
  }
  if (m.points === 2 && where !== null) {
    const kind = labourKind(e);
    return {
      en: `"${g}" is on the US DOL list of goods produced by ${kind.en} for ${where.en}, a declared country (${e.source})${unverified.en} = 2 points.`,
      es: `«${g}» figura en la lista del DOL de EE. UU. de bienes producidos con ${kind.es} para ${where.es}, país declarado (${e.source})${unverified.es} = 2 puntos.`,
    };
  }
  if (e.list === "uflpa" && where !== null) {
    return {
      en: `"${g}" is a UFLPA priority sector for ${where.en}, which is not a declared country (${e.source}) = 1 point.`,
      es: `«${g}» es un sector prioritario de la UFLPA para ${where.es}, que no es un país declarado (${e.source}) = 1 punto.`,
    };
  }
  if (where !== null) {
    const kind = labourKind(e);
    return {
      en: `"${g}" is on the US DOL list of goods produced by ${kind.en} for ${where.en}, which is not a declared country (${e.source}) = 1 point.`,
      es: `«${g}» figura en la lista del DOL de EE. UU. de bienes producidos con ${kind.es} para ${where.es}, que no es un país declarado (${e.source}) = 1 punto.`,
    };
  }
  return {
    en: `"${g}" is on the US DOL list of goods produced by child or forced labour (${e.source}) = 1 point. The countries it is listed for are not verified in the shipped data, so it may deserve 2.`,
    es: `«${g}» figura en la lista del DOL de EE. UU. de bienes producidos con trabajo infantil o forzoso (${e.source}) = 1 punto. Los países para los que figura no están verificados en los datos, así que podría merecer 2.`,
  };
}

function noGoodsComponent(index: RiskIndex): InherentRiskComponent {
  return {
    kind: "goods",
    value: "none",
    points: 0,
    source: index.goodsSource,
    year: index.goodsYear,
    verified: true,
    explanation: "No goods declared = 0 points.",
    explanationEs: "No se declararon bienes = 0 puntos.",
  };
}

function goodsComponent(rawGoods: readonly string[], considered: readonly string[], index: RiskIndex): InherentRiskComponent {
  if (rawGoods.length === 0) {
    index.noGoods ??= noGoodsComponent(index);
    return { ...index.noGoods };
  }
  const goods = [...new Set(rawGoods.map((g) => g.trim().toLowerCase()).filter((g) => g !== ""))];
  if (goods.length === 0) return noGoodsComponent(index);
  const countries = new Set(considered);
  const matches = goods.map((g) => matchGood(g, countries, index));
  // The first good with the most points drives the component, a verified record winning a tie.
  const rank = (m: GoodMatch) => m.points * 2 + (m.entry?.verified === true ? 1 : 0);
  const best = matches.reduce((top, m) => (rank(m) > rank(top) ? m : top));
  if (best.entry === undefined) {
    return {
      kind: "goods",
      value: goods.join(", "),
      points: 0,
      source: index.goodsSource,
      year: index.goodsYear,
      verified: false,
      explanation:
        `None of the declared goods (${goods.join(", ")}) is on the lists in the risk data = 0 points. ` +
        `Not verified: the data holds ${index.goods.size} goods, not the complete DOL list.`,
      explanationEs:
        `Ninguno de los bienes declarados (${goods.join(", ")}) figura en las listas de los datos de riesgo = 0 puntos. ` +
        `No verificado: los datos contienen ${index.goods.size} bienes, no la lista completa del DOL.`,
    };
  }
  const text = goodsExplanation({ ...best, entry: best.entry });
  return {
    kind: "goods",
    value: best.good,
    points: best.points,
    source: best.entry.source,
    year: best.entry.year,
    verified: best.points === 2 && best.entry.verified,
    explanation: text.en,
    explanationEs: text.es,
  };
}

// ---- review flags --------------------------------------------------------------------------

/** The flag raised when a considered country has no verified TIP placement (ADR 004). */
export function tipReviewFlag(codes: readonly string[]): InherentRiskReviewFlag {
  const named = codes.filter((c) => c !== "");
  const listEn = named.map((c) => `${countryName(c, "en")} (${c})`).join(", ");
  const listEs = named.map((c) => `${countryName(c, "es")} (${c})`).join(", ");
  return {
    code: "tip-placement-unverified",
    countries: named,
    message:
      named.length === 0
        ? "No country was given, so no TIP placement could be checked: review the country risk manually before relying on this result."
        : `No verified TIP placement for ${listEn}: the country points use the worst verified tier of the region. Review the country risk manually before relying on this result.`,
    messageEs:
      named.length === 0
        ? "No se indicó ningún país, así que no se pudo comprobar ningún nivel TIP: revise manualmente el riesgo país antes de basarse en este resultado."
        : `Sin nivel TIP verificado para ${listEs}: los puntos de país usan el peor nivel verificado de la región. Revise manualmente el riesgo país antes de basarse en este resultado.`,
  };
}

// ---- the model -----------------------------------------------------------------------------

/** Inherent risk per §5.5, with every component's source, year and a sentence in en and es. */
export function inherentRisk(input: InherentRiskInput, data: RiskData = RISK_DATA): InherentRisk {
  const index = indexOf(data);
  const country = countryComponent(input, index);
  const sector = sectorComponent(input.sector, index);
  const goods = goodsComponent(input.goods, country.considered, index);
  const points = Math.min(INHERENT_MAX, country.component.points + sector.points + goods.points);
  return {
    level: inherentLevel(points),
    points,
    dataVersion: data.dataVersion,
    components: [country.component, sector, goods],
    reviewFlags: country.needsReview.length === 0 ? [] : [tipReviewFlag(country.needsReview)],
  };
}
