import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useT } from "./i18n";

/** Every route's ErrorBoundary: a clear, translated message and never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  // Inside the staff layout the boundary renders within its <main>; elsewhere it is the main.
  const insideLayout = Boolean(useRouteLoaderData("routes/app+/_layout"));
  let title = t("errors.title");
  let body = t("errors.generic.body");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("errors.notFound.title");
      body = t("errors.notFound.body");
    } else if (error.status === 403) {
      title = t("errors.forbidden.title");
      body = t("errors.forbidden.body");
    } else if (error.status === 429) {
      body = t("errors.tooMany");
    } else if (error.status < 500) {
      title = t("errors.badRequest.title");
      if (typeof error.data === "string" && error.data.length < 300) body = error.data;
    }
  }
  const content = (
    <div className="card" role="alert">
      <h1>{title}</h1>
      <p className="mt-3">{body}</p>
      <p className="mt-6">
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </div>
  );
  if (insideLayout) return <div className="mx-auto max-w-2xl">{content}</div>;
  return (
    <main id="main" className="mx-auto max-w-2xl p-8" tabIndex={-1}>
      {content}
    </main>
  );
}
