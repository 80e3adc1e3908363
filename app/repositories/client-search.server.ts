// The one client search of every list and of the API (issue 14, F08): the folded query
// (app/domain/search-key.ts) as a substring of the folded name or registration number that the
// clients repository stores beside them. Plain LIKE on both engines: both sides are already
// lower case and accent-free, so neither SQLite's ASCII-only case folding nor PostgreSQL's
// case-sensitive LIKE changes the answer. The (institution_id, name_search) index keeps the scan
// to the institution's entries.
import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { clients } from "../../db/tables";
import type { Reader, Tx } from "~/db.server";
import { optionalSearchKey, searchKey } from "~/domain/search-key";

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Clients whose name or registration number contains `query`, ignoring case and accents; LIKE wildcards typed by the user are literal. */
export function clientMatches(query: string): SQL {
  const pattern = `%${escapeLike(searchKey(query))}%`;
  return or(sql`${clients.nameSearch} like ${pattern} escape '\\'`, sql`${clients.registrationSearch} like ${pattern} escape '\\'`)!;
}

/** The search columns for a client's name and registration number: written with them, always. */
export function clientSearchColumns(values: { name: string; registrationNumber: string | null }) {
  return { nameSearch: searchKey(values.name), registrationSearch: optionalSearchKey(values.registrationNumber) };
}

/** Clients written before the search columns existed (their name_search is null), a batch at a time. */
export async function clientsWithoutSearchKeys(institutionId: string, limit: number, tx: Reader) {
  return await tx
    .select({ id: clients.id, name: clients.name, registrationNumber: clients.registrationNumber })
    .from(clients)
    .where(and(eq(clients.institutionId, institutionId), isNull(clients.nameSearch)))
    .orderBy(asc(clients.id))
    .limit(limit);
}

export async function setClientSearchKeys(institutionId: string, client: { id: string; name: string; registrationNumber: string | null }, tx: Tx): Promise<void> {
  await tx.update(clients).set(clientSearchColumns(client)).where(and(eq(clients.institutionId, institutionId), eq(clients.id, client.id)));
}

/** Institutions that still have a client without search keys. */
export async function institutionsMissingSearchKeys(tx: Reader): Promise<string[]> {
  return (await tx.selectDistinct({ id: clients.institutionId }).from(clients).where(isNull(clients.nameSearch)).orderBy(asc(clients.institutionId))).map((r) => r.id);
}
