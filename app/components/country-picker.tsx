// A country list that cannot lose selections (issue 17, walkthrough F07): a native
// `<select multiple>` dropped every other country on a plain click. Here each country is a
// checkbox, so a click changes only that country; the chosen ones are listed above the list
// ("Selected: China, Guatemala, Uzbekistan"). Without JavaScript the list is rendered as saved
// (or as posted) and the whole form posts the ticked boxes. With JavaScript a text filter
// narrows the list (hidden boxes stay in the form, ticked or not) and the selected list follows
// each click, with a button per country to untick it.
import { searchKey } from "~/domain/search-key";
import { useEffect, useId, useState } from "react";

export type CountryOption = { value: string; label: string };

export type CountryPickerText = {
  /** "Selected: {countries}" with the countries filled in. */
  selected: (countries: string) => string;
  noneSelected: string;
  filter: string;
  /** The accessible name of the button that unticks one country. */
  remove: (country: string) => string;
  /** Shown when the filter matches nothing. */
  noMatch: string;
};

export function CountryPicker({
  name,
  legend,
  legendId,
  help,
  options,
  defaultValues,
  describedBy,
  invalid,
  text,
  lang: _lang,
  idBase,
}: {
  name: string;
  legend: React.ReactNode;
  legendId?: string;
  help?: React.ReactNode;
  options: readonly CountryOption[];
  defaultValues: readonly string[];
  describedBy?: string;
  invalid?: boolean;
  text: CountryPickerText;
  lang: string;
  idBase?: string;
}) {
  const generated = useId();
  const base = idBase ?? `cp${generated.replace(/:/g, "")}`;
  const [selected, setSelected] = useState<string[]>(() => [...defaultValues]);
  const [hydrated, setHydrated] = useState(false);
  const [filter, setFilter] = useState("");
  useEffect(() => setHydrated(true), []);
  // The boxes are uncontrolled (so the list works before and without scripts); the selected list
  // follows their change events, never a later server answer, which may lag behind a click.
  const byValue = new Map(options.map((o) => [o.value, o.label]));
  const chosen = options.filter((o) => selected.includes(o.value));
  // The search rule of every list (domain/search-key.ts): "peru" finds "Perú", "cote" "Côte d'Ivoire".
  const needle = searchKey(filter);
  const matches = (o: CountryOption) => needle === "" || searchKey(o.label).includes(needle) || o.value.toLowerCase() === needle;
  const visibleCount = options.filter(matches).length;
  const summaryId = `${base}-selected`;
  const untick = (value: string) => {
    const box = document.getElementById(`${base}-${value}`) as HTMLInputElement | null;
    // A real click, so the form's change handlers (autosave) see it as the person's own.
    if (box?.checked) box.click();
  };
  return (
    <fieldset aria-describedby={[summaryId, describedBy].filter(Boolean).join(" ") || undefined} data-country-picker={name}>
      <legend id={legendId} className="font-medium">
        {legend}
      </legend>
      {help}
      <div id={summaryId} aria-live="polite" className="mt-2 rounded-md border border-slate-300 bg-white p-2 text-sm" data-testid="countries-selected">
        {chosen.length === 0 ? (
          <p>{text.noneSelected}</p>
        ) : (
          <>
            <p className="font-medium">{text.selected(chosen.map((o) => o.label).join(", "))}</p>
            {hydrated ? (
              <ul className="mt-1 flex flex-wrap gap-1" aria-label={text.selected("")}>
                {chosen.map((o) => (
                  <li key={o.value}>
                    <button
                      type="button"
                      className="rounded-full border border-blue-800 bg-blue-50 px-2 py-0.5 text-xs text-blue-900"
                      aria-label={text.remove(o.label)}
                      onClick={() => untick(o.value)}
                    >
                      {o.label} <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </div>
      {hydrated ? (
        <div className="mt-2">
          <label htmlFor={`${base}-filter`} className="block text-sm text-slate-700">
            {text.filter}
          </label>
          <input id={`${base}-filter`} type="search" className="input mt-1 max-w-xs" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
          {visibleCount === 0 ? <p className="mt-1 text-sm text-slate-700">{text.noMatch}</p> : null}
        </div>
      ) : null}
      <div className="mt-2 max-h-64 overflow-y-auto rounded-md border border-slate-400 p-2">
        <ul className="grid grid-cols-1 gap-x-4 sm:grid-cols-2">
          {options.map((o) => (
            <li key={o.value} hidden={!matches(o) || undefined}>
              <label className="flex items-start gap-2 py-0.5">
                <input
                  id={`${base}-${o.value}`}
                  className="mt-1"
                  type="checkbox"
                  name={name}
                  value={o.value}
                  defaultChecked={defaultValues.includes(o.value)}
                  aria-invalid={invalid || undefined}
                  onChange={(e) => {
                    const { checked, value } = e.currentTarget;
                    setSelected((prev) => (checked ? [...prev.filter((v) => v !== value), value] : prev.filter((v) => v !== value)));
                  }}
                />
                <span>{byValue.get(o.value)}</span>
              </label>
            </li>
          ))}
        </ul>
      </div>
    </fieldset>
  );
}
