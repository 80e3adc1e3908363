// Portfolio rules: which assessments count as overdue or expiring, which clients need
// re-assessment, how lists are filtered, sorted and paged, and where each dashboard figure links.
// Sources: shared/docs/PRODUCT.md ("Screens": dashboard by residual risk and gate, overdue and
// expiring, clients list with filter, search and export; golden path step 7: a closed gate or an
// ending validity puts the client in the re-assessment list), issue 7 ("Re-assessment": decision
// expiring within 60 days, expired, or gate closed; "Lists and exports": keyset pagination that
// stays fast at tens of thousands of rows) and DOMAIN-RESEARCH.md §5.6 (re-assessment cycle).
// Rules fixed here:
// - an assessment is overdue when it is still open for answers (sent, in-progress, returned) and
//   its due date is before today; it is expiring when it is open and due today or within
//   EXPIRING_DAYS;
// - a client needs re-assessment when its latest approved decision's validity ends within
//   REASSESS_WITHIN_DAYS (expiring), has ended (expired), or its gate is closed for any reason other
//   than never having been assessed; a client with an assessment under way is left out (the
//   re-assessment has been sent);
// - residual risk sorts by severity (low < medium < high < critical, unassessed last), gates by
//   openness (open < conditional < pending < closed); every sort ends with the id so a keyset
//   cursor is total and pages never repeat or skip a row.
import { z } from "zod";

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const INHERENT_LEVELS = ["low", "medium", "high", "very-high"] as const;
export const GATES = ["open", "conditional", "pending", "closed"] as const;
export type GateValue = (typeof GATES)[number];
export const STATUSES = ["sent", "in-progress", "submitted", "under-review", "decided", "returned", "expired", "withdrawn"] as const;
export type StatusValue = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly StatusValue[] = ["sent", "in-progress", "returned"];
/** "Unassessed" stands for a client without a result (residual risk null) in filters and charts. */
export const UNASSESSED = "none" as const;

export const EXPIRING_DAYS = 14;
export const REASSESS_WITHIN_DAYS = 60;
export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Exports stop here: a bigger portfolio is exported in filtered slices. */
export const MAX_EXPORT_ROWS = 50_000;

/** Adds whole days to a YYYY-MM-DD date (UTC calendar). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export type DueState = "overdue" | "expiring" | "on-time" | "closed";

export function dueState(status: StatusValue, dueDate: string, today: string): DueState {
  if (!OPEN_STATUSES.includes(status)) return "closed";
  if (dueDate < today) return "overdue";
  if (dueDate <= addDays(today, EXPIRING_DAYS)) return "expiring";
  return "on-time";
}

export type ReassessmentReason = "expired" | "expiring" | "gate-closed";

export function reassessmentReason(input: {
  gate: GateValue;
  gateReason: string | null;
  validUntil: string | null;
  hasAssessmentUnderWay: boolean;
  today: string;
}): ReassessmentReason | null {
  if (input.hasAssessmentUnderWay) return null;
  if (input.validUntil !== null && input.validUntil < input.today) return "expired";
  if (input.gate === "closed" && input.gateReason !== "never-assessed" && input.gateReason !== null) return "gate-closed";
  if (input.validUntil !== null && input.validUntil <= addDays(input.today, REASSESS_WITHIN_DAYS)) return "expiring";
  return null;
}

export const RISK_RANK: Record<RiskLevel | typeof UNASSESSED, number> = { low: 1, medium: 2, high: 3, critical: 4, none: 5 };
export const GATE_RANK: Record<GateValue, number> = { open: 1, conditional: 2, pending: 3, closed: 4 };

// ---------------------------------------------------------------------------------------------
// List queries (boundary schemas: every value arrives from a URL).

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `at most ${max} characters` })
    .optional()
    .transform((v) => (v === "" ? undefined : v));

const enumOrEmpty = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.literal("")])
    .optional()
    .transform((v) => (v === "" || v === undefined ? undefined : v));

export const CLIENT_SORTS = ["name", "residualRisk", "gate", "updated"] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];
export const ASSESSMENT_SORTS = ["client", "dueDate", "status", "updated"] as const;
export type AssessmentSort = (typeof ASSESSMENT_SORTS)[number];

export const ClientListQuerySchema = z.object({
  q: optionalText(100),
  gate: enumOrEmpty(GATES),
  residualRisk: enumOrEmpty([...RISK_LEVELS, UNASSESSED] as const),
  inherentRisk: enumOrEmpty(INHERENT_LEVELS),
  country: optionalText(2).pipe(z.string().regex(/^[A-Z]{2}$/, { error: "a two-letter ISO country code" }).optional()),
  sector: optionalText(10),
  rm: optionalText(100),
  /** Clients with a result carrying this red-flag code. */
  redFlag: optionalText(60).pipe(z.string().regex(/^RF-[A-Z0-9-]+$/, { error: "a red-flag code such as RF-FEES" }).optional()),
  sort: enumOrEmpty(CLIENT_SORTS),
  dir: enumOrEmpty(["asc", "desc"] as const),
  after: optionalText(400),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});
