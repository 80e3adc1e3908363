// Statements every page view runs are prepared once per connection (see app/db.server.ts). The
// statements are keyed by the handle they run on, so inside a write they run on the write
// connection and see its uncommitted writes; outside it on the read connection.
export { preparedAll, preparedGet, preparedPerConnection } from "~/db.server";
