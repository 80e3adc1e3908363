// Admin: the screening lists loaded for this institution (name, format, entries, age, source) and
// a plain multipart form to load or refresh one; loading rescreens the whole portfolio (issue 15).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { LIST_DEFAULTS, LIST_KINDS, ListImportError } from "~/domain/screening/lists";
import { statusOf } from "~/errors-http.server";
import type { Lang } from "~/i18n";
import { isScreeningUiKey, st, type ScreeningUiKey } from "~/i18n/screening";
import { ListUploadSchema } from "~/schemas/screening";
import { importScreeningList, screeningListsView } from "~/services/screening.server";

const MAX_LIST_BYTES = 50 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "manage:screening-list:any");
  const now = new Date();
  return { lists: await screeningListsView(staff.institutionId, now, reads()), today: now.toISOString().slice(0, 10), defaults: LIST_DEFAULTS };
}

type Values = { kind: string; name: string; sourceUrl: string; retrievedDate: string; isSample: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "manage:screening-list:any");
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_LIST_BYTES + 64 * 1024) return data({ fieldErrors: { file: ["screening.error.file"] } as Record<string, string[]>, values: null as Values | null }, { status: 413 });
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    if (error instanceof Response) throw error;
    return data({ fieldErrors: { file: ["screening.error.file"] } as Record<string, string[]>, values: null as Values | null }, { status: 400 });
  }
  const values: Values = {
    kind: String(form.get("kind") ?? ""),
    name: String(form.get("name") ?? ""),
    sourceUrl: String(form.get("sourceUrl") ?? ""),
    retrievedDate: String(form.get("retrievedDate") ?? ""),
    isSample: form.get("isSample") === "on",
  };
  const fieldErrors: Record<string, string[]> = {};
  const parsed = ListUploadSchema.safeParse(values);
  if (!parsed.success) for (const i of parsed.error.issues) (fieldErrors[String(i.path[0])] ??= []).push(i.message);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0 || file.size > MAX_LIST_BYTES) (fieldErrors.file ??= []).push("screening.error.file");
  if (!parsed.success || !(file instanceof File) || Object.keys(fieldErrors).length > 0) return data({ fieldErrors, values }, { status: 400 });
  try {
    const out = await importScreeningList({ institutionId: staff.institutionId, userId: staff.userId }, parsed.data, { name: file.name, text: await file.text() }, new Date());
    return redirect(`/app/admin/screening-lists?loaded=${encodeURIComponent(parsed.data.name)}&entries=${out.entryCount}&hits=${out.rescreen.newHits}`);
  } catch (error) {
    if (error instanceof ListImportError) return data({ fieldErrors: { file: [`format:${error.problems.slice(0, 5).join("; ")}`] } as Record<string, string[]>, values }, { status: 400 });
    if (error instanceof InvalidInputError) {
      for (const d of error.details) (fieldErrors[d.path.split(".")[0] || "file"] ??= []).push(d.message);
      return data({ fieldErrors, values }, { status: 400 });
    }
    if (error instanceof DomainError) throw new Response(error.message, { status: statusOf(error) });
    throw error;
  }
}

function message(lang: Lang, m: string): string {
  if (m.startsWith("format:")) return st(lang, "screening.error.format", { problem: m.slice(7) });
  return isScreeningUiKey(m) ? st(lang, m) : m;
}

