// Reads back a workbook our XLSX writer produced: the ZIP's central directory, each entry
// inflated and CRC-checked, then one worksheet's cells with their number formats resolved
// through styles.xml, so a test can tell a real date cell (a serial number with a date format)
// from a date written as text.
import { inflateRawSync } from "node:zlib";
import { crc32 } from "~/exports/xlsx.server";

export function unzipEntries(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const out = new Map<string, string>();
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
    if (crc32(data) !== crc) throw new Error(`bad CRC in ${name}`);
    out.set(name, data.toString("utf8"));
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

export type ReadCell = { text: string | null; number: number | null; format: string | null };

function unescape(xml: string): string {
  return xml.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/** The rows of sheet `index` (1-based), each a list of cells; `format` is the cell's number format code (null for General). */
export function readSheet(zip: Buffer, index = 1): ReadCell[][] {
  const parts = unzipEntries(zip);
  const styles = parts.get("xl/styles.xml") ?? "";
  const formats = new Map<number, string>([[14, "m/d/yyyy"], [22, "m/d/yyyy h:mm"]]);
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) formats.set(Number(m[1]), unescape(m[2]!));
  const xfs = [...(styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? "").matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
  const sheet = parts.get(`xl/worksheets/sheet${index}.xml`);
  if (!sheet) throw new Error(`no sheet ${index}`);
  const rows: ReadCell[][] = [];
  for (const row of sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: ReadCell[] = [];
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>([\s\S]*?)<\/c>/g)) {
      const col = c[1]!.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const style = Number(/ s="(\d+)"/.exec(c[2]!)?.[1] ?? 0);
      const fmtId = xfs[style] ?? 0;
      const inline = /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3]!);
      const value = /<v>([^<]*)<\/v>/.exec(c[3]!);
      while (cells.length < col) cells.push({ text: null, number: null, format: null });
      cells.push({ text: inline ? unescape(inline[1]!) : null, number: value && !c[2]!.includes('t="b"') ? Number(value[1]) : null, format: fmtId === 0 ? null : (formats.get(fmtId) ?? String(fmtId)) });
    }
    rows.push(cells);
  }
  return rows;
}

/** A date serial as YYYY-MM-DD (UTC). */
export function serialDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000)).toISOString().slice(0, 10);
}
