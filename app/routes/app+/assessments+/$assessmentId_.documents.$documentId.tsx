// Serves an evidence document to staff of the owning institution, always as an attachment (never
// rendered inline: uploaded content is untrusted). Another institution's ids look missing (404).
// A resource route: no component and no ErrorBoundary export, or Remix would render the app's
// HTML page instead of the file (security review H2).
import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { NotFoundError } from "~/domain/errors";
import { attachmentDisposition } from "~/domain/file-name";
import { EVIDENCE_TYPES } from "~/domain/file-type";
import { documentFile } from "~/services/review.server";

const SERVED_TYPES = new Set<string>(Object.values(EVIDENCE_TYPES).map((t) => t.mediaType));

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  let found: Awaited<ReturnType<typeof documentFile>>;
  let bytes: Buffer;
  try {
    found = await documentFile(staff.institutionId, params.assessmentId ?? "", params.documentId ?? "", reads());
    bytes = await fs.promises.readFile(found.file);
  } catch (error) {
    if (error instanceof NotFoundError || (error as NodeJS.ErrnoException).code === "ENOENT") throw notFound();
    throw error;
  }
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": SERVED_TYPES.has(found.document.mediaType) ? found.document.mediaType : "application/octet-stream",
      "Content-Disposition": attachmentDisposition(found.document.fileName),
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
