import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { orHttpError } from "~/errors-http.server";
import { downloadResponse, exportAssessments, parseAssessmentQuery } from "~/services/portfolio.server";

// A download: reading the list, recorded in the audit log (export.assessments) like every export.
// A resource route (no component, no ErrorBoundary, so Remix returns the loader's Response as
// is); errors are plain-text responses with the status. Headers and values are in the user's language.
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "export:client:any");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw new Response('format: expected "csv" or "xlsx"', { status: 400 });
  url.searchParams.delete("format");
  return orHttpError(async () => downloadResponse(await exportAssessments(staff, parseAssessmentQuery(url.searchParams), format, new Date(), await requestLang(request))));
}
