// CSV for spreadsheet users (RFC 4180: comma, CRLF, quotes doubled), the one CSV encoder of every
// export. Text that a spreadsheet could run as a formula goes through the shared guard
// (./formula-guard: the "CSV injection" guidance of OWASP, since names and notes come from
// clients and staff); numbers and booleans are written as they are. A cell with a ";" is quoted
// too, so a reader that splits at ";" keeps it whole.
import { dateText, isDateCell, type DateCell } from "./date-cell";
import { guardFormula } from "./formula-guard";

export type Cell = string | number | boolean | DateCell | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isDateCell(value)) return dateText(value);
  const text = guardFormula(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly Cell[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A whole table with a UTF-8 byte-order mark, so Excel reads accents correctly. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = `\uFEFF${csvRow(header)}`;
  for (const row of rows) out += csvRow(row);
  return out;
}

/** Splits CSV text back into rows (for tests and round-trips); handles quotes and CRLF. */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || (c === "\r" && source[i + 1] === "\n")) {
      if (c === "\r") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
