// The review page's own preview of an evidence document: the <img> of a PNG or JPEG, and the bytes
// pdf.js draws on a canvas. Only those three types are `inline`; anything else is an attachment,
// as on the download route. The response is sandboxed (`Content-Security-Policy: sandbox`: opened
// on its own, nothing in it runs with the app's origin), nosniff, and never cached. Not audited:
// see previewDocument. Another institution's ids look missing (404).
// A resource route: no component and no ErrorBoundary export (F01).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { NotFoundError } from "~/domain/errors";
import { contentDisposition } from "~/domain/file-name";
import { inlinePreviewKind, SERVED_MEDIA_TYPES } from "~/domain/file-type";
import { previewDocument } from "~/services/review.server";

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  let found: Awaited<ReturnType<typeof previewDocument>>;
  try {
    found = await previewDocument(staff.institutionId, params.assessmentId ?? "", params.documentId ?? "", reads());
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
  const { mediaType, fileName } = found.document;
  return new Response(new Uint8Array(found.bytes), {
    status: 200,
    headers: {
      "Content-Type": SERVED_MEDIA_TYPES.has(mediaType) ? mediaType : "application/octet-stream",
      "Content-Disposition": contentDisposition(inlinePreviewKind(mediaType) ? "inline" : "attachment", fileName),
      "Content-Length": String(found.bytes.byteLength),
      "Content-Security-Policy": "sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "private, no-store",
    },
  });
}
