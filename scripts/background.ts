// Work the server runs in-process besides answering requests: the outbox sender (when SMTP_URL
// is set) and the reminder/expiry/gate jobs (every 15 minutes). Webhook delivery registers here too.
import { startOutboxSender } from "../app/services/outbox.server";
import { startReminderJobs } from "../app/services/reminders.server";

export function startBackgroundWork(): () => void {
  const stops = [startOutboxSender(), startReminderJobs()].filter((s): s is () => void => Boolean(s));
  return () => stops.forEach((stop) => stop());
}
