// npm run audit:verify — walks every audit chain; exits 1 naming the first broken event.
import { parseEnv } from "../app/env.server";
import { openDatabase } from "../db/open";
import { verifyChain, type StoredAuditEvent } from "../app/domain/audit-chain";

const env = parseEnv(process.env);
const sqlite = openDatabase(env.databaseUrl);
const chains = sqlite.prepare("SELECT DISTINCT chain FROM audit_events ORDER BY chain").all() as Array<{ chain: string }>;
let broken = false;
for (const { chain } of chains) {
  const rows = sqlite
    .prepare(
      `SELECT id, chain, seq, institution_id AS institutionId, actor_type AS actorType, actor_id AS actorId, action,
              subject_type AS subjectType, subject_id AS subjectId, before, after, reason, created_at AS createdAt,
              prev_hash AS prevHash, hash
       FROM audit_events WHERE chain = ? ORDER BY seq`,
    )
    .all(chain) as Array<Omit<StoredAuditEvent, "before" | "after"> & { before: string | null; after: string | null }>;
  const events = rows.map((r) => ({ ...r, before: r.before === null ? null : (JSON.parse(r.before) as unknown), after: r.after === null ? null : (JSON.parse(r.after) as unknown) }));
  const verdict = verifyChain(chain, events);
  if (verdict.ok) {
    process.stdout.write(`ok      ${chain}: ${verdict.count} events\n`);
  } else {
    broken = true;
    process.stdout.write(`BROKEN  ${chain}: event #${verdict.brokenSeq} (${verdict.brokenEventId}): ${verdict.problem}\n`);
    break;
  }
}
sqlite.close();
process.exit(broken ? 1 : 0);
