import { json, respondentHandler } from "~/api/handler.server";
import { readBodyBytes, requireMediaType } from "~/api/body.server";
import { ApiError } from "~/api/errors";
import { MAX_DOCUMENT_BYTES } from "~/domain/file-type";
import { multipartBoundary, quoteLineBreaksAsSpaces } from "~/domain/multipart";
import { quotaRefusalMessage, type QuotaRefusal } from "~/domain/upload-quota";
import { uploadDocument } from "~/services/documents.server";

/** Room for the multipart boundaries and headers around a 10 MB file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** 413 for what the assessment holds (remove a document first), 429 with Retry-After for the rate. */
function quotaError(refusal: QuotaRefusal): ApiError {
  const message = quotaRefusalMessage(refusal);
  switch (refusal.kind) {
    case "assessment-documents":
      return new ApiError(413, "document_quota_exceeded", message, [{ path: "file", message: `at most ${refusal.limit} documents per assessment` }]);
    case "assessment-bytes":
      return new ApiError(413, "document_quota_exceeded", message, [{ path: "file", message: `at most ${refusal.limitMb} MB of documents per assessment` }]);
    case "respondent-uploads":
      return new ApiError(429, "upload_rate_limited", message, [{ path: "file", message: `at most ${refusal.limit} uploads per ${refusal.minutes} minutes` }], { "Retry-After": String(refusal.retryAfterSeconds) });
    case "respondent-bytes":
      return new ApiError(429, "upload_rate_limited", message, [{ path: "file", message: `at most ${refusal.limitMb} MB of uploads per ${refusal.minutes} minutes` }], { "Retry-After": String(refusal.retryAfterSeconds) });
  }
}

export const action = respondentHandler({ method: "POST" }, async ({ request, respondent, now }) => {
  requireMediaType(request, (t) => t === "multipart/form-data", "multipart/form-data with a `file` field");
  const contentType = request.headers.get("Content-Type")!;
  const raw = new Uint8Array(await readBodyBytes(request, MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD));
  const parse = (bytes: Uint8Array<ArrayBuffer>) => new Request(request.url, { method: "POST", headers: { "Content-Type": contentType }, body: bytes }).formData();
  let form: FormData;
  try {
    form = await parse(raw);
  } catch {
    // Refused as sent: a raw CR/LF inside a quoted file name is made a space (then cleaned).
    const boundary = multipartBoundary(contentType);
    const repaired = boundary ? quoteLineBreaksAsSpaces(raw, boundary) : raw;
    try {
      if (repaired === raw) throw new Error("malformed");
      form = await parse(repaired);
    } catch {
      throw new ApiError(400, "malformed_multipart", "The multipart body could not be read", [{ path: "body", message: "malformed multipart/form-data" }]);
    }
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ApiError(400, "validation_failed", "Send the document as a `file` field", [{ path: "file", message: "required" }]);
  const result = await uploadDocument(respondent, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, now);
  if ("documentId" in result) return json(result, 201);
  if (result.error === "quota") throw quotaError(result.refusal);
  if (result.error === "too-large") throw new ApiError(413, "payload_too_large", "The document is larger than 10 MB", [{ path: "file", message: "at most 10 MB" }]);
  throw new ApiError(415, "unsupported_media_type", "The document must be a PDF, PNG, JPEG, DOCX or XLSX file (checked by content)", [{ path: "file", message: "unsupported type" }]);
});
