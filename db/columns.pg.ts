// PostgreSQL column kinds the generated schema (db/schema.pg.ts) uses beyond drizzle's own.
import { customType } from "drizzle-orm/pg-core";

/**
 * Text compared byte-wise (`COLLATE "C"`), as SQLite compares text: ids (mixed-case base64url)
 * and names sort the same on both engines, keyset cursors and the JS comparisons of ids agree with
 * ORDER BY, and nothing depends on the server's locale. Accent- and case-insensitive search uses
 * explicit normalisation, never the collation.
 */
export const textC = customType<{ data: string; driverData: string; config: { enum?: readonly string[] } }>({
  dataType() {
    return 'text COLLATE "C"';
  },
});

/** Binary content (attestation PDFs): node-postgres returns a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});
