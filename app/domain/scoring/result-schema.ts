// The scoring result as a zod schema, for reading stored results back and for the API's OpenAPI
// document (API.md: one source of truth). Source: QUESTIONNAIRES.md result shape; the fields
// beyond it (language, overall.why, residualRiskSteps, validityMonths, inputs) are documented in
// score.ts. A type-level check below keeps it identical to ScoreResult.
import { z } from "zod";
import { PolicySchema, RecommendationSchema, RESIDUAL_LEVELS } from "~/domain/policy/policy";
import { RESIDUAL_STEP_KINDS, type ResidualStepKind } from "~/domain/policy/residual";
import { LanguageSchema, RedFlagSeveritySchema } from "~/domain/questionnaire/schema";
import { AnswerValueSchema } from "./answers";
import type { ScoreResult } from "./score";

const BandSchema = z.enum(["strong", "adequate", "weak", "poor"]);
const ResidualLevelSchema = z.enum(RESIDUAL_LEVELS);
const DocumentStateSchema = z.enum(["accepted", "pending", "rejected"]);

export const ScoreResultSchema = z.object({
  questionnaire: z.object({ key: z.string(), version: z.number().int().positive(), sha256: z.string() }),
  engineVersion: z.string(),
  language: LanguageSchema,
  overall: z.object({ score: z.number().min(0).max(100).nullable(), band: BandSchema.nullable(), why: z.string() }),
  sections: z.array(
    z.object({
      key: z.string(),
      score: z.number().min(0).max(100).nullable(),
      band: BandSchema.nullable(),
      earned: z.number(),
      possible: z.number(),
      weight: z.number(),
      questions: z.array(z.object({ id: z.string(), visible: z.boolean(), earned: z.number(), possible: z.number(), why: z.string() })),
    }),
  ),
  redFlags: z.array(
    z.object({
      code: z.string(),
      severity: RedFlagSeveritySchema,
      questionId: z.string(),
      answer: AnswerValueSchema,
      message: z.string(),
      ruleId: z.string().optional(),
    }),
  ),
  inherentRisk: z.object({
    level: z.enum(["low", "medium", "high", "very-high"]),
    points: z.number(),
    dataVersion: z.string(),
    components: z.array(
      z.object({
        kind: z.enum(["country", "sector", "goods"]),
        value: z.string(),
        points: z.number(),
        source: z.string(),
        year: z.number(),
        verified: z.boolean(),
        explanation: z.string(),
        explanationEs: z.string(),
      }),
    ),
    // Results stored before the review flags existed (ADR 004) parse with none.
    reviewFlags: z
      .array(z.object({ code: z.literal("tip-placement-unverified"), countries: z.array(z.string()), message: z.string(), messageEs: z.string() }))
      .default([]),
  }),
  residualRisk: ResidualLevelSchema,
  residualRiskSteps: z.array(
    z.object({ kind: z.enum(RESIDUAL_STEP_KINDS as [ResidualStepKind, ...ResidualStepKind[]]), level: ResidualLevelSchema, text: z.string() }),
  ),
  recommendation: RecommendationSchema,
  validityMonths: z.number().int().min(0),
  conditions: z.array(z.object({ questionId: z.string(), text: z.string() })),
  policy: PolicySchema,
  inputs: z.object({
    country: z.string(),
    sector: z.string(),
    sourcingCountries: z.array(z.string()),
    goods: z.array(z.string()),
    documents: z.record(z.string(), DocumentStateSchema),
    evidenceReviews: z.record(z.string(), z.record(z.string(), DocumentStateSchema)).optional(),
  }),
  // Engine 2 only (absent from engine 1 results, which stay as they were).
  consistency: z.array(z.object({ id: z.string(), explanation: z.string(), effects: z.array(z.string()) })).optional(),
  declaredFacts: z
    .object({
      sourcingCountries: z.array(z.string()),
      goods: z.array(z.string()),
      migrantOrigins: z.array(z.string()),
      added: z.object({ sourcingCountries: z.array(z.string()), goods: z.array(z.string()) }),
      profileInherentRisk: z.object({ level: z.enum(["low", "medium", "high", "very-high"]), points: z.number() }),
    })
    .optional(),
  controlsAssessable: z.boolean().optional(),
  overallWithEvidence: z.object({ score: z.number().min(0).max(100).nullable(), band: BandSchema.nullable() }).optional(),
  recommendationSteps: z.array(z.string()).optional(),
});

// Compile-time proof that the schema and the engine's type describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof ScoreResultSchema>, ScoreResult> = true;
void sameShape;
