import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { formatProblem } from "~/domain/questionnaire/validate";
import { qt } from "~/i18n/questionnaire-ui";
import { loadQuestionnaireLibrary } from "~/services/questionnaires.server";
import { formatNumber, languageList, libraryView, type LibraryEntry } from "./__questionnaire-view";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:questionnaire:any");
  const lang = await requestLang(request);
  const library = loadQuestionnaireLibrary();
  return {
    entries: libraryView(library.questionnaires, lang),
    refused: library.problems.map(formatProblem),
  };
}

export default function QuestionnaireLibraryPage() {
  const { entries, refused } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div>
      <h1>{qt(lang, "library.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{qt(lang, "library.intro")}</p>
      {refused.length > 0 ? (
        <div role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-900">
          <p>{qt(lang, "library.refused", { count: refused.length })}</p>
          <ul className="mt-2 list-disc pl-5 font-mono text-xs">
            {refused.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {entries.length === 0 ? <p className="mt-6">{qt(lang, "library.empty")}</p> : null}
      {entries.map((entry) => (
        <LibraryCard key={entry.key} entry={entry} />
      ))}
    </div>
  );
}

function LibraryCard({ entry }: { entry: LibraryEntry }) {
  const lang = useLang();
  const headingId = `questionnaire-${entry.key}`;
  const newest = entry.versions[entry.versions.length - 1];
  const previous = entry.versions[entry.versions.length - 2];
  return (
    <section aria-labelledby={headingId} className="card mt-6" data-testid={`questionnaire-${entry.key}`}>
      <h2 id={headingId}>{entry.title}</h2>
      <p className="mt-1 text-sm text-slate-700">
        {qt(lang, "library.key")}: <code>{entry.key}</code>
      </p>
      {entry.description ? <p className="mt-2 max-w-3xl text-sm">{entry.description}</p> : null}
      <div className="mt-4 overflow-x-auto">
        <table className="table">
          <caption className="sr-only">{qt(lang, "library.versions", { title: entry.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "library.version")}</th>
              <th scope="col">{qt(lang, "library.status")}</th>
              <th scope="col">{qt(lang, "library.languages")}</th>
              <th scope="col" className="text-right">
                {qt(lang, "library.questions")}
              </th>
              <th scope="col" className="text-right">
                {qt(lang, "library.maxPoints")}
              </th>
              <th scope="col">{qt(lang, "library.sha256")}</th>
            </tr>
          </thead>
          <tbody>
            {entry.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row" className="!font-normal !border-slate-200">
                  <Link to={`/app/questionnaires/${entry.key}/${v.version}`}>{qt(lang, "library.versionLink", { version: v.version })}</Link>
                </th>
                <td>{qt(lang, `status.${v.status}`)}</td>
                <td>{languageList(v.languages, lang)}</td>
                <td className="text-right tabular-nums">{v.questionCount}</td>
                <td className="text-right tabular-nums">{formatNumber(v.totalMaxPoints, lang)}</td>
                <td>
                  <abbr title={v.sha256} className="font-mono no-underline">
                    {v.sha256.slice(0, 12)}
                  </abbr>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {newest !== undefined && previous !== undefined ? (
        <>
        <h3 className="mt-6 text-base font-semibold">{qt(lang, "library.compare")}</h3>
        <Form method="get" action={`/app/questionnaires/${entry.key}/compare`} className="mt-2 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={`${entry.key}-from`} className="mb-1 block text-sm font-medium">
              {qt(lang, "library.compareFrom")}
            </label>
            <select id={`${entry.key}-from`} name="from" defaultValue={previous.version} className="rounded border border-slate-500 px-2 py-1">
              {entry.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${entry.key}-to`} className="mb-1 block text-sm font-medium">
              {qt(lang, "library.compareTo")}
            </label>
            <select id={`${entry.key}-to`} name="to" defaultValue={newest.version} className="rounded border border-slate-500 px-2 py-1">
              {entry.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {qt(lang, "library.compareSubmit")}
          </button>
        </Form>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
