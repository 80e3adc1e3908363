// Serves an evidence document to staff of the owning institution, always as an attachment (never
// rendered inline: uploaded content is untrusted), and audits it (document.downloaded) in the
// same write as the read. Another institution's ids look missing (404).
// A resource route: no component and no ErrorBoundary export, or Remix would render the app's
// HTML page instead of the file (security review H2, walkthrough F01).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { NotFoundError } from "~/domain/errors";
import { attachmentDisposition } from "~/domain/file-name";
import { SERVED_MEDIA_TYPES } from "~/domain/file-type";
import { downloadDocument } from "~/services/review.server";

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  let found: Awaited<ReturnType<typeof downloadDocument>>;
  try {
    found = await downloadDocument(staff, params.assessmentId ?? "", params.documentId ?? "", new Date());
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
  return new Response(new Uint8Array(found.bytes), {
    status: 200,
    headers: {
      "Content-Type": SERVED_MEDIA_TYPES.has(found.document.mediaType) ? found.document.mediaType : "application/octet-stream",
      "Content-Disposition": attachmentDisposition(found.document.fileName),
      "Content-Length": String(found.bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
