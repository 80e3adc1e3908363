// The start-up backfill of the clients' search columns (issue 14, F08). The columns came with
// migration 0012 (PostgreSQL 0006); a migration is SQL and cannot run the JavaScript normaliser
// (app/domain/search-key.ts: NFD, marks removed, lower case), and neither engine's SQL folds
// accents the same way, so the app fills them itself: every server start (and `npm run demo`,
// `npm run db:migrate`) runs this right after the migrations, before the first request. Rows that
// predate the columns are the only ones with a null name_search (the clients repository writes
// both columns with every name), so the step is idempotent and costs one scan once done. It is a
// derived column, not a business change: no audit event.
import { reads, write } from "~/db.server";
import { clientsWithoutSearchKeys, institutionsMissingSearchKeys, setClientSearchKeys } from "~/repositories/client-search.server";

const BATCH = 500;

/** Fills the search columns of every client that lacks them; returns how many were filled. */
export async function backfillClientSearchKeys(): Promise<number> {
  let filled = 0;
  for (const institutionId of await institutionsMissingSearchKeys(reads())) {
    for (let n = BATCH; n === BATCH; ) {
      n = await write({ institutionId }, async (tx) => {
        const batch = await clientsWithoutSearchKeys(institutionId, BATCH, tx);
        for (const client of batch) await setClientSearchKeys(institutionId, client, tx);
        return batch.length;
      });
      filled += n;
    }
  }
  return filled;
}
