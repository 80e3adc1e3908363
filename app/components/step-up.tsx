// The password re-entered in the same post as a sensitive action ("approval at the moment of
// decision"): approving a decision, revoking an attestation, creating an API key, rotating the
// signing key, granting roles. For a staff member with an authenticator app, its current code
// instead (issue 19). The form around it names the action (its legend or heading); this adds the
// field, tied to its error, and the cancel link. Works without JavaScript.
import { Link, useRouteLoaderData } from "@remix-run/react";
import { Field } from "./forms";
import { useT } from "./i18n";

export function StepUpPassword({ id, errors }: { id: string; errors?: string[] | null }) {
  const t = useT();
  const layout = useRouteLoaderData("routes/app+/_layout") as { staff?: { secondFactor?: string | null } } | undefined;
  if (layout?.staff?.secondFactor === "totp") {
    return (
      <Field
        label={t("stepUp.code")}
        help={t("stepUp.codeHelp")}
        errors={errors}
        inputProps={{ id, name: "code", type: "text", inputMode: "numeric", autoComplete: "one-time-code", pattern: "[0-9 ]*", maxLength: 7 }}
      />
    );
  }
  return (
    <Field
      label={t("stepUp.password")}
      help={t("stepUp.help")}
      errors={errors}
      inputProps={{ id, name: "password", type: "password", autoComplete: "current-password", maxLength: 1024 }}
    />
  );
}

/** The action's submit button (named, e.g. "Revoke attestation") beside the cancel link. */
export function StepUpActions({ label, cancelTo, danger, intent, className = "" }: { label: string; cancelTo: string; danger?: boolean; intent?: string; className?: string }) {
  const t = useT();
  return (
    <div className={`flex gap-4 ${className}`.trim()}>
      <button type="submit" className={danger ? "btn-danger" : "btn"} {...(intent ? { name: "intent", value: intent } : {})}>
        {label}
      </button>
      <Link to={cancelTo} className="self-center underline">
        {t("stepUp.cancel")}
      </Link>
    </div>
  );
}
