// npm run jobs [-- --now 2026-12-01T09:00:00Z] — runs the clock's work on assessments once:
// reminder e-mails (7, 3, 1 days before the due date and on it), expiry past due date plus grace,
// the time-driven gate refresh, and the sweep of stored evidence files that no document needs any
// more (older than the grace period). `--now` injects the clock (for demos and checks).
// Arguments and configuration are checked before the app modules load, so a typo fails fast.
import { parseEnv } from "../app/env.server";

function parseNow(argv: string[]): Date {
  const i = argv.indexOf("--now");
  const inline = argv.find((a) => a.startsWith("--now="));
  const raw = inline ? inline.slice("--now=".length) : i >= 0 ? argv[i + 1] : undefined;
  if (raw === undefined) return new Date();
  const now = new Date(raw);
  if (!/^\d{4}-\d\d-\d\d/.test(raw) || Number.isNaN(now.getTime())) {
    process.stderr.write(`jobs: --now must be an ISO 8601 instant, e.g. 2026-12-01T09:00:00Z (got "${raw}")\n`);
    process.exit(2);
  }
  return now;
}

const now = parseNow(process.argv.slice(2));
try {
  parseEnv(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const { runReminderJobs } = await import("../app/services/reminders.server");
const { sweepUnreferencedDocuments } = await import("../app/services/documents.server");
const { closeDb } = await import("../app/db.server");
const report = await runReminderJobs(now);
const sweep = await sweepUnreferencedDocuments(now);
process.stdout.write(`jobs at ${report.now}\n`);
for (const r of report.reminders) process.stdout.write(`reminder  ${r.kind.padEnd(6)} assessment ${r.assessmentId} (${r.institutionId}): ${r.emails} e-mail(s) queued\n`);
for (const c of report.conditionReminders) process.stdout.write(`condition ${c.stage.padEnd(7)} condition ${c.conditionId} (${c.institutionId}): ${c.emails} e-mail(s) queued\n`);
if (report.conditionReminders.length > 0) process.stdout.write(`${report.conditionReminders.length} condition reminder(s)\n`);
for (const e of report.expired) process.stdout.write(`expired   assessment ${e.assessmentId} (${e.institutionId})\n`);
process.stdout.write(`${report.reminders.length} reminder(s), ${report.expired.length} expired, ${report.gatesChanged} gate(s) changed\n`);
process.stdout.write(
  sweep.shared
    ? "documents: DATA_DIR/documents is shared with another database, nothing deleted (see DATA_DIR/documents/.databases)\n"
    : `documents: ${sweep.deleted.length} unreferenced file(s) deleted, ${sweep.kept} kept, ${sweep.partialFilesDeleted} partial write(s) deleted\n`,
);
await closeDb();
