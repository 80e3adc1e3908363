import { formatPercent, formatUnits, fractionOf, lcm, percentOf, roundFraction, roundUnits } from "~/domain/scoring/exact";

describe("exact decimal arithmetic", () => {
  it("reads numbers as the decimals they spell", () => {
    expect(fractionOf(0.1)).toEqual({ n: 1n, d: 10n });
    expect(fractionOf(2.5)).toEqual({ n: 5n, d: 2n });
    expect(fractionOf(-0.25)).toEqual({ n: -1n, d: 4n });
    expect(fractionOf(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(fractionOf(3e21)).toEqual({ n: 3000000000000000000000n, d: 1n });
    expect(() => fractionOf(Number.NaN)).toThrow(/finite/);
    expect(lcm(4n, 10n)).toBe(20n);
  });

  it("rounds half up at the requested place, without binary noise", () => {
    expect(roundFraction({ n: 6005n, d: 100n }, 1)).toBe(60.1);
    expect(roundFraction({ n: 60049n, d: 1000n }, 1)).toBe(60);
    expect(roundFraction({ n: 1n, d: 3n }, 2)).toBe(0.33);
    expect(roundFraction({ n: 2n, d: 3n }, 2)).toBe(0.67);
    expect(roundFraction({ n: 1n, d: -8n }, 2)).toBe(-0.13);
    expect(roundFraction({ n: -124n, d: 1000n }, 2)).toBe(-0.12);
    expect(roundUnits(1, 8, 2)).toBe(0.13);
    expect(roundUnits(7, 2, 2)).toBe(3.5);
    expect(percentOf(1, 16, 1)).toBe(6.3);
    expect(percentOf(9, 17, 1)).toBe(52.9);
    expect(percentOf(2 ** 52, 3, 1)).toBe(roundFraction({ n: 2n ** 52n * 100n, d: 3n }, 1));
  });

  it("spells values for explanations: exact to four places, else marked approximate", () => {
    expect(formatUnits(3, 2)).toBe("1.5");
    expect(formatUnits(8, 2)).toBe("4");
    expect(formatUnits(3, 2)).toBe("1.5");
    expect(formatUnits(-1, 1)).toBe("-1");
    expect(formatUnits(1, 100000)).toBe("≈0");
    expect(formatUnits(3, 10)).toBe("0.3");
    expect(formatPercent(1, 2)).toBe("50");
    expect(formatPercent(1, 3)).toBe("≈33.3333");
    expect(formatPercent(1, 16)).toBe("6.25");
  });
});
