// The verification result, shared by the upload page and the QR link page.
import { useLang } from "~/components/i18n";
import { at, type AttestationUiKey } from "~/i18n/attestations";
import type { VerifyResponse } from "~/services/attestations.server";

const TONE: Record<VerifyResponse["status"], string> = {
  valid: "border-green-700 bg-green-50 text-green-900",
  "not-approved": "border-red-700 bg-red-50 text-red-900",
  revoked: "border-red-700 bg-red-50 text-red-900",
  expired: "border-amber-700 bg-amber-50 text-amber-900",
  altered: "border-red-700 bg-red-50 text-red-900",
  "unknown-key": "border-red-700 bg-red-50 text-red-900",
  "not-signed": "border-red-700 bg-red-50 text-red-900",
  unknown: "border-red-700 bg-red-50 text-red-900",
};

export function VerifyResult({ result }: { result: VerifyResponse }) {
  const lang = useLang();
  const t = (key: AttestationUiKey, vars?: Record<string, string>) => at(lang, key, vars);
  const rows: Array<[AttestationUiKey, string | null]> = [
    ["verify.institution", result.institution?.name ?? null],
    ["verify.client", result.clientName],
    ["verify.attestationId", result.attestationId],
    ["verify.keyId", result.keyId],
    ["verify.issuedAt", result.issuedAt ? result.issuedAt.slice(0, 10) : null],
    ["verify.validUntil", result.validUntil],
    ["verify.revokedAt", result.revokedAt ? result.revokedAt.slice(0, 10) : null],
    ["verify.revocationReason", result.reason],
  ];
  return (
    <section aria-labelledby="verify-result-h" className="mt-6">
      <h2 id="verify-result-h">{t("verify.result")}</h2>
      <p role="status" data-status={result.status} className={`mt-2 rounded-md border p-3 font-medium ${TONE[result.status]}`}>
        {t(`verify.status.${result.status}` as AttestationUiKey)}
        {result.decision && result.institution ? (
          <span className="mt-1 block" data-testid="verify-decision">
            {t("verify.decisionLine", {
              outcome: t(`verify.decided.${result.decision.outcome}` as AttestationUiKey),
              date: result.decision.decidedAt ? result.decision.decidedAt.slice(0, 10) : "—",
              institution: result.institution.name,
              gate: t(`verify.gate.${result.decision.gate}` as AttestationUiKey),
            })}
          </span>
        ) : null}
      </p>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows
          .filter(([, value]) => value !== null)
          .map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="font-medium text-slate-900">{t(key)}</dt>
              <dd className="break-all text-slate-800">{value}</dd>
            </div>
          ))}
      </dl>
      {result.details.length > 0 ? (
        <div className="mt-4 text-sm text-slate-700">
          <h3 className="font-medium">{t("verify.details")}</h3>
          <ul className="ml-5 list-disc">
            {result.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
