// Public /verify/:attestationId, the QR code's link: the standing of an attestation (issuer,
// client, dates, revocation) from the database. An id that was never issued says so (404).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { LanguageSwitch } from "~/components/language-switch";
import { at } from "~/i18n/attestations";
import { verifyAttestationId } from "~/services/attestations.server";
import { VerifyResult } from "./__verify-result";

export const meta: MetaFunction = () => [{ title: "Attestation status · Provenant" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await verifyAttestationId(params.attestationId ?? "", new Date());
  return data({ result }, { status: result.status === "unknown" ? 404 : 200, headers: { "Cache-Control": "no-store" } });
}

export default function VerifyIdPage() {
  const { result } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <main id="main" className="mx-auto mt-12 max-w-2xl px-4 pb-16">
      <div className="mb-6 flex items-center justify-between gap-3">
        <p className="text-xl font-bold text-blue-900">Provenant</p>
        <LanguageSwitch />
      </div>
      <div className="card">
        <h1>{at(lang, "verify.title")}</h1>
        <VerifyResult result={result} />
        <p className="mt-6 text-sm">
          <Link to="/verify">{at(lang, "verify.another")}</Link>
        </p>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
