// npm run audit:verify — walks every audit chain: sequence, previous hash, hash, the HMAC of each
// keyed event under AUDIT_HMAC_KEY, and the keyed checkpoints in the database and in
// DATA_DIR/audit-checkpoints.jsonl (a chain that ends before a checkpoint lost its tail).
// Exits 1 naming the first broken event, or the first missing one; 2 on a configuration error.
// Reads only: it never writes the database or the checkpoint file (ADR 003).
import { envOrExit } from "./env-or-exit";

envOrExit(2);
const { reads, closeDb } = await import("../app/db.server");
const { verifyAuditLog } = await import("../app/repositories/audit-events.server");

const verdict = await verifyAuditLog(reads());
let broken = false;
if (verdict.file.problem) {
  broken = true;
  process.stdout.write(`BROKEN  checkpoint file ${verdict.file.path}: ${verdict.file.problem}\n`);
}
for (const chain of verdict.chains) {
  if (broken) break;
  if (chain.ok) {
    process.stdout.write(`ok      ${chain.chain}: ${chain.count} events\n`);
  } else {
    broken = true;
    process.stdout.write(`BROKEN  ${chain.chain}: event #${chain.brokenSeq} (${chain.brokenEventId || "missing"}): ${chain.problem}\n`);
  }
}
if (!broken) process.stdout.write(`ok      checkpoint file ${verdict.file.path}: ${verdict.file.checkpoints} checkpoints\n`);
await closeDb();
process.exit(broken ? 1 : 0);
