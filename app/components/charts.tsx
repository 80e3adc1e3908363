// Server-rendered SVG charts that do not rely on colour: every bar or segment carries a distinct
// fill pattern (solid, stripes, dots, cross-hatch…), its label and its number are written beside
// it, and a plain list with the same numbers (each a link to the filtered list) follows the chart,
// so screen readers and printouts read the figures too (WCAG 1.4.1 "Use of Color"). The SVG is
// aria-hidden because the list says the same thing. No inline styles: the CSP allows none.
import { Link } from "@remix-run/react";

export type ChartItem = { key: string; label: string; value: number; href?: string; note?: string };

const PATTERNS = ["solid", "stripes", "dots", "cross", "vertical", "checker", "horizontal", "diagonal-back"] as const;
const INKS = ["#1e3a8a", "#0f766e", "#9a3412", "#6b21a8", "#334155", "#a16207", "#be123c", "#166534"];

function PatternDefs({ id, count }: { id: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, i) => {
        const kind = PATTERNS[i % PATTERNS.length]!;
        const ink = INKS[i % INKS.length]!;
        const pid = `${id}-p${i}`;
        return (
          <pattern key={pid} id={pid} patternUnits="userSpaceOnUse" width="8" height="8">
            <rect width="8" height="8" fill={kind === "solid" ? ink : "#ffffff"} />
            {kind === "stripes" ? <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke={ink} strokeWidth="2.2" /> : null}
            {kind === "diagonal-back" ? <path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke={ink} strokeWidth="2.2" /> : null}
            {kind === "dots" ? <circle cx="4" cy="4" r="2.2" fill={ink} /> : null}
            {kind === "cross" ? <path d="M0,0 l8,8 M8,0 l-8,8" stroke={ink} strokeWidth="1.6" /> : null}
            {kind === "vertical" ? <path d="M2,0 v8 M6,0 v8" stroke={ink} strokeWidth="2" /> : null}
            {kind === "horizontal" ? <path d="M0,2 h8 M0,6 h8" stroke={ink} strokeWidth="2" /> : null}
            {kind === "checker" ? (
              <>
                <rect width="4" height="4" fill={ink} />
                <rect x="4" y="4" width="4" height="4" fill={ink} />
              </>
            ) : null}
          </pattern>
        );
      })}
    </defs>
  );
}

function percent(value: number, total: number): string {
  return total === 0 ? "0%" : `${Math.round((value / total) * 100)}%`;
}

/** The figures as a list of links: what assistive technology and keyboard users read. */
function FigureList({ items, total, showPercent, testId, swatches }: { items: ChartItem[]; total: number; showPercent: boolean; testId: string; swatches?: string }) {
  return (
    <ul className="mt-2 space-y-1 text-sm" data-testid={`${testId}-figures`}>
      {items.map((item, i) => {
        const text = (
          <>
            {swatches ? (
              <svg viewBox="0 0 14 14" width="14" height="14" className="mr-1 inline-block align-[-2px]" aria-hidden="true" focusable="false">
                <rect x="0.5" y="0.5" width="13" height="13" fill={`url(#${swatches}-p${i})`} stroke="#0f172a" />
              </svg>
            ) : null}
            <span className="font-semibold tabular-nums">{item.value}</span> {item.label}
            {showPercent ? <span className="text-slate-700"> ({percent(item.value, total)})</span> : null}
            {item.note ? <span className="text-slate-700"> · {item.note}</span> : null}
          </>
        );
        return <li key={item.key}>{item.href ? <Link to={item.href}>{text}</Link> : text}</li>;
      })}
    </ul>
  );
}

/** Horizontal bars; `max` fixes the scale (e.g. 100 for scores), otherwise the largest value. */
export function BarChart({ id, title, items, max, unit = "", showPercent = true }: { id: string; title: string; items: ChartItem[]; max?: number; unit?: string; showPercent?: boolean }) {
  const total = items.reduce((n, i) => n + i.value, 0);
  const top = max ?? Math.max(1, ...items.map((i) => i.value));
  const rowHeight = 26;
  // Wide enough for the longest section title at 12 px; longer labels are shortened with an
  // ellipsis (the full label stays in the table beside the chart).
  const labelWidth = 250;
  const barWidth = 260;
  const height = items.length * rowHeight + 4;
  return (
    <figure className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${labelWidth + barWidth + 90} ${height}`} width="100%" className="mt-2 max-w-xl" aria-hidden="true" focusable="false">
        <PatternDefs id={id} count={items.length} />
        {items.map((item, i) => {
          const y = i * rowHeight + 2;
          const w = Math.max(item.value > 0 ? 2 : 0, Math.round((item.value / top) * barWidth));
          return (
            <g key={item.key}>
              <text x={labelWidth - 6} y={y + 16} textAnchor="end" fontSize="12" fill="#0f172a">
                {item.label.length > 36 ? `${item.label.slice(0, 35)}…` : item.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 8} fill="#f1f5f9" stroke="#cbd5e1" />
              <rect x={labelWidth} y={y + 3} width={w} height={rowHeight - 8} fill={`url(#${id}-p${i})`} stroke="#0f172a" strokeWidth={w > 0 ? 1 : 0} />
              <text x={labelWidth + barWidth + 6} y={y + 16} fontSize="12" fill="#0f172a" fontWeight="600">
                {`${item.value}${unit}`}
                {showPercent ? ` (${percent(item.value, total)})` : ""}
              </text>
            </g>
          );
        })}
      </svg>
      <FigureList items={items} total={total} showPercent={showPercent} testId={id} />
    </figure>
  );
}

/** A donut of parts of a whole, each segment patterned, with the legend and numbers beside it. */
export function DonutChart({ id, title, items, centre }: { id: string; title: string; items: ChartItem[]; centre?: string }) {
  const total = items.reduce((n, i) => n + i.value, 0);
  const r = 52;
  const circumference = 2 * Math.PI * r;
  let offset = 0;
  return (
    <figure className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      <div className="mt-2 flex flex-wrap items-center gap-6">
        <svg viewBox="0 0 140 140" width="140" height="140" aria-hidden="true" focusable="false">
          <PatternDefs id={id} count={items.length} />
          <circle cx="70" cy="70" r={r} fill="none" stroke="#e2e8f0" strokeWidth="24" />
          {items.map((item, i) => {
            if (item.value === 0 || total === 0) return null;
            const length = (item.value / total) * circumference;
            const segment = (
              <circle
                key={item.key}
                cx="70"
                cy="70"
                r={r}
                fill="none"
                stroke={`url(#${id}-p${i})`}
                strokeWidth="24"
                strokeDasharray={`${length} ${circumference - length}`}
                strokeDashoffset={-offset}
                transform="rotate(-90 70 70)"
              />
            );
            offset += length;
            return segment;
          })}
          <text x="70" y="76" textAnchor="middle" fontSize="18" fontWeight="700" fill="#0f172a">
            {centre ?? String(total)}
          </text>
        </svg>
        <FigureList items={items} total={total} showPercent testId={id} swatches={id} />
      </div>
    </figure>
  );
}

/** A single headline number with its link. */
export function Figure({ id, label, value, href, note }: { id: string; label: string; value: number | string; href?: string; note?: string }) {
  const body = (
    <>
      <span className="block text-3xl font-semibold tabular-nums">{value}</span>
      <span className="block text-sm text-slate-800">{label}</span>
      {note ? <span className="block text-xs text-slate-700">{note}</span> : null}
    </>
  );
  return (
    <div className="card" data-testid={id}>
      {href ? (
        <Link to={href} className="no-underline hover:underline">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}
