import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { DomainError } from "~/domain/errors";
import { statusOf } from "~/errors-http.server";
import { requestLang } from "~/auth/cookies.server";
import { isLang } from "~/i18n";
import { downloadResponse, exportAssessment } from "~/services/portfolio.server";

// One assessment's answers, scores, evidence list and decision history as CSV or XLSX; audited.
// A resource route (no component, no ErrorBoundary, so Remix returns the loader's Response as
// is); errors are plain-text responses with the status.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "xlsx";
  if (format !== "csv" && format !== "xlsx") throw new Response('format: expected "csv" or "xlsx"', { status: 400 });
  const asked = url.searchParams.get("lang");
  const lang = isLang(asked) ? asked : await requestLang(request);
  try {
    return downloadResponse(await exportAssessment(staff, params.assessmentId ?? "", format, lang, new Date()));
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}
