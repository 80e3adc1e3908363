// Exact decimal arithmetic for the scoring engine.
// Rule: QUESTIONNAIRES.md step 3, "rounded to one decimal at the end only". Points, weights and
// evidence credits in questionnaire files are decimal numbers; read through their shortest decimal
// spelling (String(0.1) = "0.1" = 1/10) they are exact fractions whose denominators are powers of
// 2 and 5. The engine therefore counts points in integer units of 1/D (D chosen per questionnaire)
// and combines sections with bigint fractions, so no binary floating-point noise reaches a result.
// Rounding is half-up (results are never negative), to a fixed number of decimals.

export interface BigFraction {
  n: bigint;
  d: bigint;
}

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = absBig(a);
  let y = absBig(b);
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x === 0n ? 1n : x;
}

export function lcm(a: bigint, b: bigint): bigint {
  return (absBig(a) / gcd(a, b)) * absBig(b);
}

export function reduce(f: BigFraction): BigFraction {
  const g = gcd(f.n, f.d);
  const sign = f.d < 0n ? -1n : 1n;
  return { n: (sign * f.n) / g, d: (sign * f.d) / g };
}

/** The exact fraction a finite JS number's shortest decimal spelling denotes (0.1 → 1/10). */
export function fractionOf(x: number): BigFraction {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (m === null) throw new Error(`cannot read ${x} as a decimal`);
  const [, sign = "", intPart = "0", frac = "", expText = "0"] = m;
  let n = BigInt(`${intPart}${frac}`);
  let d = 10n ** BigInt(frac.length);
  const exp = Number(expText);
  if (exp > 0) n *= 10n ** BigInt(exp);
  if (exp < 0) d *= 10n ** BigInt(-exp);
  return reduce({ n: sign === "-" ? -n : n, d });
}

const BIG_SCALES = [1n, 10n, 100n, 1000n, 10000n];

/** n/d rounded half-up to `decimals` places, as a JS number (k / 10^decimals, printed exactly). */
export function roundFraction(f: BigFraction, decimals: number): number {
  const scale = BIG_SCALES[decimals] ?? 10n ** BigInt(decimals);
  const r = f.d < 0n ? { n: -f.n, d: -f.d } : f;
  const num = r.n * scale * 2n + (r.n >= 0n ? r.d : -r.d);
  const den = r.d * 2n;
  // bigint division truncates toward zero, so a negative value rounds half away from zero, the
  // mirror image of half-up (the engine never rounds a negative value).
  return Number(num / den) / Number(scale);
}

/** Integer units of 1/unit, rounded half-up to `decimals` (safe-integer fast path). */
export function roundUnits(units: number, unit: number, decimals: number): number {
  const scale = 10 ** decimals;
  const num = units * scale * 2 + unit;
  if (Number.isSafeInteger(num)) return Math.floor(num / (unit * 2)) / scale;
  return roundFraction({ n: BigInt(units), d: BigInt(unit) }, decimals);
}

/** a/b × 100 rounded half-up to `decimals`, for safe integers a ≥ 0, b > 0. */
export function percentOf(a: number, b: number, decimals: number): number {
  const scale = 10 ** decimals;
  const num = a * 100 * scale * 2 + b;
  if (Number.isSafeInteger(num)) return Math.floor(num / (b * 2)) / scale;
  return roundFraction({ n: BigInt(a) * 100n, d: BigInt(b) }, decimals);
}

/** Spellings of small non-negative unit counts, per unit: explanations repeat the same few values. */
const spellings = new Map<number, string[]>();

export function formatUnits(units: number, unit: number, maxDecimals = 4): string {
  if (maxDecimals === 4 && units >= 0 && units < 4096 && Number.isInteger(units)) {
    let cache = spellings.get(unit);
    if (cache === undefined) {
      cache = [];
      spellings.set(unit, cache);
    }
    const known = cache[units];
    if (known !== undefined) return known;
    const spelt = spell(units, unit, maxDecimals);
    cache[units] = spelt;
    return spelt;
  }
  return spell(units, unit, maxDecimals);
}

function spell(units: number, unit: number, maxDecimals: number): string {
  if (units % unit === 0) return String(units / unit);
  // A decimal of at most 4 places, divided out in binary, prints back as exactly that decimal
  // (shortest round-trip spelling), so the fast path is exact.
  const scaled = units * 10 ** maxDecimals;
  if (Number.isSafeInteger(scaled) && scaled % unit === 0) return String(units / unit);
  return `≈${roundUnits(units, unit, maxDecimals)}`;
}

/** 100·a/b as a decimal: exact up to 4 places, else "≈" and 4 places (a, b safe integers). */
export function formatPercent(a: number, b: number): string {
  const scaled = a * 1_000_000;
  if (Number.isSafeInteger(scaled)) {
    if (scaled % b === 0) return String(percentOf(a, b, 4));
    return `≈${percentOf(a, b, 4)}`;
  }
  const n = BigInt(a) * 100n;
  const d = BigInt(b);
  return (n * 10000n) % d === 0n ? String(roundFraction({ n, d }, 4)) : `≈${roundFraction({ n, d }, 4)}`;
}
