// Pieces shared by the portfolio list pages: the select of a filter, the form's buttons with the
// count and export links, the pager.
import { Link } from "@remix-run/react";
import { listParams, MAX_EXPORT_ROWS } from "~/domain/portfolio";
import { pt } from "~/i18n/portfolio";
import type { Lang } from "~/i18n";

export function FilterSelect({ name, label, value, options, anyLabel }: { name: string; label: string; value: string | undefined; options: Array<{ value: string; label: string }>; anyLabel: string }) {
  const id = `filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className="input">
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Pager({ base, filters, next, isFirst, lang }: { base: string; filters: Record<string, string | number | undefined>; next: string | null; isFirst: boolean; lang: Lang }) {
  return (
    <nav aria-label="pagination" className="mt-4 flex gap-4">
      {!isFirst ? <Link to={`${base}?${listParams(filters)}`}>{pt(lang, "list.first")}</Link> : null}
      {next ? (
        <Link to={`${base}?${listParams(filters, { after: next })}`} rel="next" data-testid="next-page">
          {pt(lang, "list.next")}
        </Link>
      ) : null}
    </nav>
  );
}

function ExportLinks({ base, filters, lang }: { base: string; filters: Record<string, string | number | undefined>; lang: Lang }) {
  const qs = listParams(filters);
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <a href={`${base}/export?${qs}${qs ? "&" : ""}format=csv`} className="btn-secondary py-1" download data-testid="export-csv">
        {pt(lang, "list.exportCsv")}
      </a>
      <a href={`${base}/export?${qs}${qs ? "&" : ""}format=xlsx`} className="btn-secondary py-1" download data-testid="export-xlsx">
        {pt(lang, "list.exportXlsx")}
      </a>
      <span className="text-slate-700">{pt(lang, "list.exportNote", { max: MAX_EXPORT_ROWS })}</span>
    </div>
  );
}

/** The apply and reset buttons that close a list's filter form (inside its <Form>). */
export function ListActions({ base, lang }: { base: string; lang: Lang }) {
  return (
    <div className="mt-3 flex gap-3">
      <button type="submit" className="btn">
        {pt(lang, "list.apply")}
      </button>
      <Link to={base} className="btn-secondary">
        {pt(lang, "list.reset")}
      </Link>
    </div>
  );
}

/** The filtered list's row count and its export links, under the filter form. */
export function ListSummary({ base, exportBase = base, filters, total, lang }: { base: string; exportBase?: string; filters: Record<string, string | number | undefined>; total: number; lang: Lang }) {
  return (
    <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p role="status" data-testid="list-count">
        {pt(lang, "list.count", { total })}
      </p>
      <ExportLinks base={exportBase} filters={filters} lang={lang} />
    </div>
  );
}
