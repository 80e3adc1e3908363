// Which engine a DATABASE_URL names: `postgres://` or `postgresql://` → PostgreSQL, anything else
// (`file:…`, a path, `:memory:`) → SQLite (docs/decisions/008-two-dialects.md).
export type Dialect = "sqlite" | "pg";

export function dialectOfUrl(url: string | undefined): Dialect {
  return url && /^postgres(ql)?:\/\//i.test(url) ? "pg" : "sqlite";
}

/** What names one database in files outside it (the document store's list): a file's absolute path, or a PostgreSQL URL without its credentials. */
export function databaseIdentity(url: string, sqlitePath: (url: string) => string): string {
  if (dialectOfUrl(url) !== "pg") return sqlitePath(url);
  const u = new URL(url);
  return `postgres://${u.host}${u.pathname}`;
}