export default function ScreeningListsPage() {
  const { lists, today, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ScreeningUiKey, vars?: Record<string, string | number>) => st(lang, key, vars);
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values ?? null;
  const loaded = searchParams.get("loaded");
  const all = Object.values(errors).flat();
  const field = (name: string) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });
  return (
    <div>
      <h1>{t("lists.title")}</h1>
      <p className="mt-2 max-w-3xl">{t("lists.intro")}</p>
      {loaded ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("lists.upload.done", { name: loaded, entries: searchParams.get("entries") ?? "0", hits: searchParams.get("hits") ?? "0" })}
        </p>
      ) : null}
      {lists.length === 0 ? (
        <p className="mt-4">{t("lists.empty")}</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="table" data-testid="screening-lists">
            <thead>
              <tr>
                <th scope="col">{t("lists.col.name")}</th>
                <th scope="col">{t("lists.col.kind")}</th>
                <th scope="col">{t("lists.col.entries")}</th>
                <th scope="col">{t("lists.col.retrieved")}</th>
                <th scope="col">{t("lists.col.age")}</th>
                <th scope="col">{t("lists.col.source")}</th>
                <th scope="col">{t("lists.col.imported")}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.name}
                    {l.isSample ? <span className="block text-xs text-amber-900">{t("lists.sampleNote")}</span> : null}
                  </td>
                  <td>{t(`kind.${l.kind}`)}</td>
                  <td>{l.entryCount}</td>
                  <td>{l.retrievedDate}</td>
                  <td>
                    {t("lists.age", { days: l.ageDays })}
                    {l.ageDays > 30 ? <span className="block text-xs text-red-800">{t("lists.stale")}</span> : null}
                  </td>
                  <td>
                    <a href={l.sourceUrl} rel="noreferrer" className="underline">
                      {new URL(l.sourceUrl).hostname}
                    </a>
                  </td>
                  <td>{l.importedAt.slice(0, 16).replace("T", " ")} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Form method="post" encType="multipart/form-data" className="card mt-8 max-w-3xl" noValidate>
        <h2>{t("lists.upload.title")}</h2>
        {all.length > 0 ? (
          <div role="alert" className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-900">
            <ul>
              {all.map((e) => (
                <li key={e}>{message(lang, e)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <label htmlFor="kind" className="mb-1 mt-3 block text-sm font-medium">
          {t("lists.upload.kind")}
        </label>
        <select id="kind" name="kind" className="input" defaultValue={values?.kind ?? "uflpa"} {...field("kind")}>
          {LIST_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <ErrorList id="kind-error" errors={(errors.kind ?? []).map((m) => message(lang, m))} />
        <label htmlFor="name" className="mb-1 mt-2 block text-sm font-medium">
          {t("lists.upload.name")}
        </label>
        <p id="name-help" className="mb-1 text-xs text-slate-700">
          {t("lists.upload.nameHelp")}
        </p>
        <input id="name" name="name" className="input" defaultValue={values?.name ?? defaults.uflpa.name} required {...field("name")} />
        <ErrorList id="name-error" errors={(errors.name ?? []).map((m) => message(lang, m))} />
        <label htmlFor="sourceUrl" className="mb-1 mt-2 block text-sm font-medium">
          {t("lists.upload.sourceUrl")}
        </label>
        <input id="sourceUrl" name="sourceUrl" type="url" className="input" defaultValue={values?.sourceUrl ?? defaults.uflpa.sourceUrl ?? ""} required {...field("sourceUrl")} />
        <ErrorList id="sourceUrl-error" errors={(errors.sourceUrl ?? []).map((m) => message(lang, m))} />
        <label htmlFor="retrievedDate" className="mb-1 mt-2 block text-sm font-medium">
          {t("lists.upload.retrievedDate")}
        </label>
        <input id="retrievedDate" name="retrievedDate" type="date" className="input" defaultValue={values?.retrievedDate ?? today} required {...field("retrievedDate")} />
        <ErrorList id="retrievedDate-error" errors={(errors.retrievedDate ?? []).map((m) => message(lang, m))} />
        <label htmlFor="file" className="mb-1 mt-2 block text-sm font-medium">
          {t("lists.upload.file")}
        </label>
        <input id="file" name="file" type="file" accept=".csv,.jsonl,.json,.ndjson,text/csv,application/json" required {...field("file")} />
        <ErrorList id="file-error" errors={(errors.file ?? []).map((m) => message(lang, m))} />
        <div className="mt-3 flex items-start gap-2">
          <input id="isSample" name="isSample" type="checkbox" defaultChecked={values?.isSample ?? false} className="mt-1" />
          <label htmlFor="isSample">{t("lists.upload.isSample")}</label>
        </div>
        <button type="submit" className="btn mt-4">
          {t("lists.upload.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
