// Work the server runs in-process besides answering requests: the outbox sender (when SMTP_URL
// is set). Later job runners register here.
import { startOutboxSender } from "../app/services/outbox.server";

export function startBackgroundWork(): () => void {
  const stops = [startOutboxSender()].filter((s): s is () => void => Boolean(s));
  return () => stops.forEach((stop) => stop());
}
