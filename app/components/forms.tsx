// The one form pattern: labelled fields whose errors are tied to them (aria-invalid,
// aria-describedby) in a reserved space, so the submit button never moves (TOOLCHAIN G10).
import { useId } from "react";
import { catalogues, translate, type Lang, type MessageKey } from "~/i18n";
import { useLang } from "./i18n";

/** Errors are i18n keys (from schemas) or already-translated sentences (from actions). */
export function messageText(lang: Lang, message: string): string {
  return message in catalogues.en ? translate(lang, message as MessageKey) : message;
}

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const lang = useLang();
  const list = (errors ?? []).filter(Boolean);
  return (
    <div id={id} className="min-h-[1.5rem] pt-1 text-sm text-red-800" aria-live="polite">
      {list.length > 0 ? (
        <ul>
          {list.map((e) => (
            <li key={e}>{messageText(lang, e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Field({
  label,
  help,
  errors,
  inputProps,
}: {
  label: string;
  help?: string;
  errors?: string[] | null;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { name: string };
}) {
  const fallbackId = useId();
  const id = inputProps.id ?? fallbackId;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const invalid = Boolean(errors?.length);
  const describedBy = [help ? helpId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-2">
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-900">
        {label}
      </label>
      {help ? (
        <p id={helpId} className="mb-1 text-sm text-slate-700">
          {help}
        </p>
      ) : null}
      <input id={id} className="input" aria-invalid={invalid || undefined} aria-describedby={describedBy} {...inputProps} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  const lang = useLang();
  const list = (errors ?? []).filter(Boolean);
  if (list.length === 0) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
      {list.map((e) => (
        <p key={e}>{messageText(lang, e)}</p>
      ))}
    </div>
  );
}
