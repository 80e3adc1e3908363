import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { diffQuestionnaires } from "~/domain/questionnaire/diff";
import type { Lang } from "~/i18n";
import { qt } from "~/i18n/questionnaire-ui";
import { getQuestionnaire, listQuestionnaires } from "~/services/questionnaires.server";
import { compareView, formatNumber, type ChangeDetail, type QuestionRefView } from "./__questionnaire-view";

const VersionNumber = z
  .string({ error: "is required" })
  .regex(/^[1-9][0-9]{0,8}$/, { error: "must be a version number such as 1 or 2" })
  .transform(Number);

const CompareQuerySchema = z
  .object({ from: VersionNumber, to: VersionNumber })
  .refine((q) => q.from !== q.to, { error: "must differ from the version in from", path: ["to"] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:questionnaire:any");
  const key = params.key ?? "";
  const versions = listQuestionnaires()
    .filter((q) => q.key === key)
    .map((q) => q.version);
  if (versions.length === 0) throw new Response("Not found", { status: 404 });

  const search = new URL(request.url).searchParams;
  const parsed = CompareQuerySchema.safeParse({ from: search.get("from") ?? undefined, to: search.get("to") ?? undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "query";
    throw new Response(`Invalid query: ${field} ${issue?.message ?? "is invalid"}.`, { status: 400 });
  }
  const from = getQuestionnaire(key, parsed.data.from);
  const to = getQuestionnaire(key, parsed.data.to);
  if (from === undefined || to === undefined) throw new Response("Not found", { status: 404 });

  const lang = await requestLang(request);
  return compareView(from, to, diffQuestionnaires(from.questionnaire, to.questionnaire), versions, lang);
}

export default function QuestionnaireComparePage() {
  const view = useLoaderData<typeof loader>();
  const lang = useLang();
  const nothingChanged = view.added.length + view.removed.length + view.changed.length + view.sections.length === 0;
  return (
    <div>
      <p className="text-sm">
        <Link to="/app/questionnaires">{qt(lang, "version.back")}</Link>
      </p>
      <h1 className="mt-3">{qt(lang, "compare.title", { title: view.title, from: view.from.version, to: view.to.version })}</h1>
      <p className="mt-1 text-sm text-slate-700">
        <code>{view.key}</code> ·{" "}
        <Link to={`/app/questionnaires/${view.key}/${view.from.version}`}>{qt(lang, "library.versionLink", { version: view.from.version })}</Link> ·{" "}
        <Link to={`/app/questionnaires/${view.key}/${view.to.version}`}>{qt(lang, "library.versionLink", { version: view.to.version })}</Link>
      </p>

      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label={qt(lang, "compare.again")}>
        <div>
          <label htmlFor="compare-from" className="mb-1 block text-sm font-medium">
            {qt(lang, "library.compareFrom")}
          </label>
          <select id="compare-from" name="from" defaultValue={view.from.version} className="rounded border border-slate-500 px-2 py-1">
            {view.versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="compare-to" className="mb-1 block text-sm font-medium">
            {qt(lang, "library.compareTo")}
          </label>
          <select id="compare-to" name="to" defaultValue={view.to.version} className="rounded border border-slate-500 px-2 py-1">
            {view.versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {qt(lang, "library.compareSubmit")}
        </button>
      </Form>

      <h2 className="mt-8">{qt(lang, "compare.summary")}</h2>
      <table className="table mt-2 max-w-2xl">
        <caption className="sr-only">{qt(lang, "compare.summaryCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{qt(lang, "compare.measure")}</th>
            <th scope="col" className="text-right">
              {qt(lang, "compare.before", { version: view.from.version })}
            </th>
            <th scope="col" className="text-right">
              {qt(lang, "compare.after", { version: view.to.version })}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="!font-normal !border-slate-200">
              {qt(lang, "compare.status")}
            </th>
            <td className="text-right">{qt(lang, `status.${view.from.status}`)}</td>
            <td className="text-right">{qt(lang, `status.${view.to.status}`)}</td>
          </tr>
          <tr>
            <th scope="row" className="!font-normal !border-slate-200">
              {qt(lang, "compare.questionCount")}
            </th>
            <td className="text-right tabular-nums">{view.from.questionCount}</td>
            <td className="text-right tabular-nums">{view.to.questionCount}</td>
          </tr>
          <tr>
            <th scope="row" className="!font-normal !border-slate-200">
              {qt(lang, "compare.totalMaxPoints")}
            </th>
            <td className="text-right tabular-nums" data-testid="total-before">
              {formatNumber(view.from.totalMaxPoints, lang)}
            </td>
            <td className="text-right tabular-nums" data-testid="total-after">
              {formatNumber(view.to.totalMaxPoints, lang)}
            </td>
          </tr>
        </tbody>
      </table>
      {nothingChanged ? (
        <p className="mt-4" role="status">
          {qt(lang, "compare.identical")}
        </p>
      ) : null}

      <h2 className="mt-8">{qt(lang, "compare.sections")}</h2>
      {view.sections.length === 0 ? (
        <p className="mt-2">{qt(lang, "compare.noSectionChanges")}</p>
      ) : (
        <table className="table mt-2 max-w-2xl">
          <caption className="sr-only">{qt(lang, "compare.sectionsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "compare.section")}</th>
              <th scope="col">{qt(lang, "compare.change")}</th>
            </tr>
          </thead>
          <tbody>
            {view.sections.map((s) => (
              <tr key={s.key}>
                <th scope="row" className="!font-normal !border-slate-200">
                  {s.title} <code className="text-xs text-slate-700">{s.key}</code>
                </th>
                <td>
                  {s.change === "added"
                    ? qt(lang, "compare.sectionAdded", { weight: formatNumber(s.after ?? 0, lang) })
                    : s.change === "removed"
                      ? qt(lang, "compare.sectionRemoved", { weight: formatNumber(s.before ?? 0, lang) })
                      : qt(lang, "compare.sectionWeight", { before: formatNumber(s.before ?? 0, lang), after: formatNumber(s.after ?? 0, lang) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <QuestionList heading={qt(lang, "compare.added", { count: view.added.length })} questions={view.added} version={view.to.version} viewKey={view.key} testId="added" />
      <QuestionList heading={qt(lang, "compare.removed", { count: view.removed.length })} questions={view.removed} version={view.from.version} viewKey={view.key} testId="removed" />

      <h2 className="mt-8">{qt(lang, "compare.changed", { count: view.changed.length })}</h2>
      {view.changed.length === 0 ? <p className="mt-2">{qt(lang, "compare.none")}</p> : null}
      {view.changed.map((q) => (
        <article key={q.id} aria-labelledby={`changed-${q.id}`} className="card mt-4" data-testid="changed" data-question-id={q.id}>
          <h3 id={`changed-${q.id}`} className="text-base font-semibold">
            <span className="mr-2 font-mono text-sm font-normal text-slate-700">{q.id}</span>
            {q.text}
          </h3>
          <p className="text-sm text-slate-700">{q.sectionTitle}</p>
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            {q.changes.map((change) => (
              <ChangeRow key={change.field} label={qt(lang, `field.${change.field}`)} detail={change.detail} lang={lang} />
            ))}
          </dl>
        </article>
      ))}
    </div>
  );
}

function QuestionList({ heading, questions, version, viewKey, testId }: { heading: string; questions: QuestionRefView[]; version: number; viewKey: string; testId: string }) {
  const lang = useLang();
  return (
    <>
      <h2 id={`${testId}-heading`} className="mt-8">
        {heading}
      </h2>
      {questions.length === 0 ? (
        <p className="mt-2">{qt(lang, "compare.none")}</p>
      ) : (
        <table className="table mt-2" aria-labelledby={`${testId}-heading`} data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "compare.questionId")}</th>
              <th scope="col">{qt(lang, "compare.section")}</th>
              <th scope="col">{qt(lang, "compare.text")}</th>
              <th scope="col" className="text-right">
                {qt(lang, "compare.maxPoints")}
              </th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id}>
                <th scope="row" className="whitespace-nowrap font-mono !font-normal !border-slate-200">
                  <Link to={`/app/questionnaires/${viewKey}/${version}#question-${q.id}`}>{q.id}</Link>
                </th>
                <td>{q.sectionTitle}</td>
                <td>{q.text}</td>
                <td className="text-right tabular-nums">{formatNumber(q.maxPoints, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ChangeRow({ label, detail, lang }: { label: string; detail: ChangeDetail; lang: Lang }) {
  const points = (n: number | null, fallback: string) => (n === null ? fallback : formatNumber(n, lang));
  return (
    <>
      <dt className="font-medium">{label}</dt>
      <dd>
        {detail.kind === "text" ? (
          <>
            <del className="text-red-900">{detail.before}</del> → <ins className="text-green-900 no-underline">{detail.after}</ins>
          </>
        ) : detail.kind === "points" ? (
          <ul>
            {detail.rows.map((row) => (
              <li key={row.value}>
                {qt(lang, "compare.pointsRow", {
                  label: `${row.label} (${row.value})`,
                  before: points(row.before, qt(lang, "compare.optionAdded")),
                  after: points(row.after, qt(lang, "compare.optionRemoved")),
                })}
              </li>
            ))}
          </ul>
        ) : (
          <ul>
            {detail.added.length > 0 ? <li>{qt(lang, "compare.setAdded", { items: detail.added.join(", ") })}</li> : null}
            {detail.removed.length > 0 ? <li>{qt(lang, "compare.setRemoved", { items: detail.removed.join(", ") })}</li> : null}
            {detail.changed.length > 0 ? <li>{qt(lang, "compare.setChanged", { items: detail.changed.join(", ") })}</li> : null}
          </ul>
        )}
      </dd>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
