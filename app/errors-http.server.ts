// One place that maps service errors to HTTP responses.
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from "~/domain/errors";

export function statusOf(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InvalidInputError) return 400;
  return 400;
}

/** Rethrows non-domain errors; turns a domain error into a thrown Response for loaders. */
export function toResponse(error: unknown): Response {
  if (error instanceof DomainError) return new Response(error.message, { status: statusOf(error) });
  throw error;
}

/** Runs `fn`; a domain error it throws becomes the matching HTTP response (a bad query → 400). */
export function orHttpError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toResponse(error);
  }
}
