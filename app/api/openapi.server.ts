// The OpenAPI 3.1 document of /api/v1, GENERATED from the zod schemas the handlers validate with
// (app/schemas/api/*, app/schemas/clients.ts, app/schemas/assessments.ts): one source of truth,
// never a hand-written copy (issue 9). Each path is registered once here; a test checks that
// every route file under app/routes/api+/ appears in the document and that it validates.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { AttestationListQuerySchema, AttestationListSchema, AttestationSchema } from "~/schemas/api/attestations";
import { AssessmentSchema, GateSchema } from "~/schemas/api/assessments";
import { AuditListSchema, AuditQuerySchema } from "~/schemas/api/audit";
import { ApiCreateClientSchema, ApiSendAssessmentSchema, ClientDetailSchema, ClientListQuerySchema, ClientListSchema, ClientSchema, SentAssessmentSchema } from "~/schemas/api/clients";
import { ErrorSchema, IdParamsSchema } from "~/schemas/api/common";
import { QuestionnaireDefinitionSchema, QuestionnaireListSchema, QuestionnaireParamsSchema } from "~/schemas/api/questionnaires";
import { VerifyResponseSchema } from "~/services/attestations.server";
import { DocumentUploadedSchema, RespondentViewSchema, SaveAnswersResultSchema, SaveAnswersSchema, SubmitResultSchema, SubmitSchema } from "~/schemas/api/respondent";

type Responses = RouteConfig["responses"];

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request: bad JSON, wrong types, unknown fields, bad cursor",
  401: "No key, an unknown key or a revoked key",
  403: "The key's scope does not allow this",
  404: "Not found (also another institution's id)",
  405: "Wrong method",
  409: "State conflict, or an Idempotency-Key reused with another body",
  410: "The respondent link expired, was revoked or withdrawn",
  413: "Body too large",
  415: "Wrong media type",
  422: "Well-formed but refused",
  429: "Rate limited: see Retry-After",
};

export function errors(...statuses: number[]): Responses {
  return Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? "Error", content: { "application/json": { schema: ErrorSchema } } }]));
}

function ok(schema: z.ZodType, description = "OK", status = 200): Responses {
  return { [String(status)]: { description, content: { "application/json": { schema } } } };
}

function jsonBody(schema: z.ZodType) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}

const apiKey = [{ apiKey: [] }];
const respondentToken = [{ respondentToken: [] }];
const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().max(255).optional().meta({ description: "Retrying with the same key and body returns the stored response; another body answers 409" }),
});
const READ = [401, 404, 405, 429];
const WRITE = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429];

