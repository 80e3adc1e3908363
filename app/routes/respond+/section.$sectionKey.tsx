import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { CountryPicker } from "~/components/country-picker";
import { fieldName, notApplicableIsChoice, PRESENT_FIELD, type FormDefaults } from "~/domain/answer-form";
import { ConflictError } from "~/domain/errors";
import type { Lang } from "~/i18n";
import { et } from "~/i18n/evidence";
import type { DocumentView, OptionView, QuestionView } from "~/services/respondent.server";
import { sectionPage } from "~/services/respondent.server";
import { saveSectionPost, type PostedFile } from "~/services/section-post.server";
import { uploadProblemMessage, uploadStatus, type UploadProblem } from "./__evidence";
import { MAX_SECTION_POST_BYTES, NO_REFERRER, readSectionForm, requireRespondentPage, TOO_LARGE_MARKER } from "./__respondent.server";
import { respondentPageHeaders, RespondentErrorBoundary, RespondentShell, useRt } from "./__shell";

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

/**
 * An exclusive option ("None of the above") clears the others when ticked, and ticking another
 * option clears it (F11). The server refuses the combination anyway, for pages without scripts.
 */
function keepExclusive(event: React.ChangeEvent<HTMLInputElement>) {
  const box = event.currentTarget;
  if (!box.checked || !box.form) return;
  const exclusive = box.hasAttribute("data-exclusive");
  for (const other of Array.from(box.form.elements)) {
    if (!(other instanceof HTMLInputElement) || other === box || other.name !== box.name || !other.checked) continue;
    if (exclusive || other.hasAttribute("data-exclusive")) other.checked = false;
  }
}

type UploadState = { state: "uploading"; fileName: string; percent: number } | { state: "done"; fileName: string } | { state: "error"; message: string };

type SaveState = { state: "idle" } | { state: "saving" } | { state: "saved" } | { state: "error"; message: string };

/** Autosave of one question with JavaScript: debounced, posted to the resource route. */
function useAutosave(questionId: string, lang: Lang, onUnsaved: (questionId: string, unsaved: boolean) => void) {
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
          if (issue) {
            setStatus({ state: "error", message: issue.message });
            onUnsaved(questionId, true);
          } else if (!response.ok) {
            setStatus({ state: "error", message: String(response.status) });
            onUnsaved(questionId, true);
          } else {
            setStatus({ state: "saved" });
            onUnsaved(questionId, false);
            revalidator.revalidate();
          }
        })
        .catch(() => setStatus({ state: "error", message: t("section.networkError") }));
    }, 800);
  };
  const label =
    status.state === "saving" ? t("section.saving") : status.state === "saved" ? t("section.saved") : status.state === "error" ? t("section.notSaved", { reason: status.message }) : "";
  return { onChange, label, isError: status.state === "error", message: status.state === "error" ? status.message : null };
}

