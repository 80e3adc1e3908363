// Work the server runs in-process besides answering requests: the outbox sender (when SMTP_URL
// is set), the reminder/expiry/gate jobs (every 15 minutes), webhook delivery (every 5 s), the
// audit chain's checkpoints (every minute, ADR 003) and the sweep of stored evidence files no
// document needs any more (every 15 minutes).
import { startAuditCheckpoints } from "../app/services/audit-checkpoints.server";
import { startDocumentSweep } from "../app/services/documents.server";
import { startOutboxSender } from "../app/services/outbox.server";
import { startReminderJobs } from "../app/services/reminders.server";
import { startWebhookSender } from "../app/services/webhooks.server";

export function startBackgroundWork(): () => void {
  const stops = [startOutboxSender(), startReminderJobs(), startWebhookSender(), startAuditCheckpoints(), startDocumentSweep()].filter((s): s is () => void => Boolean(s));
  return () => stops.forEach((stop) => stop());
}
