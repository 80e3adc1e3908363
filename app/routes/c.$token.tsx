// The client's private results page (issue 17: "A client-facing results page" and F18), opened
// from the decision e-mail with no account: the outcome, a scorecard (overall and section scores,
// strengths, the improvement areas that led to conditions) and the conditions, each with a form
// to upload proof and write an update. In the assessment's language; works without JavaScript.
// The bank's internal text (rationale, justification, review comments, financial observations) is
// never loaded (app/services/conditions.server.ts clientResultsPage). Unknown token → 404,
// expired → 410; no referrer leaves the page.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NotFoundError } from "~/domain/errors";
import { formatDate } from "~/domain/notifications/dates";
import type { Lang } from "~/i18n";
import { ct, type ConditionsKey } from "~/i18n/conditions";
import { readSectionForm, TOO_LARGE_MARKER } from "~/routes/respond+/__respondent.server";
import { clientResultsPage, resolveClientLink, submitConditionUpdate } from "~/services/conditions.server";

const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } as const;

type Problem = { kind: "not-found" | "gone"; lang: Lang };

function problem(payload: Problem, status: 404 | 410): Response {
  return new Response(JSON.stringify(payload), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...HEADERS } });
}

async function linkOrThrow(token: string, now: Date) {
  const state = await resolveClientLink(token, now);
  if (state.state === "not-found") throw problem({ kind: "not-found", lang: "en" }, 404);
  if (state.state === "gone") {
    const page = await clientResultsPage(state.link, now).catch(() => null);
    throw problem({ kind: "gone", lang: page?.lang ?? "en" }, 410);
  }
  return state.link;
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? ct(d.page.lang, "client.title", { institution: d.page.institution }) : "Provenant" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const now = new Date();
  const link = await linkOrThrow(params.token ?? "", now);
  const page = await clientResultsPage(link, now);
  return data({ page, today: now.toISOString().slice(0, 10) }, { headers: HEADERS });
}

type ActionData = { conditionId: string; error: ConditionsKey; note: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const token = params.token ?? "";
  const link = await linkOrThrow(token, now);
  const form = await readSectionForm(request);
  const conditionId = String(form?.get("conditionId") ?? "");
  const note = String(form?.get("note") ?? "");
  if (!form) return data<ActionData>({ conditionId, error: "client.error.too-large", note: "" }, { status: 413, headers: HEADERS });
  const posted = form.get("file");
  let file: { fileName: string; bytes: Uint8Array } | null = null;
  if (typeof posted === "string" && posted.startsWith(TOO_LARGE_MARKER)) return data<ActionData>({ conditionId, error: "client.error.too-large", note }, { status: 413, headers: HEADERS });
  if (posted instanceof File && posted.size > 0) file = { fileName: posted.name, bytes: new Uint8Array(await posted.arrayBuffer()) };
  let out: Awaited<ReturnType<typeof submitConditionUpdate>>;
  try {
    out = await submitConditionUpdate(link, conditionId, { note, file }, now);
  } catch (error) {
    if (error instanceof NotFoundError) throw problem({ kind: "not-found", lang: "en" }, 404);
    throw error;
  }
  if (!out.ok) {
    const status = out.error === "too-large" ? 413 : out.error === "unsupported-type" ? 415 : out.error === "quota" ? 429 : out.error === "closed" ? 409 : 400;
    return data<ActionData>({ conditionId, error: `client.error.${out.error}`, note }, { status, headers: HEADERS });
  }
  return redirect(`/c/${token}?sent=${encodeURIComponent(conditionId)}#condition-${conditionId}`, { headers: HEADERS });
}

