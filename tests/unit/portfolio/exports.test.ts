import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import fc from "fast-check";
import { csvCell, parseCsv, toCsv } from "~/exports/csv";
import { needsFormulaGuard } from "~/exports/formula-guard";
import { buildXlsx, columnName, crc32, sheetName, xmlEscape } from "~/exports/xlsx.server";

describe("CSV", () => {
  it("quotes, doubles quotes and neutralises formulas", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });
  it("round-trips any table of text through parseCsv (apart from the formula guard)", () => {
    const cell = fc.string().filter((s) => !needsFormulaGuard(s));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        const parsed = parseCsv(toCsv(["a", "b"], rows));
        expect(parsed).toEqual([["a", "b"], ...rows]);
      }),
    );
  });
});

/** Reads a ZIP's central directory and inflates each entry (enough to check our own writer). */
function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const crc = zip.readUInt32LE(p + 16);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + size));
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

describe("XLSX writer", () => {
  const book = buildXlsx(
    [
      { name: "Clients: all", header: ["Name", "Score", "Flag"], rows: [["Ñandú & <Co>", 61.5, true], ["=1+1", null, false], ["tab\u0001bad", 0, null]] },
      { name: "Clients: all", header: ["x"], rows: [] },
    ],
    new Date("2026-11-26T10:00:00Z"),
  );

  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("is a ZIP with the parts Excel needs, and unzip accepts it", () => {
    const file = path.resolve(process.cwd(), `.tmp/unit-${process.pid}.xlsx`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, book);
    try {
      const listing = execFileSync("unzip", ["-l", file]).toString();
      for (const part of ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]) expect(listing).toContain(part);
      execFileSync("unzip", ["-tq", file]);
      const names = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(','.join(z.namelist()))", file]).toString().trim();
      expect(names.split(",")).toHaveLength(7);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("writes cells as inline strings, numbers and booleans, escaped, with a bold header and unique sheet names", () => {
    const parts = unzipEntries(book);
    const sheet = parts.get("xl/worksheets/sheet1.xml")!.toString("utf8");
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Name</t></is></c>');
    expect(sheet).toContain("Ñandú &amp; &lt;Co&gt;");
    expect(sheet).toContain('<c r="B2"><v>61.5</v></c>');
    expect(sheet).toContain('<c r="C2" t="b"><v>1</v></c>');
    expect(sheet).toContain("=1+1");
    expect(sheet).not.toContain("<f>");
    expect(sheet).toContain("tabbad");
    expect(sheet).toContain('<dimension ref="A1:C4"/>');
    const workbook = parts.get("xl/workbook.xml")!.toString("utf8");
    expect(workbook).toContain('<sheet name="Clients  all" sheetId="1" r:id="rId1"/>');
    expect(workbook).toContain('<sheet name="Clients  all (2)" sheetId="2" r:id="rId2"/>');
  });

  it("names columns and sheets as Excel requires", () => {
    expect([0, 25, 26, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "ZZ", "AAA"]);
    expect(sheetName("a".repeat(40), new Set())).toHaveLength(31);
    expect(xmlEscape('"<&>')).toBe("&quot;&lt;&amp;&gt;");
  });
});
