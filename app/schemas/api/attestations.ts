import { z } from "zod";
import { PageQuerySchema } from "~/api/pagination";
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, listOf } from "./common";

export const AttestationSchema = z
  .object({
    id: IdSchema,
    clientId: IdSchema,
    assessmentId: IdSchema,
    decisionId: IdSchema,
    issuedAt: IsoDateTimeSchema,
    validUntil: IsoDateSchema,
    revoked: z.boolean(),
    revokedAt: IsoDateTimeSchema.nullable(),
    revocationReason: z.string().nullable(),
    sha256: z.string().meta({ description: "SHA-256 (hex) of the signed PDF" }),
    keyId: IdSchema,
  })
  .meta({ id: "Attestation" });

export const AttestationListQuerySchema = PageQuerySchema.extend({ clientId: IdSchema.optional() });
export const AttestationListSchema = listOf(AttestationSchema);
