import { describe, expect, it } from "vitest";
import { csvCell } from "~/exports/csv";
import { dateCell, excelSerial } from "~/exports/date-cell";

describe("export date cells", () => {
  it("are spreadsheet serial numbers: days since 1899-12-30, with the time as a fraction", () => {
    expect(excelSerial({ date: "1900-03-01" })).toBe(61);
    expect(excelSerial({ date: "2027-01-12" })).toBe(46399);
    expect(excelSerial({ date: "2026-01-09T18:00:00.000Z" })).toBe(46031.75);
    expect(excelSerial({ date: "not a date" })).toBeNull();
  });

  it("read as plain dates in CSV, an instant with its UTC time to the minute", () => {
    expect(csvCell(dateCell("2027-01-12"))).toBe("2027-01-12");
    expect(csvCell(dateCell("2026-01-09T15:30:42.000Z"))).toBe("2026-01-09 15:30");
    expect(csvCell(dateCell(null))).toBe("");
  });
});
