// A date in an export: a calendar date ("2027-12-01") or an instant (ISO-8601 UTC). The XLSX
// writer stores it as a real date (a serial number with a date format, so a spreadsheet sorts,
// filters and computes with it); the CSV writer as "2027-12-01" or "2027-12-01 14:03" (UTC).
export type DateCell = { readonly date: string };

export function dateCell(iso: string | null | undefined): DateCell | null {
  return iso ? { date: iso } : null;
}

export function isDateCell(value: unknown): value is DateCell {
  return typeof value === "object" && value !== null && typeof (value as DateCell).date === "string";
}

/** True when the value carries a time of day (an instant), false for a calendar date. */
export function hasTime(cell: DateCell): boolean {
  return cell.date.length > 10;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** The spreadsheet serial number of the date (days since 1899-12-30, UTC), or null when it is not a date. */
export function excelSerial(cell: DateCell): number | null {
  const ms = hasTime(cell) ? Date.parse(cell.date) : Date.parse(`${cell.date}T00:00:00.000Z`);
  if (!Number.isFinite(ms)) return null;
  return (ms - EXCEL_EPOCH) / 86_400_000;
}

export function dateText(cell: DateCell): string {
  return hasTime(cell) ? `${cell.date.slice(0, 10)} ${cell.date.slice(11, 16)}` : cell.date.slice(0, 10);
}
