import { json, respondentHandler } from "~/api/handler.server";
import { readBodyBytes, requireMediaType } from "~/api/body.server";
import { ApiError } from "~/api/errors";
import { uploadDocument } from "~/services/documents.server";

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Room for the multipart boundaries and headers around a 10 MB file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export const action = respondentHandler({ method: "POST" }, async ({ request, respondent, now }) => {
  requireMediaType(request, (t) => t === "multipart/form-data", "multipart/form-data with a `file` field");
  const bytes = await readBodyBytes(request, MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD);
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: { "Content-Type": request.headers.get("Content-Type")! }, body: new Uint8Array(bytes) }).formData();
  } catch {
    throw new ApiError(400, "malformed_multipart", "The multipart body could not be read", [{ path: "body", message: "malformed multipart/form-data" }]);
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ApiError(400, "validation_failed", "Send the document as a `file` field", [{ path: "file", message: "required" }]);
  const result = await uploadDocument(respondent, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, now);
  if ("documentId" in result) return json(result, 201);
  if (result.error === "too-large") throw new ApiError(413, "payload_too_large", "The document is larger than 10 MB", [{ path: "file", message: "at most 10 MB" }]);
  throw new ApiError(415, "unsupported_media_type", "The document must be a PDF, PNG, JPEG, DOCX or XLSX file (checked by content)", [{ path: "file", message: "unsupported type" }]);
});
