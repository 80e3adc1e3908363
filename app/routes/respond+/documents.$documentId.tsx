import type { LoaderFunctionArgs } from "@remix-run/node";
import { NotFoundError } from "~/domain/errors";
import { attachmentDisposition } from "~/domain/file-name";
import { readDocument } from "~/services/documents.server";
import { NO_REFERRER, requireRespondentPage } from "./__respondent.server";

// A document of the respondent's own assessment, always as a download; any other id is a 404.
// A resource route: no ErrorBoundary export, or Remix would render it as a page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { respondent } = await requireRespondentPage(request);
  try {
    const { document, bytes } = await readDocument(respondent, params.documentId ?? "");
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": document.mediaType,
        "Content-Length": String(bytes.byteLength),
        "Content-Disposition": attachmentDisposition(document.fileName),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        ...NO_REFERRER,
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Not found", { status: 404, headers: NO_REFERRER });
    throw error;
  }
}
