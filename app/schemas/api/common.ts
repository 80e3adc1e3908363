// Shared pieces of the API's request and response schemas (shared/docs/API.md "Conventions").
// These zod schemas are the one source of truth: handlers validate with them and
// /api/v1/openapi.json is generated from them.
import { z } from "zod";

export const IsoDateTimeSchema = z.iso.datetime().meta({ description: "ISO 8601 UTC instant", example: "2026-11-26T14:00:00.000Z" });
export const IsoDateSchema = z.iso.date().meta({ description: "Calendar date (YYYY-MM-DD, UTC)", example: "2026-12-31" });
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "not an id" }).meta({ description: "Opaque id" });
export const IdParamsSchema = z.strictObject({ id: IdSchema });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable snake_case code, e.g. validation_failed, unauthorized, not_found" }),
      message: z.string(),
      details: z.array(z.object({ path: z.string().meta({ description: "The field, e.g. `contactEmail` or `answers.gov.policy`" }), message: z.string() })),
    }),
  })
  .meta({ id: "Error" });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: "Pass as `?cursor=` for the next page; null on the last page" }) });
}

export const GateValueSchema = z.enum(["open", "conditional", "pending", "closed"]);
export const ResidualRiskSchema = z.enum(["low", "medium", "high", "critical"]);
export const LanguageSchema = z.enum(["en", "es"]);
