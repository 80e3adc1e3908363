import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { fieldName, notApplicableIsChoice, PRESENT_FIELD, type FormDefaults } from "~/domain/answer-form";
import { ConflictError } from "~/domain/errors";
import type { QuotaRefusal } from "~/domain/upload-quota";
import type { Lang } from "~/i18n";
import { et } from "~/i18n/evidence";
import type { DocumentView, OptionView, QuestionView } from "~/services/respondent.server";
import { sectionPage } from "~/services/respondent.server";
import { saveSectionPost, type PostedFile } from "~/services/section-post.server";
import { uploadProblemMessage, type UploadProblem } from "./__evidence";
import { MAX_SECTION_POST_BYTES, NO_REFERRER, readSectionForm, requireRespondentPage, TOO_LARGE_MARKER } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";
import { searchKey } from "~/domain/search-key";

type ActionData = { errors: Record<string, string[]>; posted: Record<string, FormDefaults>; upload: UploadProblem | null };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { respondent, lang } = await requireRespondentPage(request);
  const page = await sectionPage(respondent, params.sectionKey ?? "", lang);
  if (!page) throw new Response("Not found", { status: 404, headers: NO_REFERRER });
  return page;
}

/** A file field as the reader left it: a File, or the marker naming a file that was too large. */
async function postedFile(value: FormDataEntryValue | null): Promise<PostedFile | null> {
  if (typeof value === "string" && value.startsWith(TOO_LARGE_MARKER)) return { fileName: value.slice(TOO_LARGE_MARKER.length + 1), tooLarge: true };
  if (value instanceof File && value.size > 0) return { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  return null;
}

function uploadStatus(problem: UploadProblem): { status: number; headers: Record<string, string> } {
  switch (problem.error) {
    case "quota":
      return problem.quota ? quotaStatus(problem.quota) : { status: 413, headers: {} };
    case "too-large":
      return { status: 413, headers: {} };
    case "unsupported":
      return { status: 415, headers: {} };
    case "choose-file":
      return { status: 400, headers: {} };
    case "unavailable-attach":
    case "unavailable-remove":
      return { status: 409, headers: {} };
  }
}

function quotaStatus(refusal: QuotaRefusal): { status: number; headers: Record<string, string> } {
  return refusal.kind === "respondent-uploads" || refusal.kind === "respondent-bytes"
    ? { status: 429, headers: { "Retry-After": String(refusal.retryAfterSeconds) } }
    : { status: 413, headers: {} };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const { respondent, lang } = await requireRespondentPage(request, now);
  const sectionKey = params.sectionKey ?? "";
  const tooLarge = () => data<ActionData>({ errors: {}, posted: {}, upload: { questionId: null, error: "too-large", fileName: "" } }, { status: 413, headers: NO_REFERRER });
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_SECTION_POST_BYTES) return tooLarge();
  const form = await readSectionForm(request);
  if (!form) return tooLarge();
  const intent = String(form.get("intent") ?? "save");
  try {
    const result = await saveSectionPost(respondent, { sectionKey, intent, form, files: (questionId) => postedFile(form.get(`file:${questionId}`)) }, now, lang);
    if (!result) throw new Response("Not found", { status: 404, headers: NO_REFERRER });
    const errors: Record<string, string[]> = {};
    for (const issue of result.issues) (errors[issue.questionId] ??= []).push(issue.message);
    const { upload } = result;
    const attachFor = intent.startsWith("attach:") ? intent.slice("attach:".length) : null;
    if (upload || result.issues.length > 0) {
      const { status, headers } = upload ? uploadStatus(upload) : { status: 400, headers: {} };
      return data<ActionData>({ errors, posted: result.posted, upload }, { status, headers: { ...NO_REFERRER, ...headers } });
    }
    const here = `/respond/section/${sectionKey}`;
    if (attachFor) return redirect(`${here}#q-${attachFor}`, { headers: NO_REFERRER });
    if (intent.startsWith("detach|")) return redirect(`${here}#q-${intent.split("|")[1] ?? ""}`, { headers: NO_REFERRER });
    // Answers that opened follow-up questions in this section: show them before moving on.
    const page = await sectionPage(respondent, sectionKey, lang);
    const appeared = (page?.questions ?? []).map((q) => q.id).filter((id) => !result.questionIds.includes(id));
    if (appeared.length > 0) return redirect(`${here}?new=${encodeURIComponent(appeared.join(","))}#q-${appeared[0]}`, { headers: NO_REFERRER });
    return redirect(page?.nextKey ? `/respond/section/${page.nextKey}` : "/respond/review", { headers: NO_REFERRER });
  } catch (error) {
    if (error instanceof ConflictError) throw new Response(error.message, { status: 409, headers: NO_REFERRER });
    throw error;
  }
}

