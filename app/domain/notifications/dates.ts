// Dates and times as people write them (issue 17, F22): "21 de diciembre de 2026", "December 21,
// 2026", never ISO; instants in the institution's time zone (an IANA name, an institution setting).
// Calendar dates (due dates, validity) carry no time zone and are written as they are stored.
import type { Lang } from "./kinds";

export const DEFAULT_TIME_ZONE = "America/Mexico_City";

const LOCALE: Record<Lang, string> = { en: "en-US", es: "es-419" };

/** Whether `name` is an IANA time zone this runtime knows (Intl.supportedValuesOf, plus UTC). */
export function isTimeZone(name: string): boolean {
  return name === "UTC" || Intl.supportedValuesOf("timeZone").includes(name);
}

/** A calendar date (YYYY-MM-DD) in words: "December 21, 2026" / "21 de diciembre de 2026". */
export function formatDate(date: string, lang: Lang): string {
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(LOCALE[lang], { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(d);
}

/** An instant in the institution's zone: "December 20, 2026 at 11:30 PM CST". */
export function formatDateTime(iso: string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(iso));
}

/** The calendar date (YYYY-MM-DD) it is at `now` in `timeZone`. */
export function calendarDateIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS);
}
