import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderReceiptPdf } from "~/pdf/receipt.server";
import { submissionReceipt } from "~/services/submission.server";
import { NO_REFERRER, requireRespondentPage } from "./__respondent.server";

// The PDF receipt of the latest submission, in the page language. A resource route: no
// ErrorBoundary export, or Remix would render it as a page.
export async function loader({ request }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  const receipt = await submissionReceipt(respondent, lang);
  if (!receipt) throw new Response("Not submitted", { status: 404, headers: NO_REFERRER });
  const pdf = await renderReceiptPdf(receipt);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `attachment; filename="receipt-${receipt.questionnaire.key}-${receipt.submittedAt.slice(0, 10)}.pdf"`,
      "Cache-Control": "private, no-store",
      ...NO_REFERRER,
    },
  });
}