export const headers = respondentPageHeaders;

export function shouldRevalidate() {
  return true;
}

type SaveState = { state: "idle" } | { state: "saving" } | { state: "saved" } | { state: "error"; message: string };

/** Autosave of one question with JavaScript: debounced, posted to the resource route. */
function useAutosave(questionId: string, lang: Lang) {
  const t = useRt(lang);
  const revalidator = useRevalidator();
  const [status, setStatus] = useState<SaveState>({ state: "idle" });
  const timer = useRef<Awaited<ReturnType<typeof setTimeout>> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = (event: React.SyntheticEvent<HTMLElement>) => {
    const target = event.target as HTMLInputElement;
    if (!target.name || target.type === "file" || target.name.startsWith("attach:")) return;
    const form = event.currentTarget.closest("form");
    if (!form) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const all = new FormData(form);
      const body = new URLSearchParams();
      body.append(PRESENT_FIELD, questionId);
      for (const name of [fieldName.value(questionId), fieldName.notApplicable(questionId), fieldName.comment(questionId), fieldName.original(questionId)]) {
        for (const value of all.getAll(name)) if (typeof value === "string") body.append(name, value);
      }
      setStatus({ state: "saving" });
      fetch("/respond/answers.save", { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(async (response) => {
          const result = (await response.json()) as { saved?: string[]; issues?: Array<{ questionId: string; message: string }> };
          const issue = result.issues?.find((i) => i.questionId === questionId);
          if (issue) setStatus({ state: "error", message: issue.message });
          else if (!response.ok) setStatus({ state: "error", message: String(response.status) });
          else {
            setStatus({ state: "saved" });
            revalidator.revalidate();
          }
        })
        .catch(() => setStatus({ state: "error", message: t("section.networkError") }));
    }, 800);
  };
  const label =
    status.state === "saving" ? t("section.saving") : status.state === "saved" ? t("section.saved") : status.state === "error" ? t("section.notSaved", { reason: status.message }) : "";
  return { onChange, label, isError: status.state === "error" };
}