export type ClientListQuery = z.infer<typeof ClientListQuerySchema>;

export const AssessmentListQuerySchema = z.object({
  q: optionalText(100),
  status: enumOrEmpty(STATUSES),
  due: enumOrEmpty(["overdue", "expiring"] as const),
  gate: enumOrEmpty(GATES),
  residualRisk: enumOrEmpty([...RISK_LEVELS, UNASSESSED] as const),
  country: optionalText(2).pipe(z.string().regex(/^[A-Z]{2}$/, { error: "a two-letter ISO country code" }).optional()),
  sector: optionalText(10),
  rm: optionalText(100),
  sort: enumOrEmpty(ASSESSMENT_SORTS),
  dir: enumOrEmpty(["asc", "desc"] as const),
  after: optionalText(400),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});
export type AssessmentListQuery = z.infer<typeof AssessmentListQuerySchema>;

export type QueryIssue = { path: string; message: string };

/** Parses URL search params; unknown params are ignored, bad values named. */
export function parseListQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): { ok: true; value: z.infer<S> } | { ok: false; issues: QueryIssue[] } {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
}

/**
 * A keyset cursor: the sort key and id of the last row shown. It is opaque to users but not secret
 * (it only repeats values of a row they have seen), so plain JSON in the URL is enough.
 */
export type Cursor = { k: string | number | null; id: string };

export function encodeCursor(cursor: Cursor): string {
  return JSON.stringify([cursor.k, cursor.id]);
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [k, id] = parsed as unknown[];
    if (typeof id !== "string" || id.length === 0 || id.length > 100) return null;
    if (k !== null && typeof k !== "string" && typeof k !== "number") return null;
    return { k: k as string | number | null, id };
  } catch {
    return null;
  }
}

/** Search params of a filtered list without paging, for the "next page" and export links. */
export function listParams(filters: Record<string, string | number | undefined>, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) {
    if (v === undefined || v === "" || k === "after" || k === "limit") continue;
    params.set(k, String(v));
  }
  if (extra.after) params.set("after", extra.after);
  return params.toString();
}

/** Where each dashboard figure links. */
export function clientsHref(filters: Partial<Record<"gate" | "residualRisk" | "redFlag" | "country" | "sector" | "rm", string>>): string {
  const qs = listParams(filters);
  return `/app/clients${qs ? `?${qs}` : ""}`;
}

export function assessmentsHref(filters: Partial<Record<"status" | "due" | "gate" | "residualRisk", string>>): string {
  const qs = listParams(filters);
  return `/app/portfolio/assessments${qs ? `?${qs}` : ""}`;
}

/** Percentages of a total for chart labels, rounded to whole numbers (0 when the total is 0). */
export function share(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 100);
}
