// Work the server runs in-process besides answering requests: the outbox sender (when SMTP_URL
// is set), the reminder/expiry/gate jobs (every 15 minutes), webhook delivery (every 5 s) and the
// audit chain's checkpoints (every minute, ADR 003).
import { startAuditCheckpoints } from "../app/services/audit-checkpoints.server";
import { startOutboxSender } from "../app/services/outbox.server";
import { startReminderJobs } from "../app/services/reminders.server";
import { startWebhookSender } from "../app/services/webhooks.server";

export function startBackgroundWork(): () => void {
  const stops = [startOutboxSender(), startReminderJobs(), startWebhookSender(), startAuditCheckpoints()].filter((s): s is () => void => Boolean(s));
  return () => stops.forEach((stop) => stop());
}
