// The audit log's filter (page and CSV export): action prefix, actor id, subject id and a date
// range (calendar dates, UTC, both ends inclusive).
import { z } from "zod";
import type { AuditFilter } from "~/repositories/audit-events.server";

const optionalDate = (field: string) => z.union([z.literal(""), z.iso.date({ error: `${field} must be a date (YYYY-MM-DD)` })]).optional();

export const AuditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(100).optional(),
  subject: z.string().trim().max(100).optional(),
  from: optionalDate("from"),
  to: optionalDate("to"),
});
export type AuditFilterInput = z.infer<typeof AuditFilterSchema>;

export function toAuditFilter(input: AuditFilterInput): AuditFilter {
  return {
    action: input.action || undefined,
    actorId: input.actor || undefined,
    subjectId: input.subject || undefined,
    from: input.from ? `${input.from}T00:00:00.000Z` : undefined,
    to: input.to ? `${input.to}T23:59:59.999Z` : undefined,
  };
}

/** The filter as query parameters, without empty values (for links and the export). */
export function filterQuery(input: AuditFilterInput, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...input, ...extra })) if (value) params.set(key, String(value));
  return params.toString();
}
