// Public /verify: upload an attestation PDF (a plain multipart form, works without JavaScript)
// and see whether it is authentic, by whom, and whether it still stands. Nothing is stored.
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { LanguageSwitch } from "~/components/language-switch";
import { at, type AttestationUiKey } from "~/i18n/attestations";
import { MAX_VERIFY_BYTES, verifyAttestationPdf } from "~/services/attestations.server";
import { VerifyResult } from "./__verify-result";

export const meta: MetaFunction = () => [{ title: "Verify an attestation · Provenant" }];

type ActionData = { error: AttestationUiKey } | { result: Awaited<ReturnType<typeof verifyAttestationPdf>> };

export async function action({ request }: ActionFunctionArgs) {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  // The multipart envelope adds a little to the file; anything far beyond the cap is refused unread.
  if (Number.isFinite(declared) && declared > MAX_VERIFY_BYTES + 64 * 1024) return data<ActionData>({ error: "verify.errorSize" }, { status: 413 });
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch (error) {
    // Not a form at all (a JSON or text body): the request layer's 415 stands.
    if (error instanceof Response) throw error;
    return data<ActionData>({ error: "verify.errorFile" }, { status: 400 });
  }
  if (!(file instanceof File) || file.size === 0) return data<ActionData>({ error: "verify.errorFile" }, { status: 400 });
  if (file.size > MAX_VERIFY_BYTES) return data<ActionData>({ error: "verify.errorSize" }, { status: 413 });
  const bytes = Buffer.from(await file.arrayBuffer());
  if (!bytes.subarray(0, 5).equals(Buffer.from("%PDF-"))) return data<ActionData>({ error: "verify.errorType" }, { status: 415 });
  return data<ActionData>({ result: await verifyAttestationPdf(bytes, new Date()) });
}

export default function VerifyPage() {
  const actionData = useActionData<typeof action>();
  const lang = useLang();
  const t = (key: AttestationUiKey) => at(lang, key);
  const error = actionData && "error" in actionData ? actionData.error : undefined;
  return (
    <main id="main" className="mx-auto mt-12 max-w-2xl px-4 pb-16">
      <div className="mb-6 flex items-center justify-between gap-3">
        <p className="text-xl font-bold text-blue-900">Provenant</p>
        <LanguageSwitch />
      </div>
      <div className="card">
        <h1>{t("verify.title")}</h1>
        <p className="mt-2 text-sm text-slate-700">{t("verify.intro")}</p>
        <Form method="post" encType="multipart/form-data" className="mt-4" reloadDocument>
          <label htmlFor="verify-file" className="mb-1 block text-sm font-medium">
            {t("verify.file")}
          </label>
          <p id="verify-file-help" className="mb-1 text-sm text-slate-700">
            {t("verify.fileHelp")}
          </p>
          <input
            id="verify-file"
            name="file"
            type="file"
            accept="application/pdf,.pdf"
            required
            className="block w-full text-sm"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "verify-file-help verify-file-error" : "verify-file-help"}
          />
          <div id="verify-file-error" className="min-h-[1.5rem] pt-1 text-sm text-red-800" aria-live="polite">
            {error ? t(error) : null}
          </div>
          <button type="submit" className="btn">
            {t("verify.submit")}
          </button>
        </Form>
        {actionData && "result" in actionData ? <VerifyResult result={actionData.result} /> : null}
        <p className="mt-6 text-sm">
          <Link to="/.well-known/provenant-keys.json" reloadDocument>
            {t("verify.keysLink")}
          </Link>
        </p>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