function register(registry: OpenAPIRegistry): void {
  registry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "An institution's API key, `pvn_key_…` (created by an admin under Admin → API keys)" });
  registry.registerComponent("securitySchemes", "respondentToken", { type: "http", scheme: "bearer", description: "The respondent token in the link the client's contact receives by e-mail, `pvn_rsp_…`" });

  registry.registerPath({ method: "get", path: "/api/v1/openapi.json", summary: "This document", tags: ["meta"], security: [], responses: { 200: { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } } } } });
  registry.registerPath({ method: "get", path: "/api/v1/ping", summary: "Liveness: a constant JSON", tags: ["meta"], security: [], responses: ok(z.object({ ok: z.literal(true) })) });

  registry.registerPath({ method: "get", path: "/api/v1/questionnaires", summary: "Questionnaire versions", tags: ["questionnaires"], security: apiKey, responses: { ...ok(QuestionnaireListSchema), ...errors(...READ) } });
  registry.registerPath({
    method: "get",
    path: "/api/v1/questionnaires/{key}/{version}",
    summary: "A questionnaire version's full definition, with derived maxPoints",
    tags: ["questionnaires"],
    security: apiKey,
    request: { params: QuestionnaireParamsSchema },
    responses: { ...ok(QuestionnaireDefinitionSchema), ...errors(...READ) },
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/clients",
    summary: "Create a client; its inherent risk is computed at once",
    tags: ["clients"],
    security: apiKey,
    request: { headers: idempotencyHeader, ...jsonBody(ApiCreateClientSchema) },
    responses: { ...ok(ClientSchema, "Created", 201), ...errors(...WRITE) },
  });
  registry.registerPath({ method: "get", path: "/api/v1/clients", summary: "List clients, newest first", tags: ["clients"], security: apiKey, request: { query: ClientListQuerySchema }, responses: { ...ok(ClientListSchema), ...errors(400, ...READ) } });
  registry.registerPath({ method: "get", path: "/api/v1/clients/{id}", summary: "A client with its latest assessment and decision", tags: ["clients"], security: apiKey, request: { params: IdParamsSchema }, responses: { ...ok(ClientDetailSchema), ...errors(...READ) } });
  registry.registerPath({
    method: "post",
    path: "/api/v1/clients/{id}/assessments",
    summary: "Send a questionnaire to the client",
    tags: ["assessments"],
    security: apiKey,
    request: { params: IdParamsSchema, headers: idempotencyHeader, ...jsonBody(ApiSendAssessmentSchema) },
    responses: { ...ok(SentAssessmentSchema, "Sent", 201), ...errors(...WRITE) },
  });
  registry.registerPath({ method: "get", path: "/api/v1/clients/{id}/gate", summary: "The client's credit/onboarding gate, computed now", tags: ["clients"], security: apiKey, request: { params: IdParamsSchema }, responses: { ...ok(GateSchema), ...errors(...READ) } });
  registry.registerPath({ method: "get", path: "/api/v1/assessments/{id}", summary: "An assessment, with its scoring result once submitted", tags: ["assessments"], security: apiKey, request: { params: IdParamsSchema }, responses: { ...ok(AssessmentSchema), ...errors(...READ) } });

  registry.registerPath({ method: "get", path: "/api/v1/attestations", summary: "List attestations, newest first", tags: ["attestations"], security: apiKey, request: { query: AttestationListQuerySchema }, responses: { ...ok(AttestationListSchema), ...errors(400, ...READ) } });
  registry.registerPath({ method: "get", path: "/api/v1/attestations/{id}", summary: "An attestation", tags: ["attestations"], security: apiKey, request: { params: IdParamsSchema }, responses: { ...ok(AttestationSchema), ...errors(...READ) } });
  registry.registerPath({
    method: "get",
    path: "/api/v1/attestations/{id}/pdf",
    summary: "The signed attestation PDF",
    tags: ["attestations"],
    security: apiKey,
    request: { params: IdParamsSchema },
    responses: { 200: { description: "The signed PDF (Content-Disposition: attachment)", content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } } }, ...errors(...READ) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/attestations/verify",
    summary: "Verify an attestation PDF: signature, published key, issued copy, revocation and expiry (no key needed)",
    tags: ["attestations"],
    security: [],
    request: { body: { required: true, content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } } } },
    responses: { ...ok(VerifyResponseSchema), ...errors(400, 413, 415, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit-events",
    summary: "The institution's audit log in chain order, with each event's hash and the previous hash (keys with audit access)",
    tags: ["audit"],
    security: apiKey,
    request: { query: AuditQuerySchema },
    responses: { ...ok(AuditListSchema), ...errors(400, 401, 403, 429) },
  });

  registry.registerPath({ method: "get", path: "/api/v1/respond", summary: "The questionnaire as the respondent sees it (no points, no red-flag rules) and the saved draft", tags: ["respondent"], security: respondentToken, responses: { ...ok(RespondentViewSchema), ...errors(401, 404, 410, 429) } });
  registry.registerPath({
    method: "put",
    path: "/api/v1/respond/answers",
    summary: "Merge answers into the draft (same validation as the web form)",
    tags: ["respondent"],
    security: respondentToken,
    request: jsonBody(SaveAnswersSchema),
    responses: { ...ok(SaveAnswersResultSchema), ...errors(400, 401, 404, 409, 410, 413, 415, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/respond/documents",
    summary:
      "Upload an evidence document (PDF, PNG, JPEG, DOCX, XLSX, checked by content; at most 10 MB). An assessment holds at most 200 documents and 200 MB (413 document_quota_exceeded); a respondent uploads at most 30 files or 100 MB per 10 minutes (429 upload_rate_limited with Retry-After)",
    tags: ["respondent"],
    security: respondentToken,
    request: { body: { required: true, content: { "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) } } } },
    responses: { ...ok(DocumentUploadedSchema, "Stored", 201), ...errors(400, 401, 404, 409, 410, 413, 415, 429) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/respond/submit",
    summary: "Sign and submit; 422 lists unanswered required questions; 409 if already submitted",
    tags: ["respondent"],
    security: respondentToken,
    request: jsonBody(SubmitSchema),
    responses: { ...ok(SubmitResultSchema), ...errors(400, 401, 404, 409, 410, 413, 415, 422, 429) },
  });

}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  register(registry);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Provenant API",
      version: "1",
      description:
        "Banks' loan-origination and onboarding systems read gates and manage clients and assessments; client firms answer through the respondent paths. Errors are `{ error: { code, message, details: [{ path, message }] } }`; lists are `{ data, nextCursor }` with `?limit=` (at most 200) and `?cursor=`; times are ISO 8601 UTC. Each API key is limited to 600 requests a minute (429 with Retry-After).",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
