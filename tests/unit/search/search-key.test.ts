import { describe, expect, it } from "vitest";
import { optionalSearchKey, searchKey } from "~/domain/search-key";

describe("searchKey (accent- and case-insensitive search)", () => {
  it("folds a Spanish name and every spelling a user types to the same text", () => {
    const stored = searchKey("Café Ñandú S.A.");
    expect(stored).toBe("cafe nandu s.a.");
    for (const query of ["cafe", "ÑANDÚ", "nandu", "Café", "CAFÉ ñandú", "ñandu"]) expect(stored.includes(searchKey(query))).toBe(true);
  });

  it("removes every combining mark: á é í ó ú ü ñ ç ã", () => {
    expect(searchKey("ÁÉÍÓÚ Üü Ññ Çç Ãã")).toBe("aeiou uu nn cc aa");
    expect(searchKey("Electrónica del Pacífico")).toBe("electronica del pacifico");
  });

  it("agrees on precomposed and decomposed input", () => {
    expect(searchKey("Ñandú")).toBe(searchKey("N\u0303andu\u0301"));
  });

  it("collapses and trims white space", () => {
    expect(searchKey("  Río \t  Bravo \n S.A. ")).toBe("rio bravo s.a.");
  });

  it("keeps null and blank optional values null", () => {
    expect(optionalSearchKey(null)).toBeNull();
    expect(optionalSearchKey("   ")).toBeNull();
    expect(optionalSearchKey(" RUC 20-1234 ")).toBe("ruc 20-1234");
  });
});
