import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { openApiDocument } from "~/api/openapi.server";
import { at, type ApiUiKey } from "~/i18n/api";

type Schema = Record<string, unknown>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** A readable, indented outline of a JSON schema: fields, types, enums, required marks, notes. */
function outline(schema: unknown, depth = 0): string {
  if (!schema || typeof schema !== "object") return "any";
  const s = schema as Schema;
  const pad = "  ".repeat(depth);
  if (typeof s.$ref === "string") return `${s.$ref.split("/").pop()} (see Schemas)`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(" | ")}`;
  if ("const" in s) return JSON.stringify(s.const);
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    if (Array.isArray(s[key])) return (s[key] as unknown[]).map((x) => outline(x, depth)).join(key === "allOf" ? " & " : " | ");
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).join(" | ") : (s.type as string | undefined);
  if (type === "array" || s.items) return `array of ${outline(s.items, depth)}`;
  if (type === "object" || s.properties) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    const lines = Object.entries(properties).map(([name, value]) => {
      const description = (value as Schema | undefined)?.description;
      return `${pad}  ${name}${required.has(name) ? "" : "?"}: ${outline(value, depth + 1)}${typeof description === "string" ? `  — ${description}` : ""}`;
    });
    if (s.additionalProperties && typeof s.additionalProperties === "object") lines.push(`${pad}  [key]: ${outline(s.additionalProperties, depth + 1)}`);
    if (s.additionalProperties === false) lines.push(`${pad}  (no other fields)`);
    return lines.length === 0 ? "object" : `{\n${lines.join("\n")}\n${pad}}`;
  }
  const limits = [s.format ? `format ${String(s.format)}` : null, s.pattern ? `pattern ${String(s.pattern)}` : null, s.minimum !== undefined ? `≥ ${String(s.minimum)}` : null, s.maximum !== undefined ? `≤ ${String(s.maximum)}` : null, s.maxLength !== undefined ? `≤ ${String(s.maxLength)} chars` : null]
    .filter(Boolean)
    .join(", ");
  return `${type ?? "any"}${limits ? ` (${limits})` : ""}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Schema)[m]).map((method) => {
      const op = (item as Record<string, Schema>)[method]!;
      const security = (op.security as Array<Record<string, unknown>> | undefined) ?? [];
      const body = (op.requestBody as Schema | undefined)?.content as Record<string, { schema?: unknown }> | undefined;
      return {
        id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-"),
        method: method.toUpperCase(),
        path,
        summary: (op.summary as string | undefined) ?? "",
        auth: (security.length === 0 ? "none" : Object.keys(security[0] ?? {})[0] === "respondentToken" ? "respondentToken" : "apiKey") as "none" | "apiKey" | "respondentToken",
        parameters: ((op.parameters as Schema[] | undefined) ?? []).map((p) => ({ name: String(p.name), in: String(p.in), required: Boolean(p.required), schema: outline(p.schema), description: typeof p.description === "string" ? p.description : "" })),
        requestBody: body ? Object.entries(body).map(([mediaType, content]) => ({ mediaType, schema: outline(content.schema) })) : [],
        responses: Object.entries((op.responses ?? {}) as Record<string, Schema>).map(([status, r]) => {
          const content = r.content as Record<string, { schema?: unknown }> | undefined;
          const first = content ? Object.entries(content)[0] : undefined;
          return { status, description: String(r.description ?? ""), mediaType: first?.[0] ?? null, schema: first ? outline(first[1].schema) : null };
        }),
      };
    }),
  );
  const schemas = Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => ({ name, schema: outline(schema) }));
  return { title: document.info.title, description: document.info.description ?? "", operations, schemas };
}

export default function ApiDocsPage() {
  const { title, description, operations, schemas } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: ApiUiKey, vars?: Record<string, string | number>) => at(lang, key, vars);
  return (
    <div>
      <h1>{t("docs.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("docs.intro", { url: "/api/v1/openapi.json" })}</p>
      <p className="mt-2 max-w-3xl text-sm">
        <strong>{title}</strong>: {description}
      </p>
      <nav aria-labelledby="docs-contents" className="card mt-6">
        <h2 id="docs-contents">{t("docs.contents")}</h2>
        <ul className="mt-2 space-y-1 font-mono text-sm">
          {operations.map((op) => (
            <li key={op.id}>
              <a href={`#${op.id}`}>
                {op.method} {op.path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map((op) => (
        <section key={op.id} id={op.id} aria-labelledby={`${op.id}-h`} className="card mt-6">
          <h2 id={`${op.id}-h`} className="font-mono">
            {op.method} {op.path}
          </h2>
          <p className="mt-1">{op.summary}</p>
          <p className="mt-1 text-sm text-slate-700">{t(`docs.auth.${op.auth}`)}</p>
          {op.parameters.length > 0 ? (
            <>
              <h3 className="mt-4">{t("docs.parameters")}</h3>
              <table className="table mt-2">
                <thead>
                  <tr>
                    <th scope="col">{t("docs.param.name")}</th>
                    <th scope="col">{t("docs.param.in")}</th>
                    <th scope="col">{t("docs.param.required")}</th>
                    <th scope="col">{t("docs.param.schema")}</th>
                  </tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`}>
                      <td className="font-mono">{p.name}</td>
                      <td>{p.in}</td>
                      <td>{p.required ? "✓" : ""}</td>
                      <td>
                        <code>{p.schema}</code>
                        {p.description ? <p className="text-sm text-slate-700">{p.description}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {op.requestBody.map((b) => (
            <div key={b.mediaType}>
              <h3 className="mt-4">
                {t("docs.requestBody")} <span className="font-mono text-sm">({b.mediaType})</span>
              </h3>
              <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">{b.schema}</pre>
            </div>
          ))}
          <h3 className="mt-4">{t("docs.responses")}</h3>
          <dl className="mt-2 space-y-2">
            {op.responses.map((r) => (
              <div key={r.status}>
                <dt className="font-mono font-semibold">
                  {r.status} <span className="font-sans font-normal">{r.description}</span>
                </dt>
                {r.schema && r.status.startsWith("2") ? (
                  <dd>
                    <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">
                      {r.mediaType}: {r.schema}
                    </pre>
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
        </section>
      ))}
      <section aria-labelledby="schemas-h" className="mt-8">
        <h2 id="schemas-h">{t("docs.schemas")}</h2>
        {schemas.map((s) => (
          <div key={s.name} id={`schema-${s.name}`} className="card mt-4">
            <h3 className="font-mono">{s.name}</h3>
            <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">{s.schema}</pre>
          </div>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
