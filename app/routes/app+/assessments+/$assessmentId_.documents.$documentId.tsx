// Streams an evidence document to staff of the owning institution, always as an attachment (never
// rendered inline: uploaded content is untrusted). Another institution's ids look missing (404).
import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { toResponse } from "~/errors-http.server";
import { documentFile } from "~/services/review.server";

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  let found: ReturnType<typeof documentFile>;
  try {
    found = documentFile(staff.institutionId, params.assessmentId ?? "", params.documentId ?? "", getDb());
  } catch (error) {
    throw toResponse(error);
  }
  const stream = Readable.toWeb(fs.createReadStream(found.file)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": contentDisposition(found.document.fileName),
      "Content-Length": String(fs.statSync(found.file).size),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
