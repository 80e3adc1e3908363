// The SQL that differs between SQLite and PostgreSQL, in one place (docs/decisions/008-two-dialects.md).
// Everything else the repositories write is portable: drizzle's builders, `count()` or
// `.mapWith(Number)` for counts (PostgreSQL returns bigint as text), double-quoted camelCase
// aliases, ids compared byte-wise (COLLATE "C" on PostgreSQL, BINARY on SQLite).
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { currentDialect } from "~/db.server";

/** `column` is one of `values`, passed as one parameter (an id list can be longer than the parameter limit). */
export function inTextList(column: AnyColumn | SQL, values: readonly string[]): SQL {
  if (currentDialect() === "pg") return sql`${column} = any(${sql.param([...values])}::text[])`;
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * For each client, the red flags [code, severity] and section scores [key, score] of its latest
 * result created at or after `since`, as JSON text: one parse of each result in the database,
 * only the small digests leave it.
 */
export function latestResultDigestsQuery(tables: { results: unknown; assessments: unknown }, institutionId: string, since: string): SQL {
  const ranked = sql`
    with ranked as (
      select r.id as id, a.client_id as client_id, r.created_at as created_at,
        row_number() over (partition by a.client_id order by r.created_at desc, r.id desc) as rn
      from ${tables.results} r
      join ${tables.assessments} a on a.id = r.assessment_id and a.institution_id = r.institution_id
      where r.institution_id = ${institutionId} and r.created_at >= ${since}
    )`;
  if (currentDialect() === "pg") {
    return sql`${ranked}
    select ranked.id as "resultId", ranked.client_id as "clientId", ranked.created_at as "createdAt",
      coalesce((select json_agg(json_build_array(f->>'code', f->>'severity'))::text from jsonb_array_elements(coalesce(r.result->'redFlags', '[]'::jsonb)) f), '[]') as flags,
      coalesce((select json_agg(json_build_array(x->>'key', (x->'score')))::text from jsonb_array_elements(coalesce(r.result->'sections', '[]'::jsonb)) x), '[]') as sections
    from ranked join ${tables.results} r on r.id = ranked.id
    where ranked.rn = 1`;
  }
  return sql`${ranked}
    select ranked.id as "resultId", ranked.client_id as "clientId", ranked.created_at as "createdAt",
      coalesce((select json_group_array(json_array(json_extract(f.value, '$.code'), json_extract(f.value, '$.severity'))) from json_each(r.result, '$.redFlags') f), '[]') as flags,
      coalesce((select json_group_array(json_array(json_extract(x.value, '$.key'), json_extract(x.value, '$.score'))) from json_each(r.result, '$.sections') x), '[]') as sections
    from ranked join ${tables.results} r on r.id = ranked.id
    where ranked.rn = 1`;
}

/** Pairs (answer set row alias `a`, document id) of the evidence every submitted answer names: a join fragment. */
export function answerEvidenceJoin(): SQL {
  if (currentDialect() === "pg") {
    return sql`join lateral jsonb_each(a.answers) q(key, value) on jsonb_typeof(q.value) = 'object'
      join lateral jsonb_array_elements_text(coalesce(q.value->'evidence', '[]'::jsonb)) e(value) on e.value = d.id`;
  }
  return sql`join json_each(a.answers) q on q.type = 'object'
      join json_each(q.value, '$.evidence') e on e.value = d.id`;
}

/**
 * The row lock a job's claim takes on the rows it picks (docs/decisions/014-job-claims.md):
 * PostgreSQL skips rows another instance is claiming at this moment; SQLite has one writer at a
 * time, so its conditional claim needs no lock clause.
 */
export function skipLockedRows(): SQL {
  return currentDialect() === "pg" ? sql`for update skip locked` : sql``;
}
