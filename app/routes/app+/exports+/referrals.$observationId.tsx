import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { DomainError } from "~/domain/errors";
import { statusOf } from "~/errors-http.server";
import { requestLang } from "~/auth/cookies.server";
import { isLang } from "~/i18n";
import { referralPdf } from "~/services/observations.server";

// The AML case-file PDF of one financial red-flag referral; the download is audited.
// A resource route (no component, no ErrorBoundary, so Remix returns the loader's Response as
// is); errors are plain-text responses with the status.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:client:any");
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const lang = isLang(asked) ? asked : await requestLang(request);
  try {
    const { pdf, fileName } = await referralPdf(staff, params.observationId ?? "", lang, new Date());
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}
