// The inherent risk's manual-review notes (ADR 004: a country without a verified TIP placement
// is scored conservatively, and a person must review it): shown wherever the risk is shown.
import type { InherentRiskReviewFlag } from "~/domain/risk/inherent-risk";

export function RiskReviewFlags({ flags, lang, heading }: { flags: readonly Pick<InherentRiskReviewFlag, "code" | "message" | "messageEs">[]; lang: "en" | "es"; heading: string }) {
  if (flags.length === 0) return null;
  return (
    <div role="note" className="mt-3 rounded-md border-2 border-amber-600 bg-amber-50 p-3 text-amber-950" data-testid="risk-review-flags">
      <p className="font-semibold">{heading}</p>
      <ul className="mt-1 list-inside list-disc">
        {flags.map((f) => (
          <li key={f.code}>{lang === "es" ? f.messageEs : f.message}</li>
        ))}
      </ul>
    </div>
  );
}
