import { z } from "zod";

const Localised = z.record(z.string(), z.string()).meta({ description: "Text per language code", example: { en: "…", es: "…" } });

export const QuestionnaireSummarySchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published", "retired"]),
    title: Localised,
    languages: z.array(z.enum(["en", "es"])),
    sha256: z.string().meta({ description: "SHA-256 of the version's canonical JSON, as assessments record it" }),
  })
  .meta({ id: "QuestionnaireSummary" });

export const QuestionnaireParamsSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]+$/),
  version: z.coerce.number().int().min(1),
});

const QuestionSchema = z.looseObject({
  id: z.string(),
  type: z.enum(["boolean", "single", "multi", "number", "percent", "text", "date", "countries"]),
  text: Localised,
  required: z.boolean(),
  maxPoints: z.number().meta({ description: "Derived: the points a perfect answer earns" }),
  options: z.array(z.looseObject({ value: z.string(), label: Localised, points: z.number().optional() })).optional(),
  showIf: z.unknown().optional().meta({ description: "When the question applies (QUESTIONNAIRES.md)" }),
  redFlags: z.array(z.looseObject({ code: z.string(), severity: z.enum(["critical", "major"]) })),
});

export const QuestionnaireDefinitionSchema = z
  .looseObject({
    key: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published", "retired"]),
    title: Localised,
    description: Localised,
    languages: z.array(z.enum(["en", "es"])),
    sources: z.array(z.looseObject({ id: z.string(), title: z.string(), url: z.string() })),
    sections: z.array(z.looseObject({ key: z.string(), title: Localised, weight: z.number(), questions: z.array(QuestionSchema) })),
    sha256: z.string(),
    maxPoints: z.number().meta({ description: "Derived: sum of every question's maxPoints" }),
  })
  .meta({ id: "QuestionnaireDefinition", description: "The full definition as in QUESTIONNAIRES.md, with derived maxPoints" });

export const QuestionnaireListSchema = z.object({ data: z.array(QuestionnaireSummarySchema), nextCursor: z.null() });
