// The PDF an outbox message carries is named in the row (`attachment`), not copied into it: the
// submission receipt is rebuilt from its insert-only answer set, the attestation read as issued
// (its stored bytes and SHA-256). Built when the message is delivered (SMTP or the demo mailbox).
import { z } from "zod";
import { reads } from "~/db.server";
import { renderReceiptPdf } from "~/pdf/receipt.server";
import { findAttestation } from "~/repositories/attestations.server";

export const MailAttachmentRefSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("submission-receipt"), institutionId: z.string(), assessmentId: z.string(), answerSetId: z.string(), language: z.enum(["en", "es"]), fileName: z.string() }),
  z.object({ type: z.literal("attestation"), institutionId: z.string(), attestationId: z.string(), fileName: z.string() }),
]);
export type MailAttachmentRef = z.infer<typeof MailAttachmentRefSchema>;

export function attachmentNameOf(email: { attachment: unknown }): string | null {
  const ref = MailAttachmentRefSchema.safeParse(email.attachment);
  return ref.success ? ref.data.fileName : null;
}

/** The file of a message, or null when it carries none; throws (delivery retries) when it cannot be built. */
export async function attachmentOf(email: { attachment: unknown }): Promise<{ filename: string; content: Buffer } | null> {
  if (email.attachment === null || email.attachment === undefined) return null;
  const ref = MailAttachmentRefSchema.parse(email.attachment);
  if (ref.type === "attestation") {
    const row = await findAttestation(ref.institutionId, ref.attestationId, reads());
    if (!row) throw new Error("the attestation of this message is missing");
    return { filename: ref.fileName, content: Buffer.from(row.pdf) };
  }
  // Imported here: the submission service itself queues e-mails through the outbox.
  const { receiptOf } = await import("./submission.server");
  const receipt = await receiptOf(ref, ref.language, reads());
  if (!receipt) throw new Error("the answer set of this receipt is missing");
  return { filename: ref.fileName, content: await renderReceiptPdf(receipt) };
}
