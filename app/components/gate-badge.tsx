// The client's gate as a badge: an icon, the word and a colour, so it reads without colour and
// without the icon (API.md "Gate"). Optionally the reason beside it.
import { useLang } from "./i18n";
import { rt } from "~/i18n/review";

export type GateValue = "open" | "conditional" | "pending" | "closed";

const STYLE: Record<GateValue, { icon: string; className: string }> = {
  open: { icon: "✓", className: "border-green-800 bg-green-50 text-green-900" },
  conditional: { icon: "◐", className: "border-amber-800 bg-amber-50 text-amber-900" },
  pending: { icon: "…", className: "border-slate-700 bg-slate-100 text-slate-900" },
  closed: { icon: "✕", className: "border-red-800 bg-red-50 text-red-900" },
};

export function GateBadge({ gate, reason }: { gate: GateValue; reason?: string | null }) {
  const lang = useLang();
  const style = STYLE[gate];
  const word = rt(lang, `gate.${gate}`);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-semibold ${style.className}`} data-testid="gate-badge" data-gate={gate}>
        <span aria-hidden="true">{style.icon}</span>
        <span>{rt(lang, "gate.label", { gate: word })}</span>
      </span>
      {reason ? <span className="text-sm text-slate-700">{reason}</span> : null}
    </span>
  );
}
