// The client profile form shared by /app/clients/new and /app/clients/:clientId/edit, with the
// option lists its loaders compute (country names in the UI language, ISIC divisions, goods,
// the institution's members as possible responsible RMs).
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { CountryPicker } from "~/components/country-picker";
import { useLang } from "~/components/i18n";
import { countryName, goodsList, ISO_COUNTRIES, sectors } from "~/domain/risk/inherent-risk";
import type { Lang } from "~/i18n";
import { ct, goodName, isClientsUiKey } from "~/i18n/clients";
import { CreateClientSchema } from "~/schemas/clients";

export type ClientFormOptions = {
  countries: Array<{ code: string; name: string }>;
  sectors: Array<{ code: string; name: string }>;
  goods: string[];
  members: Array<{ id: string; name: string }>;
};

export function clientFormOptions(lang: Lang, members: Array<{ id: string; name: string; isActive: boolean; roles: string[] }>): ClientFormOptions {
  const collator = new Intl.Collator(lang);
  return {
    countries: ISO_COUNTRIES.map((code) => ({ code, name: countryName(code, lang) })).sort((a, b) => collator.compare(a.name, b.name)),
    sectors: sectors().map((s) => ({ code: s.code, name: `${s.code} · ${s.name[lang]}` })),
    goods: goodsList(),
    members: members.filter((m) => m.isActive && m.roles.includes("rm")).map((m) => ({ id: m.id, name: m.name })),
  };
}

/** Errors are i18n keys of the shared catalogue or of app/i18n/clients.ts; translate the latter here. */
export function errorTexts(lang: Lang, errors: string[] | undefined): string[] | undefined {
  return errors?.map((e) => (isClientsUiKey(e) ? ct(lang, e) : e));
}

/** Conform's initial value of a multi-value field: a list, one string, or nothing. */
function initialList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v !== "");
  return typeof value === "string" && value !== "" ? [value] : [];
}

export type ClientDefaults = {
  name: string;
  country: string;
  sector: string;
  registrationNumber: string;
  contactName: string;
  contactEmail: string;
  sourcingCountries: string[];
  goods: string[];
  rmUserId: string;
};

export function ClientForm({
  options,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  options: ClientFormOptions;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<ClientDefaults>;
  submitLabel: string;
}) {
  const lang = useLang();
  const t = (key: Parameters<typeof ct>[1]) => ct(lang, key);
  const [form, fields] = useForm({
    id: "client",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(CreateClientSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateClientSchema }),
    shouldRevalidate: "onInput",
  });
  const selectError = (name: string) => `${name}-error`;
  return (
    <Form method="post" className="mt-6 max-w-2xl" {...getFormProps(form)}>
      <FormErrors errors={errorTexts(lang, form.errors)} />
      <Field label={t("clients.name")} errors={errorTexts(lang, fields.name.errors)} inputProps={getInputProps(fields.name, { type: "text" })} />
      <div className="mb-2">
        <label htmlFor={fields.country.id} className="mb-1 block text-sm font-medium">
          {t("clients.country")}
        </label>
        <select className="input" {...getSelectProps(fields.country)} aria-describedby={fields.country.errors ? selectError(fields.country.id) : undefined}>
          <option value="">{t("clients.choose")}</option>
          {options.countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} ({c.code})
            </option>
          ))}
        </select>
        <ErrorList id={selectError(fields.country.id)} errors={errorTexts(lang, fields.country.errors)} />
      </div>
      <div className="mb-2">
        <label htmlFor={fields.sector.id} className="mb-1 block text-sm font-medium">
          {t("clients.sector")}
        </label>
        <select className="input" {...getSelectProps(fields.sector)} aria-describedby={fields.sector.errors ? selectError(fields.sector.id) : undefined}>
          <option value="">{t("clients.choose")}</option>
          {options.sectors.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </select>
        <ErrorList id={selectError(fields.sector.id)} errors={errorTexts(lang, fields.sector.errors)} />
      </div>
      <Field
        label={t("clients.registrationNumber")}
        errors={errorTexts(lang, fields.registrationNumber.errors)}
        inputProps={getInputProps(fields.registrationNumber, { type: "text" })}
      />
      <Field label={t("clients.contactName")} errors={errorTexts(lang, fields.contactName.errors)} inputProps={getInputProps(fields.contactName, { type: "text" })} />
      <Field label={t("clients.contactEmail")} errors={errorTexts(lang, fields.contactEmail.errors)} inputProps={getInputProps(fields.contactEmail, { type: "email" })} />
      <div className="mb-2">
        <CountryPicker
          idBase={fields.sourcingCountries.id}
          name={fields.sourcingCountries.name}
          legend={<span className="text-sm">{t("clients.sourcingCountries")}</span>}
          legendId={`${fields.sourcingCountries.id}-legend`}
          help={
            <p id={`${fields.sourcingCountries.id}-help`} className="mb-1 text-sm text-slate-700">
              {t("clients.sourcingCountriesHelp")}
            </p>
          }
          options={options.countries.map((c) => ({ value: c.code, label: c.name }))}
          defaultValues={initialList(fields.sourcingCountries.initialValue)}
          describedBy={`${fields.sourcingCountries.id}-help${fields.sourcingCountries.errors ? ` ${selectError(fields.sourcingCountries.id)}` : ""}`}
          invalid={Boolean(fields.sourcingCountries.errors)}
          lang={lang}
          text={{
            selected: (list) => ct(lang, "clients.countriesSelected", { countries: list }),
            noneSelected: t("clients.countriesNone"),
            filter: t("clients.countriesFilter"),
            remove: (country) => ct(lang, "clients.countriesRemove", { country }),
            noMatch: t("clients.countriesNoMatch"),
          }}
        />
        <ErrorList id={selectError(fields.sourcingCountries.id)} errors={errorTexts(lang, fields.sourcingCountries.errors ?? Object.values(fields.sourcingCountries.allErrors).flat())} />
      </div>
      <fieldset className="mb-2" aria-describedby={fields.goods.errors ? selectError(fields.goods.id) : undefined}>
        <legend className="mb-1 text-sm font-medium">{t("clients.goods")}</legend>
        <div className="grid grid-cols-2 gap-1 sm:grid-cols-3">
          {getCollectionProps(fields.goods, { type: "checkbox", options: options.goods }).map(({ key, ...props }) => (
            <label key={key} className="flex items-center gap-2">
              <input {...props} id={props.id.replace(/\s+/g, "-")} />
              {goodName(lang, props.value)}
            </label>
          ))}
        </div>
        <ErrorList id={selectError(fields.goods.id)} errors={errorTexts(lang, fields.goods.errors ?? Object.values(fields.goods.allErrors).flat())} />
      </fieldset>
      <div className="mb-4">
        <label htmlFor={fields.rmUserId.id} className="mb-1 block text-sm font-medium">
          {t("clients.rm")}
        </label>
        <select className="input" {...getSelectProps(fields.rmUserId)} aria-describedby={fields.rmUserId.errors ? selectError(fields.rmUserId.id) : undefined}>
          <option value="">{t("clients.rmNone")}</option>
          {options.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <ErrorList id={selectError(fields.rmUserId.id)} errors={errorTexts(lang, fields.rmUserId.errors)} />
      </div>
      <button type="submit" className="btn">
        {submitLabel}
      </button>
    </Form>
  );
}
