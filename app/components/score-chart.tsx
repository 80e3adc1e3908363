// A server-rendered SVG bar chart of scores out of 100, readable without colour: every bar has its
// label and its number (and, when given, its band in words) written beside it, the band
// thresholds are drawn as labelled lines, and the same figures are repeated in a list for screen
// readers. Reusable by the dashboard (average section scores) and the review screen.
import { useId } from "react";

export type ScoreChartItem = {
  key: string;
  label: string;
  /** 0–100, or null when there is nothing to score (drawn as an empty bar marked "—"). */
  value: number | null;
  /** Words shown after the number, e.g. the band ("adequate"). */
  note?: string | null;
  /** Band name for the fill; colour only repeats what the text says. */
  band?: "strong" | "adequate" | "weak" | "poor" | null;
};

const FILL: Record<string, string> = { strong: "#166534", adequate: "#1d4ed8", weak: "#b45309", poor: "#b91c1c" };
// Patterns make bands distinguishable in greyscale as well.
const PATTERN: Record<string, string | null> = { strong: null, adequate: "diag", weak: "dots", poor: "cross" };

export function ScoreChart({ items, caption, max = 100, thresholds = [40, 60, 80] }: { items: ScoreChartItem[]; caption: string; max?: number; thresholds?: number[] }) {
  const id = useId().replace(/:/g, "");
  const labelWidth = 280;
  const barWidth = 300;
  const valueWidth = 170;
  const rowHeight = 28;
  const top = 18;
  const width = labelWidth + barWidth + valueWidth;
  const height = top + items.length * rowHeight + 6;
  const x = (v: number) => labelWidth + (Math.max(0, Math.min(max, v)) / max) * barWidth;
  const text = (item: ScoreChartItem) => `${item.value === null ? "—" : item.value.toFixed(1)}${item.note ? ` · ${item.note}` : ""}`;
  return (
    <figure className="mt-2" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-caption`} className="max-w-[750px] text-slate-900">
        <defs>
          <pattern id={`${id}-diag`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="white" strokeWidth="2" strokeOpacity="0.6" />
          </pattern>
          <pattern id={`${id}-dots`} width="6" height="6" patternUnits="userSpaceOnUse">
            <circle cx="3" cy="3" r="1.3" fill="white" fillOpacity="0.7" />
          </pattern>
          <pattern id={`${id}-cross`} width="6" height="6" patternUnits="userSpaceOnUse">
            <path d="M0 0L6 6M6 0L0 6" stroke="white" strokeWidth="1.2" strokeOpacity="0.7" />
          </pattern>
        </defs>
        {thresholds.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top - 4} y2={height - 4} stroke="#64748b" strokeDasharray="3 3" />
            <text x={x(t)} y={top - 7} fontSize="10" textAnchor="middle" fill="#334155">
              {t}
            </text>
          </g>
        ))}
        <line x1={labelWidth} x2={labelWidth} y1={top - 4} y2={height - 4} stroke="#334155" />
        {items.map((item, i) => {
          const y = top + i * rowHeight;
          const w = item.value === null ? 0 : x(item.value) - labelWidth;
          const fill = item.band ? (FILL[item.band] ?? "#475569") : "#475569";
          const pattern = item.band ? PATTERN[item.band] : null;
          return (
            <g key={item.key}>
              <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} fontSize="12" textAnchor="end" fill="currentColor">
                {item.label.length > 36 ? `${item.label.slice(0, 35)}…` : item.label}
              </text>
              <rect x={labelWidth} y={y + 5} width={barWidth} height={rowHeight - 10} fill="#f1f5f9" />
              <rect x={labelWidth} y={y + 5} width={w} height={rowHeight - 10} fill={fill} />
              {pattern ? <rect x={labelWidth} y={y + 5} width={w} height={rowHeight - 10} fill={`url(#${id}-${pattern})`} /> : null}
              <text x={labelWidth + barWidth + 8} y={y + rowHeight / 2 + 4} fontSize="12" fill="currentColor">
                {text(item)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`} className="mt-1 text-sm text-slate-700">
        {caption}
      </figcaption>
      <ul className="sr-only">
        {items.map((item) => (
          <li key={item.key}>
            {item.label}: {text(item)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
