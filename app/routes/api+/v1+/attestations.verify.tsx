// POST /api/v1/attestations/verify: the raw bytes of a PDF (application/pdf), no key needed.
// The same verification as the /verify page and the offline CLI; 415 for another media type,
// 413 over 10 MB, errors in the API's one error shape.
import type { ActionFunctionArgs } from "@remix-run/node";
import { readCappedBytes } from "~/api/body.server";
import { MAX_VERIFY_BYTES, verifyAttestationPdf } from "~/services/attestations.server";

function apiError(status: number, code: string, message: string, details: Array<{ path: string; message: string }> = []): Response {
  return Response.json({ error: { code, message, details } }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return apiError(405, "method_not_allowed", "Use POST with the PDF as the body (Content-Type: application/pdf)");
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST");
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/pdf") {
    return apiError(415, "unsupported_media_type", "The body must be application/pdf", [{ path: "Content-Type", message: `expected application/pdf, got ${type || "none"}` }]);
  }
  const bytes = await readCappedBytes(request, MAX_VERIFY_BYTES);
  if (bytes === null) return apiError(413, "payload_too_large", `The body is larger than ${MAX_VERIFY_BYTES} bytes`, [{ path: "body", message: `at most ${MAX_VERIFY_BYTES} bytes` }]);
  if (bytes.length === 0) return apiError(400, "validation_failed", "The body is empty: send the PDF bytes", [{ path: "body", message: "required" }]);
  return Response.json(await verifyAttestationPdf(bytes, new Date()), { headers: { "Cache-Control": "no-store" } });
}
