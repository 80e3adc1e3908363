// The shipped inherent-risk reference data, parsed and checked when this module is imported.
// Source and rules: data-schema.ts (provenance on every record) and DOMAIN-RESEARCH.md §2, §5.5.
// The three files share one dataVersion, stamped into every inherent-risk result so that a score
// can be reproduced against the data it was computed from; a mismatch is a broken data refresh
// and fails at import like any other schema error.
import countriesJson from "./data/countries.json";
import goodsJson from "./data/goods.json";
import sectorsJson from "./data/sectors.json";
import {
  CountriesFileSchema,
  GoodsFileSchema,
  SectorsFileSchema,
  parseRiskFile,
  type CountriesFile,
  type GoodsFile,
  type SectorsFile,
} from "./data-schema";

export interface RiskData {
  dataVersion: string;
  countries: CountriesFile["entries"];
  sectors: SectorsFile["entries"];
  goods: GoodsFile["entries"];
}

/** Builds RiskData from the three parsed files; throws when their dataVersion differ. */
export function assembleRiskData(countries: CountriesFile, sectors: SectorsFile, goods: GoodsFile): RiskData {
  const versions = new Set([countries.dataVersion, sectors.dataVersion, goods.dataVersion]);
  if (versions.size !== 1) {
    throw new Error(
      `Risk data files disagree on dataVersion: countries.json ${countries.dataVersion}, ` +
        `sectors.json ${sectors.dataVersion}, goods.json ${goods.dataVersion}; refresh them together.`,
    );
  }
  return { dataVersion: countries.dataVersion, countries: countries.entries, sectors: sectors.entries, goods: goods.entries };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The data the app ships (app/domain/risk/data/*.json), frozen so no caller can alter it. */
export const RISK_DATA: RiskData = deepFreeze(
  assembleRiskData(
    parseRiskFile(CountriesFileSchema, countriesJson, "app/domain/risk/data/countries.json"),
    parseRiskFile(SectorsFileSchema, sectorsJson, "app/domain/risk/data/sectors.json"),
    parseRiskFile(GoodsFileSchema, goodsJson, "app/domain/risk/data/goods.json"),
  ),
);
