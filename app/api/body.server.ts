// Reading request bodies for the API with a size cap and a media-type check, so an oversized or
// mistyped body is a clear 413/415 and never reaches a parser (API.md "Errors").
import { ApiError } from "./errors";

export const JSON_BODY_LIMIT = 1024 * 1024;

function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isJsonMediaType(request: Request): boolean {
  const type = mediaType(request);
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

export function requireMediaType(request: Request, accepted: (type: string) => boolean, expected: string): void {
  if (!accepted(mediaType(request))) {
    throw new ApiError(415, "unsupported_media_type", `The body must be ${expected}`, [{ path: "Content-Type", message: `expected ${expected}, got ${mediaType(request) || "none"}` }]);
  }
}

function tooLarge(limit: number): ApiError {
  // The rest of the body is never read, so the connection cannot carry another request.
  return new ApiError(413, "payload_too_large", `The body is larger than ${limit} bytes`, [{ path: "body", message: `at most ${limit} bytes` }], { Connection: "close" });
}

/**
 * The body's bytes, or null when it declares or reaches more than `limit` (the rest is never
 * read). The one capped reader for the API, section posts and the verify upload.
 */
export async function readCappedBytes(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The raw bytes of the body, refusing (413) as soon as they pass `limit`. */
export async function readBodyBytes(request: Request, limit: number): Promise<Buffer> {
  const bytes = await readCappedBytes(request, limit);
  if (bytes === null) throw tooLarge(limit);
  return bytes;
}

/** The JSON body as text and value: 415 when not JSON, 413 when too large, 400 when malformed. */
export async function readJsonBody(request: Request, limit = JSON_BODY_LIMIT): Promise<{ text: string; value: unknown }> {
  requireMediaType(request, (t) => t === "application/json" || (t.startsWith("application/") && t.endsWith("+json")), "application/json");
  const bytes = await readBodyBytes(request, limit);
  const text = bytes.toString("utf8");
  if (text.trim() === "") throw new ApiError(400, "malformed_json", "The request body is empty; send a JSON object", [{ path: "body", message: "required" }]);
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "not JSON";
    throw new ApiError(400, "malformed_json", "The request body is not valid JSON", [{ path: "body", message: reason }]);
  }
}