export default function ClientResultsRoute() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const lang = page.lang;
  const t = (key: ConditionsKey, vars?: Record<string, string | number>) => ct(lang, key, vars);
  const sent = searchParams.get("sent");
  const card = page.scorecard;
  const score = (s: number | null) => (s === null ? t("client.noScore") : t("client.score", { score: Math.round(s) }));
  return (
    <main id="main" lang={lang} className="mx-auto max-w-3xl p-4 sm:p-6">
      <h1>{t("client.title", { institution: page.institution })}</h1>
      <p className="mt-2">{t("client.intro", { institution: page.institution, client: page.client })}</p>

      <section className="card mt-4" aria-labelledby="outcome-h">
        <h2 id="outcome-h">{t("client.outcome")}</h2>
        <p className="mt-1 text-lg font-semibold" data-testid="client-outcome">
          {t(`client.outcome.${page.outcome}`, { institution: page.institution })}
        </p>
        {page.validUntil && (page.outcome === "approve" || page.outcome === "approve-with-conditions") ? <p>{t("client.validUntil", { date: formatDate(page.validUntil, lang) })}</p> : null}
      </section>

      {card ? (
        <section className="card mt-4" aria-labelledby="scorecard-h" data-testid="scorecard">
          <h2 id="scorecard-h">{t("client.scorecard")}</h2>
          <p className="mt-1">
            {t("client.overall")}: <strong data-testid="overall-score">{score(card.overall.score)}</strong>
            {card.overall.band ? ` (${t(`client.band.${card.overall.band}`)})` : ""}
          </p>
          <table className="mt-3 w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t("client.section")}</th>
                <th scope="col">{t("client.sectionScore")}</th>
              </tr>
            </thead>
            <tbody>
              {card.sections.map((s) => (
                <tr key={s.key} className="border-t border-slate-200">
                  <td className="py-1">{s.title}</td>
                  <td className="py-1">
                    {score(s.score)}
                    {s.band ? ` (${t(`client.band.${s.band}`)})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="mt-4 font-semibold">{t("client.strengths")}</h3>
          {card.strengths.length === 0 ? (
            <p>{t("client.noStrengths")}</p>
          ) : (
            <ul className="list-disc pl-6" data-testid="strengths">
              {card.strengths.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
          {card.improvementAreas.length > 0 ? (
            <>
              <h3 className="mt-4 font-semibold">{t("client.improvements")}</h3>
              <ul className="list-disc pl-6" data-testid="improvements">
                {card.improvementAreas.map((a) => (
                  <li key={a.questionText}>
                    {a.questionText}
                    {a.sectionTitle ? <span className="text-slate-700"> ({a.sectionTitle})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {page.conditions.length > 0 ? (
        <section className="mt-4" aria-labelledby="conditions-h">
          <h2 id="conditions-h">{t("client.conditions")}</h2>
          <ol className="mt-2 space-y-4">
            {page.conditions.map((c) => {
              const failed = actionData?.conditionId === c.id ? actionData : undefined;
              return (
                <li key={c.id} id={`condition-${c.id}`} className="card" data-testid="client-condition">
                  <p className="font-medium">{c.text}</p>
                  <p className="text-sm">
                    {t("client.conditionDue", { date: formatDate(c.dueDate, lang) })} · <strong>{t(`standing.${c.standing}`)}</strong>
                  </p>
                  {c.bankComment ? <p className="mt-1 text-sm">{t("client.bankComment", { institution: page.institution, comment: c.bankComment })}</p> : null}
                  {sent === c.id ? (
                    <p role="status" className="mt-2 rounded-md bg-emerald-50 p-2 text-emerald-900">
                      {t("client.thanks", { institution: page.institution })}
                    </p>
                  ) : null}
                  {c.updates.length > 0 ? (
                    <ul className="mt-2 space-y-1 text-sm" data-testid="client-updates">
                      {c.updates.map((u) => (
                        <li key={u.id}>
                          {t("client.sent", { date: formatDate(u.createdAt.slice(0, 10), lang) })} {u.fileName ? t("client.sentFile", { name: u.fileName }) : null} {u.note ? `“${u.note}”` : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {c.acceptsUpdates ? (
                    <Form method="post" encType="multipart/form-data" className="mt-3 space-y-2">
                      {failed ? (
                        <div role="alert" className="rounded-md border border-red-700 bg-red-50 p-2 text-sm text-red-900" data-testid="client-error">
                          <p>{t("client.errorSummary")}</p>
                          <p id={`error-${c.id}`}>{t(failed.error)}</p>
                        </div>
                      ) : null}
                      <input type="hidden" name="conditionId" value={c.id} />
                      <div>
                        <label htmlFor={`file-${c.id}`} className="block text-sm font-medium">
                          {t("client.file")}
                        </label>
                        <input id={`file-${c.id}`} name="file" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby={failed ? `error-${c.id}` : undefined} />
                      </div>
                      <div>
                        <label htmlFor={`note-${c.id}`} className="block text-sm font-medium">
                          {t("client.note")}
                        </label>
                        <textarea id={`note-${c.id}`} name="note" rows={3} className="input w-full" maxLength={5000} defaultValue={failed?.note ?? ""} />
                      </div>
                      <button type="submit" className="btn">
                        {t("client.send")}
                      </button>
                    </Form>
                  ) : c.standing !== "met" ? (
                    <p className="mt-2 text-sm">{t("client.closed")}</p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
      {page.contact ? <p className="mt-6 text-sm">{t("client.questions", { name: page.contact.name, email: page.contact.email })}</p> : null}
    </main>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 410)) {
    const payload = (typeof error.data === "string" ? safeJson(error.data) : error.data) as Partial<Problem> | null;
    const lang: Lang = payload?.lang === "es" ? "es" : "en";
    const gone = error.status === 410;
    return (
      <main id="main" lang={lang} className="mx-auto max-w-2xl p-6">
        <h1>{ct(lang, gone ? "client.gone.title" : "client.notFound.title")}</h1>
        <p className="mt-2">{ct(lang, gone ? "client.gone.body" : "client.notFound.body")}</p>
      </main>
    );
  }
  return <GeneralErrorBoundary />;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