function ErrorText({ id, errors }: { id: string; errors: string[] }) {
  return (
    <div id={id} className="min-h-[1.25rem] text-sm font-medium text-red-800" data-testid="field-error">
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

function EvidenceBlock({
  q,
  lang,
  documents,
  problem,
  maxUploadBytes,
  upload,
}: {
  q: QuestionView;
  lang: Lang;
  documents: DocumentView[];
  problem: UploadProblem | null;
  maxUploadBytes: number;
  upload: UploadState | undefined;
}) {
  const t = useRt(lang);
  const fileId = `file-${q.id}`;
  const errorId = `evidence-error-${q.id}`;
  const others = documents.filter((d) => !q.attached.some((a) => a.id === d.id));
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const message =
    tooLarge ?? (upload?.state === "error" ? upload.message : null) ?? (problem && upload === undefined ? uploadProblemMessage(problem, lang) : null);
  // Checked before anything is sent (F15): the limit is the server's, passed by the loader.
  const onFile = (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (file && file.size > maxUploadBytes) {
      setTooLarge(t("evidence.tooLargeBefore", { name: file.name, limit: Math.round(maxUploadBytes / (1024 * 1024)) }));
      event.currentTarget.value = "";
    } else setTooLarge(null);
  };
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
            data-max-bytes={maxUploadBytes}
            onChange={onFile}
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
      {upload?.state === "uploading" ? (
        <p className="mt-2 text-sm" role="status">
          <label htmlFor={`progress-${q.id}`}>{t("evidence.uploading", { name: upload.fileName })}</label>{" "}
          <progress id={`progress-${q.id}`} max={100} value={upload.percent} className="align-middle" />
        </p>
      ) : upload?.state === "done" ? (
        <p className="mt-2 text-sm text-green-900" role="status">
          {t("evidence.uploaded", { name: upload.fileName })}
        </p>
      ) : null}
      <div id={errorId} role={message ? "alert" : undefined} className="min-h-[1.25rem] pt-1 text-sm font-medium text-red-800" data-testid="evidence-error">
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
          {q.options.map((o, i) => (
            <label key={o.value} className="flex items-start gap-2">
              <input
                id={i === 0 ? inputId : undefined}
                className="mt-1"
                type={multi ? "checkbox" : "radio"}
                name={valueName}
                value={o.value}
                defaultChecked={defaults.values.includes(o.value)}
                aria-invalid={invalid || undefined}
                data-exclusive={o.exclusive ? "" : undefined}
                onChange={multi ? keepExclusive : undefined}
              />
              <span>
                {o.label}
                {o.exclusive ? <span className="ml-1 text-sm text-slate-700">{t("section.exclusiveHint")}</span> : null}
              </span>
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
      <div id={inputId} tabIndex={-1}>
        <CountryPicker
          idBase={`country-${q.id}`}
          name={valueName}
          legend={label}
          legendId={`text-${q.id}`}
          help={
            <>
              {help}
              <p className="mt-1 text-sm text-slate-700">{t("section.countriesHelp")}</p>
            </>
          }
          describedBy={describedBy}
          invalid={invalid}
          defaultValues={defaults.values}
          options={countries}
          lang={lang}
          text={{
            selected: (list) => t("section.countriesSelected", { countries: list }),
            noneSelected: t("section.countriesNone"),
            filter: t("section.filterCountries"),
            remove: (country) => t("section.countriesRemove", { country }),
            noMatch: t("section.countriesNoMatch"),
          }}
        />
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
  maxUploadBytes,
  upload,
  onUnsaved,
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
  maxUploadBytes: number;
  upload: UploadState | undefined;
  onUnsaved: (questionId: string, unsaved: boolean) => void;
}) {
  const t = useRt(lang);
  const autosave = useAutosave(q.id, lang, onUnsaved);
  const errorId = `error-${q.id}`;
  const describedBy = [q.help ? `help-${q.id}` : null, errorId].filter(Boolean).join(" ");
  const defaults = posted ?? q.defaults;
  // The error beside the field (F15, F31): the post's, or the last autosave's, which supersedes it.
  const shown = autosave.message !== null ? [t("section.notSaved", { reason: autosave.message })] : autosave.label !== "" ? [] : errors;
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
      <QuestionInputs q={q} lang={lang} defaults={defaults} describedBy={describedBy} invalid={shown.length > 0} countries={countries} />
      <ErrorText id={errorId} errors={shown} />
      <p aria-live="polite" className="min-h-[1.25rem] text-sm text-slate-700">
        {autosave.isError ? "" : autosave.label}
      </p>
      <div className="mt-2">
        <label htmlFor={`comment-${q.id}`} className="block text-sm">
          {t("section.comment")}
        </label>
        <textarea id={`comment-${q.id}`} name={fieldName.comment(q.id)} rows={2} className="input mt-1" defaultValue={defaults.comment} />
      </div>
      <EvidenceBlock q={q} lang={lang} documents={documents} problem={problem?.questionId === q.id ? problem : null} maxUploadBytes={maxUploadBytes} upload={upload} />
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

/** Sends one file to the upload route, reporting progress; resolves with its JSON answer. */
function sendFile(url: string, body: FormData, onProgress: (percent: number) => void): Promise<{ status: number; body: { attached?: boolean; message?: string } }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as { attached?: boolean; message?: string } });
      } catch {
        resolve({ status: xhr.status, body: {} });
      }
    };
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(body);
  });
}

