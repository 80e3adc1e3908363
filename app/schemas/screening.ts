// Boundary schemas of bank-side screening (issue 15): the RM's disposition of a potential match
// and the admin's list upload. Messages are i18n keys (app/i18n/screening.ts).
import { z } from "zod";
import { LIST_KINDS } from "~/domain/screening/lists";

export const DispositionSchema = z.object({
  disposition: z.enum(["true-match", "false-positive"], { message: "screening.error.disposition" }),
  reason: z.string({ message: "screening.error.reason" }).trim().min(1, "screening.error.reason").max(4000),
});
export type DispositionInput = z.infer<typeof DispositionSchema>;

export const ListUploadSchema = z.object({
  kind: z.enum(LIST_KINDS, { message: "screening.error.kind" }),
  name: z.string({ message: "screening.error.name" }).trim().min(1, "screening.error.name").max(200),
  sourceUrl: z.string({ message: "screening.error.sourceUrl" }).trim().url("screening.error.sourceUrl"),
  retrievedDate: z.string({ message: "screening.error.retrievedDate" }).regex(/^\d{4}-\d{2}-\d{2}$/, "screening.error.retrievedDate"),
  isSample: z.boolean(),
});
