// Typed errors services throw; routes map them to HTTP statuses in one place (errors-http.server.ts).
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("not_found", `${what} not found`);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do this") {
    super("forbidden", message);
  }
}
export class InvalidInputError extends DomainError {
  constructor(message: string, details: Array<{ path: string; message: string }> = []) {
    super("validation_failed", message, details);
  }
}
