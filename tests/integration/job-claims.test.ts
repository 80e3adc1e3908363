// Jobs claim their rows before sending (docs/decisions/014-job-claims.md): with several instances
// (here: claimants running at the same time, on the test's engine) each e-mail and each webhook
// delivery is sent exactly once; a claimant that dies holding a claim lets its lease run out and
// another instance sends the message.
import { eq } from "drizzle-orm";
import { outbox, webhookDeliveries } from "../../db/tables";
import { write } from "~/db.server";
import { emitEvent } from "~/services/events.server";
import { CLAIM_LEASE_MS } from "~/services/job-claims.server";
import { deliverDueEmails, enqueueEmail, type MailTransport } from "~/services/outbox.server";
import { type WebhookPoster } from "~/services/webhook-http.server";
import { createWebhook, deliverDueWebhooks } from "~/services/webhooks.server";
import { claimDueOutboxEmails } from "~/repositories/outbox.server";
import { apiBank } from "../helpers/api-factories";
import { createInstitution, db } from "../helpers/factories";

const T0 = new Date("2026-03-02T09:00:00.000Z");

function recorder(sent: string[]): MailTransport {
  return {
    async sendMail(message) {
      // A little latency so that the claimants really overlap.
      await new Promise((resolve) => setTimeout(resolve, 1));
      sent.push(message.to);
      return { messageId: `<${sent.length}@test>` };
    },
  };
}

beforeEach(async () => {
  await db().delete(outbox);
});

describe("claimed delivery", () => {
  it("sends each of 200 e-mails exactly once with two instances delivering at the same time", async () => {
    const inst = await createInstitution();
    await write({ institutionId: inst }, async (tx) => {
      for (let i = 0; i < 200; i++) await enqueueEmail({ institutionId: inst, kind: "test", to: `client-${i}@example.test`, subject: `Message ${i}`, body: "Hello", language: "en", now: T0 }, tx);
    });
    const a: string[] = [];
    const b: string[] = [];
    const [ra, rb] = await Promise.all([deliverDueEmails(recorder(a), T0, undefined, "instance-a"), deliverDueEmails(recorder(b), T0, undefined, "instance-b")]);
    expect(ra.sent + rb.sent).toBe(200);
    expect([...a, ...b].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `client-${i}@example.test`).sort());
    expect(new Set([...a, ...b]).size).toBe(200);
    const rows = await db().select().from(outbox).where(eq(outbox.institutionId, inst));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.claimedBy === null)).toBe(true);
  });

  it("retries a message whose claimant died once its lease has run out, and not before", async () => {
    const inst = await createInstitution();
    await write({ institutionId: inst }, async (tx) => enqueueEmail({ institutionId: inst, kind: "test", to: "orphan@example.test", subject: "Orphan", body: "Hello", language: "en", now: T0 }, tx));
    // The dead instance claimed it and never came back.
    const claimed = await write({ institutionId: null }, (tx) => claimDueOutboxEmails(T0.toISOString(), new Date(T0.getTime() + CLAIM_LEASE_MS).toISOString(), "dead-instance", 50, tx));
    expect(claimed.map((c) => c.toAddress)).toEqual(["orphan@example.test"]);
    const sent: string[] = [];
    expect((await deliverDueEmails(recorder(sent), new Date(T0.getTime() + CLAIM_LEASE_MS - 1000), undefined, "instance-b")).sent).toBe(0);
    expect((await deliverDueEmails(recorder(sent), new Date(T0.getTime() + CLAIM_LEASE_MS + 1000), undefined, "instance-b")).sent).toBe(1);
    expect(sent).toEqual(["orphan@example.test"]);
  });

  it("posts each of 50 webhook deliveries exactly once with two instances delivering at the same time", async () => {
    const bank = await apiBank();
    await createWebhook({ institutionId: bank.institutionId, userId: bank.admin.id }, { url: "https://receiver.example/hook", events: ["decision.approved"] }, T0);
    await write({ institutionId: bank.institutionId }, async (tx) => {
      for (let i = 0; i < 50; i++) await emitEvent({ institutionId: bank.institutionId, event: "decision.approved", data: { decisionId: `d${i}` }, now: T0 }, tx);
    });
    const posted: string[] = [];
    const poster: WebhookPoster = async (post) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      posted.push(post.headers["Provenant-Delivery"]!);
      return { status: 204, excerpt: "" };
    };
    const [ra, rb] = await Promise.all([deliverDueWebhooks(T0, poster, "instance-a"), deliverDueWebhooks(T0, poster, "instance-b")]);
    expect(ra.delivered + rb.delivered).toBe(50);
    expect(posted).toHaveLength(50);
    expect(new Set(posted).size).toBe(50);
    const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.institutionId, bank.institutionId));
    expect(rows.filter((r) => r.status === "delivered")).toHaveLength(50);
  });
});
