// The one API error shape (shared/docs/API.md "Conventions"):
// { error: { code, message, details: [{ path, message }] } } with stable snake_case codes.
// Handlers throw ApiError; apiHandler turns it (and domain errors) into a JSON response.
import type { z } from "zod";
import { catalogues } from "~/i18n";
import { clientsUi } from "~/i18n/clients";

export type ErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: ErrorDetail[] = [],
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

export function errorResponse(error: ApiError): Response {
  const details = error.details.map((d) => ({ path: d.path, message: apiMessage(d.message) }));
  return Response.json(errorBody(error.code, error.message, details), {
    status: error.status,
    headers: { "Cache-Control": "no-store", ...error.headers },
  });
}

/** Schemas shared with the bank's forms carry i18n keys as messages: the API speaks English. */
export function apiMessage(message: string): string {
  const en: Record<string, string> = catalogues.en;
  const clients: Record<string, string> = clientsUi.en;
  return en[message] ?? clients[message] ?? message;
}

/** zod issues as API details: the dotted path of the field and what is wrong with it. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    // .strict() objects report every unknown key in one issue: name each one.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: "unknown field" }));
    }
    return [{ path: base, message: apiMessage(issue.message) }];
  });
}

export function validationError(error: z.ZodError, where: "body" | "query" | "path"): ApiError {
  const details = zodDetails(error);
  const first = details[0];
  const message = first ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ""}${first.message}` : `Invalid ${where}`;
  return new ApiError(400, "validation_failed", message, details);
}
