// The outbox sender (issue 3): pending mail is delivered through a transport; failures are retried
// with exponential backoff and give up after MAX_DELIVERY_ATTEMPTS.
import { eq } from "drizzle-orm";
import { outbox } from "../../db/tables";
import { write } from "~/db.server";
import { deliverDueEmails, enqueueEmail, MAX_DELIVERY_ATTEMPTS, retryDelayMs, type MailTransport } from "~/services/outbox.server";
import { createInstitution, db } from "../helpers/factories";

const T0 = new Date("2026-03-02T09:00:00.000Z");

type Message = Parameters<MailTransport["sendMail"]>[0];

function recordingTransport(fail: (m: Message) => string | null = () => null) {
  const sent: Message[] = [];
  const transport: MailTransport = {
    sendMail(message) {
      const problem = fail(message);
      if (problem) return Promise.reject(new Error(problem));
      sent.push(message);
      return Promise.resolve({ messageId: `<${sent.length}@test>` });
    },
  };
  return { transport, sent };
}

async function enqueue(institutionId: string, to: string, now = T0): Promise<string> {
  return await write({ institutionId: institutionId }, async (tx) => enqueueEmail({ institutionId, kind: "test", to, subject: `Hello ${to}`, body: `Body for ${to}`, language: "en", now }, tx));
}

async function row(id: string) {
  return (await db().select().from(outbox).where(eq(outbox.id, id)).limit(1))[0]!;
}

let inst: string;

beforeEach(async () => {
  // deliverDueEmails works across institutions; start each test from an empty outbox.
  await db().delete(outbox);
  inst = await createInstitution();
});

describe("deliverDueEmails", () => {
  it("sends due mail through the transport and marks it sent", async () => {
    const a = await enqueue(inst, "a@example.test");
    const b = await enqueue(inst, "b@example.test");
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails(transport, T0, "Bank <no-reply@bank.test>")).toEqual({ sent: 2, failed: 0 });
    expect(sent).toEqual(
      expect.arrayContaining([
        { from: "Bank <no-reply@bank.test>", to: "a@example.test", subject: "Hello a@example.test", text: "Body for a@example.test" },
        { from: "Bank <no-reply@bank.test>", to: "b@example.test", subject: "Hello b@example.test", text: "Body for b@example.test" },
      ]),
    );
    for (const id of [a, b]) expect(await row(id)).toMatchObject({ status: "sent", sentAt: T0.toISOString(), attempts: 1, lastError: null });
    expect(await deliverDueEmails(transport, new Date(T0.getTime() + 3600_000))).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(2);
  });

  it("leaves mail that is not due yet", async () => {
    const later = await enqueue(inst, "later@example.test", new Date(T0.getTime() + 60_000));
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails(transport, T0)).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(0);
    expect((await row(later)).status).toBe("pending");
  });

  it("records a failure, counts the attempt and schedules a retry by the backoff", async () => {
    const id = await enqueue(inst, "down@example.test");
    const { transport } = recordingTransport(() => "connect ECONNREFUSED 127.0.0.1:25");
    expect(await deliverDueEmails(transport, T0)).toEqual({ sent: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, lastError: "connect ECONNREFUSED 127.0.0.1:25", sentAt: null });
    expect((await row(id)).nextAttemptAt).toBe(new Date(T0.getTime() + retryDelayMs(1)).toISOString());
    expect(retryDelayMs(1)).toBe(60_000);

    // Not retried before its time, then retried with a doubled delay.
    expect(await deliverDueEmails(transport, new Date(T0.getTime() + 59_999))).toEqual({ sent: 0, failed: 0 });
    const second = new Date(T0.getTime() + 60_000);
    expect(await deliverDueEmails(transport, second)).toEqual({ sent: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ attempts: 2, status: "pending" });
    expect((await row(id)).nextAttemptAt).toBe(new Date(second.getTime() + 120_000).toISOString());
  });

  it("succeeds on a retry after a failure", async () => {
    const id = await enqueue(inst, "flaky@example.test");
    let calls = 0;
    const { transport, sent } = recordingTransport(() => (++calls === 1 ? "421 try again later" : null));
    await deliverDueEmails(transport, T0);
    const retryAt = new Date((await row(id)).nextAttemptAt);
    expect(await deliverDueEmails(transport, retryAt)).toEqual({ sent: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null, sentAt: retryAt.toISOString() });
    expect(sent).toHaveLength(1);
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts and marks the mail failed`, async () => {
    const id = await enqueue(inst, "gone@example.test");
    let attempts = 0;
    const { transport } = recordingTransport(() => {
      attempts += 1;
      return "550 mailbox unavailable";
    });
    let now = T0;
    for (let i = 1; i <= MAX_DELIVERY_ATTEMPTS; i++) {
      expect(await deliverDueEmails(transport, now)).toEqual({ sent: 0, failed: 1 });
      const current = await row(id);
      expect(current.attempts).toBe(i);
      if (i < MAX_DELIVERY_ATTEMPTS) {
        expect(current.status).toBe("pending");
        expect(new Date(current.nextAttemptAt).getTime() - now.getTime()).toBe(retryDelayMs(i));
        now = new Date(current.nextAttemptAt);
      }
    }
    expect(await row(id)).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastError: "550 mailbox unavailable" });
    expect(await deliverDueEmails(transport, new Date(now.getTime() + 365 * 24 * 3600_000))).toEqual({ sent: 0, failed: 0 });
    expect(attempts).toBe(MAX_DELIVERY_ATTEMPTS);
  });

  it("delivers the others when one recipient fails", async () => {
    const good = await enqueue(inst, "good@example.test");
    const bad = await enqueue(await createInstitution("Banco Dos"), "bad@example.test");
    const { transport, sent } = recordingTransport((m) => (m.to === "bad@example.test" ? "550 no such user" : null));
    expect(await deliverDueEmails(transport, T0)).toEqual({ sent: 1, failed: 1 });
    expect(sent.map((m) => m.to)).toEqual(["good@example.test"]);
    expect((await row(good)).status).toBe("sent");
    expect(await row(bad)).toMatchObject({ status: "pending", attempts: 1 });
  });
});