export default function SectionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const t = useRt(page.lang);
  const submit = useSubmit();
  const revalidator = useRevalidator();
  const newIds = new Set((searchParams.get("new") ?? "").split(",").filter(Boolean));
  const submitted = !page.editable && page.submittedAt !== null;
  const hasErrors = actionData !== undefined && Object.keys(actionData.errors).length > 0;
  const [unsaved, setUnsaved] = useState<ReadonlySet<string>>(new Set());
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  // The summary takes focus when a post comes back with errors (with scripts; without them the
  // `autofocus` attribute of the server's page does it).
  useEffect(() => {
    if (hasErrors) summaryRef.current?.focus();
  }, [hasErrors, actionData]);
  const onUnsaved = useCallback((questionId: string, isUnsaved: boolean) => {
    setUnsaved((prev) => {
      if (prev.has(questionId) === isUnsaved) return prev;
      const next = new Set(prev);
      if (isUnsaved) next.add(questionId);
      else next.delete(questionId);
      return next;
    });
  }, []);
  // Progress counts saved, valid answers only (F31): a required question whose change was refused
  // (by this post or an autosave) is not counted on the strength of its older answer.
  const refused = new Set([...unsaved, ...(hasErrors ? Object.keys(actionData.errors) : [])]);
  const notCounted = page.questions.filter((q) => q.required && q.answered && refused.has(q.id)).length;
  const answered = Math.max(0, page.section.answered - notCounted);
  // A problem that no question on this page can show (a post too large to read, a removal named
  // for a question of another section) is shown at the top.
  const generalUpload = actionData?.upload && !page.questions.some((q) => q.id === actionData.upload?.questionId) ? actionData.upload : null;
  const form = useRef<HTMLFormElement>(null);
  useClearSentFiles(form);

  // With scripts, chosen files go first, one by one, to the upload route with a progress bar
  // (F15); the rest of the form is then submitted as without scripts.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const native = event.nativeEvent as SubmitEvent;
    const submitter = native.submitter instanceof HTMLButtonElement ? native.submitter : null;
    const inputs = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="file"]')).filter((i) => (i.files?.length ?? 0) > 0);
    if (inputs.length === 0 || typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    void (async () => {
      let failed = false;
      for (const input of inputs) {
        const questionId = input.name.slice("file:".length);
        const file = input.files![0]!;
        setUploads((u) => ({ ...u, [questionId]: { state: "uploading", fileName: file.name, percent: 0 } }));
        const body = new FormData();
        body.append(PRESENT_FIELD, questionId);
        body.append("section", page.section.key);
        body.append(input.name, file);
        try {
          const result = await sendFile("/respond/evidence/upload", body, (percent) =>
            setUploads((u) => ({ ...u, [questionId]: { state: "uploading", fileName: file.name, percent } })),
          );
          if (result.body.attached) {
            input.value = "";
            setUploads((u) => ({ ...u, [questionId]: { state: "done", fileName: file.name } }));
          } else {
            failed = true;
            setUploads((u) => ({ ...u, [questionId]: { state: "error", message: result.body.message ?? t("evidence.uploadFailed", { name: file.name }) } }));
          }
        } catch {
          failed = true;
          setUploads((u) => ({ ...u, [questionId]: { state: "error", message: t("evidence.uploadFailed", { name: file.name }) } }));
        }
      }
      const intent = submitter?.value ?? "save";
      // An "Attach" press ends here: the list of attached documents refreshes in place.
      if (failed || intent.startsWith("attach:")) {
        revalidator.revalidate();
        return;
      }
      const formData = new FormData(form);
      formData.set("intent", intent);
      submit(formData, { method: "post", encType: "multipart/form-data" });
    })();
  };

  return (
    <RespondentShell lang={page.lang} institution={page.institution} client={page.client} submitted={submitted}>
      <p className="text-sm text-slate-700">{t("section.position", { n: page.section.index, total: page.sections.length })}</p>
      <h1>{page.section.title}</h1>
      {page.section.description ? <p className="mt-2">{page.section.description}</p> : null}
      <p className="mt-2 text-sm">
        <progress className="mr-2 align-middle" max={page.section.required || 1} value={answered} aria-label={t("welcome.progress")} />
        {t("section.progress", { answered, required: page.section.required })}
      </p>
      {refused.size > 0 ? <p className="mt-1 text-sm text-red-800">{t("section.notSavedCount", { count: refused.size })}</p> : null}
      {hasErrors ? (
        <div
          ref={summaryRef}
          role="alert"
          tabIndex={-1}
          autoFocus
          aria-labelledby="error-summary-title"
          className="mt-4 rounded-md border-2 border-red-700 bg-red-50 p-3 text-sm text-red-900 focus:outline focus:outline-4 focus:outline-amber-400"
          data-testid="error-summary"
        >
          <h2 id="error-summary-title" className="text-base font-semibold">
            {t("section.errorsSummaryTitle")}
          </h2>
          <p>{t("section.errorsSummary")}</p>
          <ul className="mt-1 list-disc pl-6">
            {Object.entries(actionData.errors).map(([id, messages]) => (
              <li key={id}>
                <a href={`#input-${id}`}>{page.questions.find((q) => q.id === id)?.text ?? t("section.errorsSummaryTitle")}</a>
                <span className="block">{messages[0]}</span>
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
        <Form ref={form} method="post" encType="multipart/form-data" noValidate className="mt-6" onSubmit={onSubmit}>
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
              maxUploadBytes={page.maxUploadBytes}
              upload={uploads[q.id]}
              onUnsaved={onUnsaved}
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
