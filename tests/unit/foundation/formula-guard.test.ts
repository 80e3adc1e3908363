// The one spreadsheet formula guard (issue 13, L5), through both writers: the attack report's ten
// formula payloads and triggers after a separator (";", ",", tab, newline) are guarded in CSV (a
// leading apostrophe, and one after each separator a trigger follows, so a ";"-separated reading
// cannot split a formula out) and get Excel's quotePrefix in XLSX; ordinary text is untouched;
// numbers written as numbers need no guard, "-3.5" written as text does.
import { inflateRawSync } from "node:zlib";
import { csvCell, parseCsv, toCsv } from "~/exports/csv";
import { guardFormula, needsFormulaGuard } from "~/exports/formula-guard";
import { buildXlsx } from "~/exports/xlsx.server";

const EVIL = '=HYPERLINK("http://evil.example","click")';

// The report's ten: =HYPERLINK, +, -, @, tab, CR, LF, space, full-width ＝, and a;=… .
const REPORT_PAYLOADS = [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "\n=1+1", " =1+1", "＝1+1", `a;${EVIL}`];

const AFTER_SEPARATOR = [`a;${EVIL}`, `a,${EVIL}`, `a\t${EVIL}`, `a\n${EVIL}`, `a\r\n+1`, "x; -1", "x;@SUM(1)", "x;＋1", "x,＠A1", "x;－1"];

/** What a spreadsheet that splits the cell at `;`, `,`, tab or newline would see as cells. */
function pieces(text: string): string[] {
  return text.split(/[;,\t\r\n]/);
}

/** A piece a spreadsheet would run: a trigger first, after optional spaces, unless guarded. */
function runnable(piece: string): boolean {
  return /^[ ]*[=+\-@＝＋－＠]/.test(piece);
}

describe("the formula guard", () => {
  it.each(REPORT_PAYLOADS.map((p) => [JSON.stringify(p), p]))("guards %s from the attack report", (_, payload) => {
    expect(needsFormulaGuard(payload)).toBe(true);
    const guarded = guardFormula(payload);
    expect(guarded.startsWith("'")).toBe(true);
    expect(pieces(guarded).filter(runnable)).toEqual([]);
  });

  it.each(AFTER_SEPARATOR.map((p) => [JSON.stringify(p), p]))("guards a trigger after a separator: %s", (_, payload) => {
    expect(needsFormulaGuard(payload)).toBe(true);
    const guarded = guardFormula(payload);
    expect(guarded.startsWith("'")).toBe(true);
    // Every piece a ";"/","/tab/newline split would give stays text.
    expect(pieces(guarded).filter(runnable)).toEqual([]);
  });

  it("guards a;=HYPERLINK(…) exactly as documented", () => {
    expect(guardFormula(`a;${EVIL}`)).toBe(`'a;'${EVIL}`);
    expect(guardFormula("x; -1")).toBe("'x; '-1");
    expect(guardFormula("=1")).toBe("'=1");
  });

  it("leaves ordinary text alone, including separators and signs elsewhere", () => {
    for (const text of ["Café Ñandú S.A.", "a;b", "a, b", "RUC 80012345-6", "x = y", "3-5 days", "user@example.test", "score: -3", "line one\nline two", "'quoted"]) {
      expect(needsFormulaGuard(text), text).toBe(false);
      expect(guardFormula(text)).toBe(text);
    }
  });
});

describe("the CSV writer", () => {
  it("applies the guard, quotes cells with separators (\";\" too), and writes numbers as numbers", () => {
    expect(csvCell(`a;${EVIL}`)).toBe(`"'a;'${EVIL.replace(/"/g, '""')}"`);
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell("-3.5")).toBe("'-3.5");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(false)).toBe("false");
    const table = toCsv(["name", "score"], [[`a;${EVIL}`, -3.5], ["\n=1+1", 2]]);
    expect(parseCsv(table)).toEqual([
      ["name", "score"],
      [`'a;'${EVIL}`, "-3.5"],
      ["'\n'=1+1", "2"],
    ]);
  });
});

describe("the XLSX writer", () => {
  it("gives guarded text cells the quotePrefix style, leaves others and numbers unstyled", () => {
    const book = buildXlsx([{ name: "s", header: ["name", "score"], rows: [[`a;${EVIL}`, -3.5], ["plain", 1], ["＝1+1", null]] }], new Date("2026-11-26T10:00:00Z"));
    // The sheet is the last entry; read it through the local header of its ZIP entry.
    const sheet = entry(book, "xl/worksheets/sheet1.xml");
    expect(sheet).toMatch(/<c r="A2" s="2" t="inlineStr"><is><t xml:space="preserve">'?a;=HYPERLINK/);
    expect(sheet).toContain('<c r="B2"><v>-3.5</v></c>');
    expect(sheet).toContain('<c r="A3" t="inlineStr">');
    expect(sheet).toContain('<c r="A4" s="2" t="inlineStr">');
    expect(sheet).not.toContain("<f>");
    expect(entry(book, "xl/styles.xml")).toContain('<cellXfs count="6">');
    expect(entry(book, "xl/styles.xml")).toContain('quotePrefix="1"');
  });
});

function entry(zip: Buffer, name: string): string {
  for (let p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])); p >= 0; p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), p + 4)) {
    const size = zip.readUInt32LE(p + 18);
    const nameLength = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    if (zip.subarray(p + 30, p + 30 + nameLength).toString("utf8") === name) return inflateRawSync(zip.subarray(p + 30 + nameLength + extra, p + 30 + nameLength + extra + size)).toString("utf8");
  }
  throw new Error(`no ${name} in the workbook`);
}
