// Outgoing e-mail: written to the outbox table in the transaction of the change that caused it;
// a sender delivers pending messages over SMTP (when SMTP_URL is set) with exponential backoff.
// A message that carries a secret link (a respondent's or a staff invitation's) is stored twice:
// `body` with the link masked, which is all that staff ever see, and `sealedBody`, the real
// message encrypted under the app's key, which only delivery (and the demo mailbox) opens.
import nodemailer from "nodemailer";
import { seal, unseal } from "~/api/sealing.server";
import { read, write, type Tx } from "~/db.server";
import { maskSecretLinks } from "~/domain/secret-links";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import type { Lang } from "~/i18n";
import { attachmentNameOf, attachmentOf, type MailAttachmentRef } from "./mail-attachments.server";
import { claimDueOutboxEmails, insertOutboxEmail, recentOutboxEmails, settleOutboxEmail, type OutboxEmail } from "~/repositories/outbox.server";
import { CLAIMANT, leaseUntil } from "./job-claims.server";

export const MAX_DELIVERY_ATTEMPTS = 6;

export async function enqueueEmail(
  input: { institutionId: string; kind: string; to: string; subject: string; body: string; language: Lang; now: Date; attachment?: MailAttachmentRef },
  tx: Tx,
): Promise<string> {
  const id = newId();
  const masked = maskSecretLinks(input.body);
  await insertOutboxEmail(
    {
      id,
      institutionId: input.institutionId,
      kind: input.kind,
      toAddress: input.to,
      subject: input.subject,
      body: masked,
      sealedBody: masked === input.body ? null : seal(input.body, "outbox-body"),
      language: input.language,
      status: "pending",
      attempts: 0,
      nextAttemptAt: input.now.toISOString(),
      createdAt: input.now.toISOString(),
      attachment: input.attachment ?? null,
    },
    tx,
  );
  return id;
}

/** The message as its recipient gets it, secret links included: for delivery only. */
export function deliverableBody(email: Pick<OutboxEmail, "body" | "sealedBody">): string {
  return email.sealedBody ? unseal(email.sealedBody, "outbox-body") : email.body;
}

export type MailTransport = {
  sendMail(message: { from: string; to: string; subject: string; text: string; attachments?: Array<{ filename: string; content: Buffer; contentType: string }> }): Promise<unknown>;
};

export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url);
}

/** Backoff after the n-th failed attempt: 1, 2, 4, 8, 16 minutes. */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, attempts - 1);
}

/**
 * Sends the due messages. Each batch is claimed first (a lease per message, so with several
 * instances each message is sent by one of them; a crashed claimant's lease runs out and another
 * instance retries), then sent outside any transaction, then settled under the same claim.
 */
export async function deliverDueEmails(
  transport: MailTransport,
  now: Date,
  from = "Provenant <no-reply@provenant.local>",
  claimant = CLAIMANT,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const due = await write({ institutionId: null }, (tx) => claimDueOutboxEmails(now.toISOString(), leaseUntil(now), claimant, 50, tx));
    if (due.length === 0) break;
    for (const email of due) {
      try {
        const attachment = await attachmentOf(email);
        await transport.sendMail({ from, to: email.toAddress, subject: email.subject, text: deliverableBody(email), ...(attachment ? { attachments: [{ ...attachment, contentType: "application/pdf" }] } : {}) });
        await write({ institutionId: email.institutionId }, async (tx) => settleOutboxEmail(email.id, claimant, { status: "sent", sentAt: now.toISOString(), attempts: email.attempts + 1, lastError: null }, tx));
        sent += 1;
      } catch (error) {
        const attempts = email.attempts + 1;
        const message = error instanceof Error ? error.message.slice(0, 500) : "delivery failed";
        await write({ institutionId: email.institutionId }, async (tx) =>
          settleOutboxEmail(
            email.id,
            claimant,
            attempts >= MAX_DELIVERY_ATTEMPTS
              ? { status: "failed", attempts, lastError: message }
              : { attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString() },
            tx,
          ),
        );
        failed += 1;
      }
    }
  }
  return { sent, failed };
}

export type DemoMailboxMessage = Pick<OutboxEmail, "id" | "toAddress" | "subject" | "status" | "createdAt"> & { body: string; attachmentName: string | null };

/**
 * The demo mailbox (DEMO_MAILBOX=1 only, never in production): the latest messages of every
 * institution as their recipients get them, so a person can play the client in a demo without a
 * mail server. Returns undefined when the mailbox is off.
 */
export async function demoMailbox(limit = 100): Promise<DemoMailboxMessage[] | undefined> {
  if (!getEnv().demoMailbox) return undefined;
  return (await read((q) => recentOutboxEmails(limit, q))).map((e) => ({
    id: e.id,
    toAddress: e.toAddress,
    subject: e.subject,
    status: e.status,
    createdAt: e.createdAt,
    body: openedOrMasked(e),
    attachmentName: attachmentNameOf(e),
  }));
}

/** A message sealed under another key (SIGNING_KEY_SECRET changed) is shown as staff see it. */
function openedOrMasked(email: OutboxEmail): string {
  try {
    return deliverableBody(email);
  } catch {
    return email.body;
  }
}

/** In-process sender for the server: only runs when SMTP_URL is configured. */
export function startOutboxSender(intervalMs = 30_000): (() => void) | undefined {
  const url = getEnv().smtpUrl;
  if (!url) return undefined;
  const transport = smtpTransport(url);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueEmails(transport, new Date())
      .catch((error: unknown) => console.warn("outbox delivery failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
