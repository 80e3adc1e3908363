// Another app instance, as a separate process on the same database: opens the gate of one client
// through the Database port (tests/integration/portfolio-cache.test.ts).
//   tsx tests/helpers/other-instance-write.ts <institutionId> <clientId>
import { and, eq } from "drizzle-orm";
import { clients } from "../../db/tables";
import { closeDb, write } from "../../app/db.server";

const [institutionId, clientId] = process.argv.slice(2);
if (!institutionId || !clientId) throw new Error("usage: other-instance-write.ts <institutionId> <clientId>");
await write({ institutionId }, (tx) =>
  tx.update(clients).set({ gate: "open", gateReason: null }).where(and(eq(clients.institutionId, institutionId), eq(clients.id, clientId))),
);
await closeDb();
