import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import type { Lang } from "~/i18n";
import { qt } from "~/i18n/questionnaire-ui";
import { getQuestionnaire } from "~/services/questionnaires.server";
import {
  chooseContentLang,
  formatNumber,
  formatShare,
  languageList,
  ownLanguageName,
  versionView,
  type ConditionView,
  type QuestionView,
  type SectionView,
} from "./__questionnaire-view";

const ParamsSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:questionnaire:any");
  const parsed = ParamsSchema.safeParse(params);
  const loaded = parsed.success ? getQuestionnaire(parsed.data.key, parsed.data.version) : undefined;
  if (loaded === undefined) throw new Response("Not found", { status: 404 });
  const uiLang = await requestLang(request);
  const contentLang = chooseContentLang(new URL(request.url).searchParams.get("lang"), uiLang, loaded.questionnaire.languages);
  return versionView(loaded, contentLang);
}

export default function QuestionnaireVersionPage() {
  const view = useLoaderData<typeof loader>();
  const uiLang = useLang();
  const lang = view.contentLang;
  return (
    <div>
      <p className="text-sm">
        <Link to="/app/questionnaires">{qt(uiLang, "version.back")}</Link>
      </p>
      <nav aria-label={qt(uiLang, "version.contentLanguage")} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{qt(uiLang, "version.contentLanguage")}:</span>
        {view.languages.map((l) =>
          l === lang ? (
            <span key={l} aria-current="page" lang={l} className="rounded-md border border-blue-800 bg-blue-50 px-3 py-1 font-semibold text-blue-900">
              {ownLanguageName(l)}
            </span>
          ) : (
            <Link key={l} to={`?lang=${l}`} lang={l} hrefLang={l} className="rounded-md border border-slate-400 bg-white px-3 py-1 no-underline">
              {ownLanguageName(l)}
            </Link>
          ),
        )}
      </nav>

      <section lang={lang} className="mt-4" data-testid="questionnaire-content">
        <h1>{view.title}</h1>
        {view.description ? <p className="mt-2 max-w-3xl">{view.description}</p> : null}

        <h2 className="mt-6">{qt(lang, "version.summary")}</h2>
        <dl className="mt-2 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="font-medium">{qt(lang, "version.key")}</dt>
          <dd>
            <code>{view.key}</code>
          </dd>
          <dt className="font-medium">{qt(lang, "version.version")}</dt>
          <dd>{view.version}</dd>
          <dt className="font-medium">{qt(lang, "version.status")}</dt>
          <dd>{qt(lang, `status.${view.status}`)}</dd>
          <dt className="font-medium">{qt(lang, "version.languages")}</dt>
          <dd>{languageList(view.languages, lang)}</dd>
          <dt className="font-medium">{qt(lang, "version.questionCount")}</dt>
          <dd>{view.questionCount}</dd>
          <dt className="font-medium">{qt(lang, "version.totalMaxPoints")}</dt>
          <dd>{formatNumber(view.totalMaxPoints, lang)}</dd>
          <dt className="font-medium">{qt(lang, "version.redFlagCount")}</dt>
          <dd>{view.redFlagCount}</dd>
          <dt className="font-medium">{qt(lang, "version.file")}</dt>
          <dd>
            <code>{view.filePath}</code>
          </dd>
          <dt className="font-medium">{qt(lang, "version.sha256")}</dt>
          <dd>
            <code className="break-all">{view.sha256}</code>
          </dd>
        </dl>

        <h2 className="mt-6">{qt(lang, "version.sections")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">{qt(lang, "version.legend")}</p>
        <div className="mt-2 overflow-x-auto">
          <table className="table max-w-3xl">
            <caption className="sr-only">{qt(lang, "version.sectionsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{qt(lang, "version.section")}</th>
                <th scope="col" className="text-right">
                  {qt(lang, "version.weight")}
                </th>
                <th scope="col" className="text-right">
                  {qt(lang, "version.weightShare")}
                </th>
                <th scope="col" className="text-right">
                  {qt(lang, "version.questionCount")}
                </th>
                <th scope="col" className="text-right">
                  {qt(lang, "version.maxPoints")}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.sections.map((s) => (
                <tr key={s.key}>
                  <th scope="row" className="!font-normal !border-slate-200">
                    <a href={`#section-${s.key}`}>{s.title}</a>
                  </th>
                  <td className="text-right tabular-nums">{formatNumber(s.weight, lang)}</td>
                  <td className="text-right tabular-nums">{formatShare(s.weightShare, lang)}</td>
                  <td className="text-right tabular-nums">{s.questions.length}</td>
                  <td className="text-right tabular-nums">{formatNumber(s.maxPoints, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        {view.sections.map((section) => (
          <SectionBlock key={section.key} section={section} lang={lang} />
        ))}

        <h2 id="sources" className="mt-10">
          {qt(lang, "version.sources")}
        </h2>
        <ul className="mt-2 space-y-2">
          {view.sources.map((source) => (
            <li key={source.id} id={`source-${source.id}`} className="scroll-mt-4">
              <code>{source.id}</code>: <a href={source.url}>{source.title}</a>{" "}
              <span className="text-sm text-slate-700">({qt(lang, "version.sourceCriteria", { count: source.criteriaCount })})</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function SectionBlock({ section, lang }: { section: SectionView; lang: Lang }) {
  return (
    <section aria-labelledby={`section-${section.key}`} className="mt-10">
      <h2 id={`section-${section.key}`} className="scroll-mt-4 border-b border-slate-300 pb-1">
        {section.title}
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        {qt(lang, "version.sectionMeta", {
          weight: formatNumber(section.weight, lang),
          share: formatShare(section.weightShare, lang),
          count: section.questions.length,
          points: formatNumber(section.maxPoints, lang),
        })}
      </p>
      {section.description ? <p className="mt-2 max-w-3xl">{section.description}</p> : null}
      {section.questions.map((question) => (
        <QuestionBlock key={question.id} question={question} lang={lang} />
      ))}
    </section>
  );
}

function QuestionBlock({ question: q, lang }: { question: QuestionView; lang: Lang }) {
  const headingId = `q-${q.id}`;
  return (
    <article aria-labelledby={headingId} className="card mt-4 scroll-mt-4" id={`question-${q.id}`} data-question-id={q.id}>
      <h3 id={headingId} className="text-base font-semibold">
        <span className="mr-2 font-mono text-sm font-normal text-slate-700">{q.id}</span>
        {q.text}
      </h3>
      {q.help ? (
        <p className="mt-2 text-sm text-slate-800">
          <span className="font-medium">{qt(lang, "version.help")}:</span> {q.help}
        </p>
      ) : null}

      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium">{qt(lang, "version.type")}</dt>
        <dd>{qt(lang, `type.${q.type}`)}</dd>
        <dt className="font-medium">{qt(lang, "version.required")}</dt>
        <dd>{qt(lang, q.required ? "version.yes" : "version.no")}</dd>
        <dt className="font-medium">{qt(lang, "version.notApplicable")}</dt>
        <dd>{qt(lang, q.notApplicable ? "version.yes" : "version.no")}</dd>
        <dt className="font-medium">{qt(lang, "version.showIf")}</dt>
        <dd>{q.showIf === null ? qt(lang, "version.alwaysShown") : <Condition condition={q.showIf} lang={lang} />}</dd>
        <dt className="font-medium">{qt(lang, "version.maxPoints")}</dt>
        <dd>
          {q.maxPoints === 0
            ? qt(lang, "version.notScored")
            : q.multiCap !== null
              ? qt(lang, "version.multiCap", { max: formatNumber(q.multiCap, lang) })
              : formatNumber(q.maxPoints, lang)}
        </dd>
        <dt className="font-medium">{qt(lang, "version.criteria")}</dt>
        <dd>
          {q.criteria.length === 0 ? (
            qt(lang, "version.noCriteria")
          ) : (
            <ul>
              {q.criteria.map((c) => (
                <li key={c.id}>
                  <code>{c.id}</code>:{" "}
                  {c.sourceTitle !== null ? <a href={`#source-${c.sourceId}`}>{c.sourceTitle}</a> : qt(lang, "version.unknownSource")}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {q.evidence !== null ? (
          <>
            <dt className="font-medium">{qt(lang, "version.evidence")}</dt>
            <dd>
              <p>{qt(lang, q.evidence.expected ? "version.evidenceExpected" : "version.evidenceNotExpected")}</p>
              <p>{qt(lang, "version.creditWithout", { share: formatShare(q.evidence.creditWithout, lang) })}</p>
              {q.evidence.description ? <p>{q.evidence.description}</p> : null}
            </dd>
          </>
        ) : null}
        {q.remediation ? (
          <>
            <dt className="font-medium">{qt(lang, "version.remediation")}</dt>
            <dd>{q.remediation}</dd>
          </>
        ) : null}
      </dl>

      {q.options !== null ? (
        <table className="table mt-3 max-w-2xl">
          <caption className="text-left text-sm font-medium">{qt(lang, "version.optionsCaption", { id: q.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "version.answer")}</th>
              <th scope="col">{qt(lang, "version.value")}</th>
              <th scope="col" className="text-right">
                {qt(lang, "version.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {q.options.map((o) => (
              <tr key={o.value}>
                <th scope="row" className="!font-normal !border-slate-200">
                  {o.label}
                </th>
                <td>
                  <code>{o.value}</code>
                </td>
                <td className="text-right tabular-nums">{formatNumber(o.points, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {q.scale !== null ? (
        <table className="table mt-3 max-w-2xl">
          <caption className="text-left text-sm font-medium">{qt(lang, "version.scaleCaption", { id: q.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "version.range")}</th>
              <th scope="col" className="text-right">
                {qt(lang, "version.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {q.scale.map((band) => (
              <tr key={band.range}>
                <th scope="row" className="!font-normal !border-slate-200">
                  {band.range}
                </th>
                <td className="text-right tabular-nums">{formatNumber(band.points, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {q.redFlags.length > 0 ? (
        <table className="table mt-3">
          <caption className="text-left text-sm font-medium">{qt(lang, "version.redFlagsCaption", { id: q.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{qt(lang, "version.code")}</th>
              <th scope="col">{qt(lang, "version.severity")}</th>
              <th scope="col">{qt(lang, "version.trigger")}</th>
              <th scope="col">{qt(lang, "version.message")}</th>
            </tr>
          </thead>
          <tbody>
            {q.redFlags.map((flag) => (
              <tr key={flag.code}>
                <th scope="row" className="whitespace-nowrap font-mono !font-normal !border-slate-200">
                  {flag.code}
                </th>
                <td>
                  <span className={flag.severity === "critical" ? "font-semibold text-red-800" : "text-amber-900"}>
                    {qt(lang, `severity.${flag.severity}`)}
                  </span>
                </td>
                <td>{flag.trigger}</td>
                <td>{flag.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}

/** showIf in words, with each referenced question linked to its place on the page. */
function Condition({ condition, lang }: { condition: ConditionView; lang: Lang }) {
  if (condition.kind === "question") {
    const values = condition.values.map((v) => qt(lang, "quoted", { text: v.label ?? v.value })).join(qt(lang, "listSeparator"));
    const [before = "", after = ""] = qt(lang, condition.values.length === 1 ? "condition.is" : "condition.isOneOf", { values }).split("{question}");
    return (
      <span>
        {before}
        <a href={`#question-${condition.questionId}`} title={condition.questionText ?? undefined}>
          <code>{condition.questionId}</code>
        </a>
        {after}
      </span>
    );
  }
  const [before = "", after = ""] = qt(lang, condition.kind === "all" ? "condition.all" : "condition.any").split("{parts}");
  return (
    <span>
      {before}
      {condition.parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? qt(lang, "partSeparator") : null}
          {part.kind === "question" ? null : "("}
          <Condition condition={part} lang={lang} />
          {part.kind === "question" ? null : ")"}
        </span>
      ))}
      {after}
    </span>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
