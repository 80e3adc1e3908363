import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { serializeLangCookie } from "~/auth/cookies.server";
import { resolveRespondentToken, startRespondentSession } from "~/auth/respondent.server";
import { reads } from "~/db.server";
import { negotiateLang } from "~/i18n";
import { findAssessment } from "~/repositories/assessment-core.server";
import { LinkProblem, RespondentErrorBoundary } from "~/routes/respond+/__shell";
import { NO_REFERRER } from "~/routes/respond+/__respondent.server";
import { contactFor, readRespondentPrefs, serializeRespondentPrefs } from "~/services/respondent.server";

// The link from the invitation e-mail: the token is exchanged for a respondent session cookie
// and the browser is sent to a URL without it, so it never lingers in history or referrers.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date();
  const state = await resolveRespondentToken(params.token ?? "", now);
  if (state.state === "not-found") {
    const lang = negotiateLang(null, request.headers.get("Accept-Language"));
    return data({ kind: "not-found" as const, lang, reason: null, contact: null }, { status: 404, headers: NO_REFERRER });
  }
  if (state.state === "gone") {
    const lang = (await findAssessment(state.institutionId, state.assessmentId, reads()))?.language ?? "en";
    const contact = await contactFor(state.institutionId, state.assessmentId);
    return data({ kind: "gone" as const, lang, reason: state.reason, contact }, { status: 410, headers: NO_REFERRER });
  }
  const context = state.context;
  const previous = await readRespondentPrefs(request);
  const lang = previous && previous.assessmentId === context.assessmentId ? previous.lang : context.language;
  const headers = new Headers(NO_REFERRER);
  headers.append("Set-Cookie", await startRespondentSession(context, now));
  headers.append("Set-Cookie", await serializeRespondentPrefs({ lang, assessmentId: context.assessmentId, institutionId: context.institutionId }));
  headers.append("Set-Cookie", await serializeLangCookie(lang));
  throw redirect("/respond", { headers });
}

// The link page carries the token in its URL and has no form: never send a referrer from it.
export function headers() {
  return { "Referrer-Policy": "no-referrer" };
}

export default function RespondentLinkPage() {
  const problem = useLoaderData<typeof loader>();
  return <LinkProblem lang={problem.lang} kind={problem.kind} reason={problem.reason ?? undefined} contact={problem.contact} />;
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