function ErrorText({ id, errors }: { id: string; errors: string[] }) {
  return (
    <div id={id} className="min-h-[1.25rem] text-sm text-red-800">
      {errors.length > 0 ? (
        <ul>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CountrySelect({ id, name, describedBy, invalid, defaults, countries, lang, label }: { id: string; name: string; describedBy: string; invalid: boolean; defaults: string[]; countries: OptionView[]; lang: Lang; label: string }) {
  const t = useRt(lang);
  const [hydrated, setHydrated] = useState(false);
  const [filter, setFilter] = useState("");
  useEffect(() => setHydrated(true), []);
  // The search rule of every list (domain/search-key.ts): "peru" finds "Perú", "cote" "Côte d'Ivoire".
  const needle = searchKey(filter);
  return (
    <div>
      <label id={`text-${name.slice(2)}`} htmlFor={id} className="block font-medium">
        {label}
      </label>
      {hydrated ? (
        <div className="mt-1">
          <label htmlFor={`${id}-filter`} className="block text-sm text-slate-700">
            {t("section.filterCountries")}
          </label>
          <input id={`${id}-filter`} type="search" className="input mt-1 max-w-xs" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      ) : null}
      <select id={id} name={name} multiple size={8} className="input mt-2" defaultValue={defaults} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
        {countries.map((c) => (
          <option key={c.value} value={c.value} hidden={needle !== "" && !searchKey(c.label).includes(needle) && c.value.toLowerCase() !== needle}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The questions a document supports, other than `exceptId`, short enough for a list option. */
function supportedList(d: DocumentView, exceptId: string): string {
  const short = (text: string) => ([...text].length > 60 ? `${[...text].slice(0, 57).join("").trimEnd()}…` : text);
  return d.supports
    .filter((s) => s.questionId !== exceptId)
    .map((s) => `“${short(s.text)}”`)
    .join("; ");
}

/**
 * F02: a browser keeps a chosen file in its input after a submission that did not reload the page.
 * The files the server took (the pressed "Attach" question's, or every question's on a plain save)
 * are cleared once the submission is done, so the next one cannot send them again.
 */
function useClearSentFiles(form: React.RefObject<HTMLFormElement | null>) {
  const navigation = useNavigation();
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (navigation.state === "submitting") {
      sent.current = String(navigation.formData?.get("intent") ?? "save");
      return;
    }
    if (navigation.state !== "idle" || sent.current === null || !form.current) return;
    const intent = sent.current;
    sent.current = null;
    if (intent.startsWith("detach|")) return;
    const only = intent.startsWith("attach:") ? `file:${intent.slice("attach:".length)}` : null;
    for (const input of form.current.querySelectorAll<HTMLInputElement>('input[type="file"]')) {
      if (only === null || input.name === only) input.value = "";
    }
  }, [navigation.state, navigation.formData, form]);
}

function EvidenceBlock({ q, lang, documents, problem }: { q: QuestionView; lang: Lang; documents: DocumentView[]; problem: UploadProblem | null }) {
  const t = useRt(lang);
  const fileId = `file-${q.id}`;
  const errorId = `evidence-error-${q.id}`;
  const others = documents.filter((d) => !q.attached.some((a) => a.id === d.id));
  const message = problem ? uploadProblemMessage(problem, lang) : null;
  return (
    <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="text-sm font-medium">{t("evidence.title")}</p>
      {q.evidenceExpected ? <p className="text-sm text-slate-700">{q.evidenceDescription ? t("evidence.expected", { description: q.evidenceDescription }) : t("evidence.expectedGeneric")}</p> : null}
      {q.attached.length > 0 ? (
        <ul aria-label={t("evidence.attached")} className="mt-2 space-y-1 text-sm">
          {q.attached.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2">
              <a href={`/respond/documents/${d.id}`}>
                {d.fileName}
              </a>
              <span className="text-slate-700">{t("evidence.size", { size: Math.max(1, Math.round(d.size / 1024)) })}</span>
              <button type="submit" name="intent" value={`detach|${q.id}|${d.id}`} className="btn-secondary py-0.5 text-xs">
                {t("evidence.remove", { name: d.fileName })}
              </button>
              {d.supports.length > 1 ? (
                <span className="w-full text-slate-700" data-testid={`supports-${q.id}-${d.id}`}>
                  {et(lang, "respondent.supports", { questions: supportedList(d, q.id) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-700">{t("evidence.noneAttached")}</p>
      )}
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={fileId} className="block text-sm">
            {t("evidence.file")}
          </label>
          <input
            id={fileId}
            type="file"
            name={`file:${q.id}`}
            accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,application/pdf,image/png,image/jpeg"
            className="mt-1 text-sm"
            aria-describedby={errorId}
            aria-invalid={message ? true : undefined}
          />
        </div>
        {others.length > 0 ? (
          <div>
            <label htmlFor={`attach-${q.id}`} className="block text-sm">
              {t("evidence.existing")}
            </label>
            <select id={`attach-${q.id}`} name={`attach:${q.id}`} defaultValue="" className="mt-1 rounded-md border border-slate-500 bg-white px-2 py-1 text-sm">
              <option value="">{t("evidence.none")}</option>
              {others.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.supports.length > 0 ? et(lang, "respondent.option", { name: d.fileName, questions: supportedList(d, q.id) }) : et(lang, "respondent.optionUnused", { name: d.fileName })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" name="intent" value={`attach:${q.id}`} className="btn-secondary" aria-describedby={`text-${q.id}`}>
          {t("evidence.attach")}
        </button>
      </div>
      <div id={errorId} role={message ? "alert" : undefined} className="min-h-[1.25rem] pt-1 text-sm text-red-800">
        {message}
      </div>
    </div>
  );
}

function QuestionInputs({ q, lang, defaults, describedBy, invalid, countries }: { q: QuestionView; lang: Lang; defaults: FormDefaults; describedBy: string; invalid: boolean; countries: OptionView[] }) {
  const t = useRt(lang);
  const inputId = `input-${q.id}`;
  const valueName = fieldName.value(q.id);
  const requiredMark = q.required ? <span className="ml-1 text-sm font-normal text-slate-700">({t("section.required")})</span> : null;
  const naBox =
    q.notApplicable && !notApplicableIsChoice(q) ? (
      <label className="mt-2 flex items-center gap-2">
        <input type="checkbox" name={fieldName.notApplicable(q.id)} value="n/a" defaultChecked={defaults.notApplicable} aria-describedby={describedBy} />
        {t("section.notApplicable")}
      </label>
    ) : null;
  if (q.type === "boolean" || q.type === "single" || q.type === "multi") {
    const multi = q.type === "multi";
    return (
      <fieldset aria-describedby={describedBy}>
        <legend id={`text-${q.id}`} className="font-medium">
          {q.text}
          {requiredMark}
        </legend>
        {q.help ? (
          <p id={`help-${q.id}`} className="mt-1 text-sm text-slate-700">
            {q.help}
          </p>
        ) : null}
        <div className="mt-2 space-y-1">
          {q.options.map((o) => (
            <label key={o.value} className="flex items-start gap-2">
              <input
                className="mt-1"
                type={multi ? "checkbox" : "radio"}
                name={valueName}
                value={o.value}
                defaultChecked={defaults.values.includes(o.value)}
                aria-invalid={invalid || undefined}
              />
              <span>{o.label}</span>
            </label>
          ))}
          {q.notApplicable && !multi ? (
            <label className="flex items-start gap-2">
              <input className="mt-1" type="radio" name={valueName} value="n/a" defaultChecked={defaults.notApplicable} aria-invalid={invalid || undefined} />
              <span>{t("section.notApplicable")}</span>
            </label>
          ) : null}
        </div>
        {naBox}
      </fieldset>
    );
  }
  const label = (
    <>
      {q.text}
      {requiredMark}
    </>
  );
  const help = q.help ? (
    <p id={`help-${q.id}`} className="mt-1 text-sm text-slate-700">
      {q.help}
    </p>
  ) : null;
  if (q.type === "countries") {
    return (
      <div>
        <CountrySelect
          id={inputId}
          name={valueName}
          describedBy={describedBy}
          invalid={invalid}
          defaults={defaults.values}
          countries={countries}
          lang={lang}
          label={`${q.text}${q.required ? ` (${t("section.required")})` : ""}`}
        />
        {help}
        <p className="mt-1 text-sm text-slate-700">{t("section.countriesHelp")}</p>
        {naBox}
      </div>
    );
  }
  const typeHint =
    q.type === "percent"
      ? t("section.percentHelp")
      : q.type === "number"
        ? q.max !== null
          ? t("section.numberHelp", { min: q.min ?? 0, max: q.max })
          : t("section.numberHelpMin", { min: q.min ?? 0 })
        : q.type === "date"
          ? t("section.dateHelp")
          : null;
  return (
    <div>
      <label id={`text-${q.id}`} htmlFor={inputId} className="block font-medium">
        {label}
      </label>
      {help}
      {typeHint ? (
        <p id={`hint-${q.id}`} className="mt-1 text-sm text-slate-700">
          {typeHint}
        </p>
      ) : null}
      {q.type === "text" ? (
        <textarea id={inputId} name={valueName} rows={4} className="input mt-1" defaultValue={defaults.values[0] ?? ""} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      ) : (
        <input
          id={inputId}
          name={valueName}
          className="input mt-1 max-w-xs"
          type={q.type === "date" ? "date" : "number"}
          min={q.min ?? undefined}
          max={q.max ?? undefined}
          step={q.step ?? undefined}
          inputMode={q.type === "date" ? undefined : "decimal"}
          defaultValue={defaults.values[0] ?? ""}
          aria-describedby={`${describedBy}${typeHint ? ` hint-${q.id}` : ""}`}
          aria-invalid={invalid || undefined}
        />
      )}
      {naBox}
    </div>
  );
}

function QuestionBlock({
  q,
  lang,
  institution,
  countries,
  documents,
  errors,
  posted,
  isNew,
  problem,
}: {
  q: QuestionView;
  lang: Lang;
  institution: string;
  countries: OptionView[];
  documents: DocumentView[];
  errors: string[];
  posted: FormDefaults | undefined;
  isNew: boolean;
  problem: UploadProblem | null;
}) {
  const t = useRt(lang);
  const autosave = useAutosave(q.id, lang);
  const errorId = `error-${q.id}`;
  const describedBy = [q.help ? `help-${q.id}` : null, errorId].filter(Boolean).join(" ");
  const defaults = posted ?? q.defaults;
  return (
    <div id={`q-${q.id}`} className={`card mb-4 ${isNew ? "border-blue-700" : ""}`} onChange={autosave.onChange}>
      {isNew ? <p className="mb-2 text-xs font-semibold uppercase text-blue-800">{t("section.new")}</p> : null}
      <input type="hidden" name={PRESENT_FIELD} value={q.id} />
      <input type="hidden" name={fieldName.original(q.id)} value={q.fingerprint} />
      {q.reviewComments.map((comment, i) => (
        <div key={i} role="note" className="mb-3 rounded-md border border-amber-700 bg-amber-50 p-2 text-sm">
          <strong>{t("section.reviewComment", { institution })}:</strong> {comment}
        </div>
      ))}
      <QuestionInputs q={q} lang={lang} defaults={defaults} describedBy={describedBy} invalid={errors.length > 0} countries={countries} />
      <ErrorText id={errorId} errors={errors} />
      <div className="mt-2">
        <label htmlFor={`comment-${q.id}`} className="block text-sm">
          {t("section.comment")}
        </label>
        <textarea id={`comment-${q.id}`} name={fieldName.comment(q.id)} rows={2} className="input mt-1" defaultValue={defaults.comment} />
      </div>
      <EvidenceBlock q={q} lang={lang} documents={documents} problem={problem?.questionId === q.id ? problem : null} />
      <p aria-live="polite" className={`mt-2 min-h-[1.25rem] text-sm ${autosave.isError ? "text-red-800" : "text-slate-700"}`}>
        {autosave.label}
      </p>
    </div>
  );
}

function ReadOnlyQuestion({ q, lang }: { q: QuestionView; lang: Lang }) {
  const t = useRt(lang);
  return (
    <div id={`q-${q.id}`} className="card mb-4">
      <h3 className="font-medium">{q.text}</h3>
      <p className="mt-1">{q.answered ? q.answerText : <em>{t("section.notAnswered")}</em>}</p>
      {q.comment ? (
        <p className="mt-1 text-sm">
          {t("section.yourComment")}: {q.comment}
        </p>
      ) : null}
      {q.attached.length > 0 ? (
        <ul aria-label={t("evidence.attached")} className="mt-1 text-sm">
          {q.attached.map((d) => (
            <li key={d.id}>
              <a href={`/respond/documents/${d.id}`}>
                {d.fileName}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function SectionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const t = useRt(page.lang);
  const newIds = new Set((searchParams.get("new") ?? "").split(",").filter(Boolean));
  const submitted = !page.editable && page.submittedAt !== null;
  const hasErrors = actionData !== undefined && Object.keys(actionData.errors).length > 0;
  // A problem that no question on this page can show (a post too large to read, a removal named
  // for a question of another section) is shown at the top.
  const generalUpload = actionData?.upload && !page.questions.some((q) => q.id === actionData.upload?.questionId) ? actionData.upload : null;
  const form = useRef<HTMLFormElement>(null);
  useClearSentFiles(form);
  return (
    <RespondentShell lang={page.lang} institution={page.institution} client={page.client} submitted={submitted}>
      <p className="text-sm text-slate-700">{t("section.position", { n: page.section.index, total: page.sections.length })}</p>
      <h1>{page.section.title}</h1>
      {page.section.description ? <p className="mt-2">{page.section.description}</p> : null}
      <p className="mt-2 text-sm">
        <progress className="mr-2 align-middle" max={page.section.required || 1} value={page.section.answered} aria-label={t("welcome.progress")} />
        {t("section.progress", { answered: page.section.answered, required: page.section.required })}
      </p>
      {hasErrors ? (
        <div role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          <p>{t("section.errorsSummary")}</p>
          <ul className="mt-1 list-disc pl-6">
            {Object.keys(actionData.errors).map((id) => (
              <li key={id}>
                <a href={`#q-${id}`}>{page.questions.find((q) => q.id === id)?.text ?? id}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {generalUpload ? (
        <div role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          {uploadProblemMessage(generalUpload, page.lang)}
        </div>
      ) : null}
      {newIds.size > 0 && !hasErrors ? (
        <p role="status" className="mt-4 rounded-md bg-blue-50 p-3 text-sm text-blue-900">
          {t("section.newQuestions")}
        </p>
      ) : null}
      {page.editable ? (
        <Form ref={form} method="post" encType="multipart/form-data" noValidate className="mt-6">
          {/* The default button for Enter in a field: save, not the first question's "Attach". */}
          <button type="submit" name="intent" value="save" className="hidden" tabIndex={-1}>
            {t("section.saveContinue")}
          </button>
          {page.questions.map((q) => (
            <QuestionBlock
              key={q.id}
              q={q}
              lang={page.lang}
              institution={page.institution}
              countries={page.countries}
              documents={page.documents}
              errors={actionData?.errors[q.id] ?? []}
              posted={actionData?.errors[q.id] ? actionData.posted[q.id] : undefined}
              isNew={newIds.has(q.id)}
              problem={actionData?.upload ?? null}
            />
          ))}
          <div className="mt-6 flex flex-wrap items-center gap-4">
            {page.previousKey ? <Link to={`/respond/section/${page.previousKey}`}>{t("section.previous")}</Link> : null}
            <button type="submit" name="intent" value="save" className="btn">
              {page.nextKey ? t("section.saveContinue") : t("section.saveReview")}
            </button>
          </div>
        </Form>
      ) : (
        <div className="mt-6">
          <p role="status" className="mb-4 rounded-md bg-slate-100 p-3 text-sm">
            {t("section.readOnly")}
          </p>
          {page.questions.map((q) => (
            <ReadOnlyQuestion key={q.id} q={q} lang={page.lang} />
          ))}
          <div className="mt-6 flex flex-wrap gap-4">
            {page.previousKey ? <Link to={`/respond/section/${page.previousKey}`}>{t("section.previous")}</Link> : null}
            {page.nextKey ? <Link to={`/respond/section/${page.nextKey}`}>{page.sections[page.section.index]?.title}</Link> : null}
          </div>
        </div>
      )}
    </RespondentShell>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
