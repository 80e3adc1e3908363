// Webhooks (issue 9): admins register endpoints and choose events; each endpoint has a secret,
// shown once and kept encrypted (AES-256-GCM under a key derived from SIGNING_KEY_SECRET), since
// signing needs it in clear. Deliveries are queued durably in webhook_deliveries by emitEvent (in
// the transaction of the change) and sent by deliverDueWebhooks: a JSON POST signed
// `Provenant-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, 10 s timeout,
// retried after 1, 2, 4, 8, 16, 32 and 64 minutes (8 attempts), then marked failed. The queue is a
// table, so pending deliveries survive a restart. Targets must be public (M3, issue 13): checked
// at registration and again at delivery on the resolved addresses (./webhook-http.server.ts).
import crypto from "node:crypto";
import { write } from "~/db.server";
import { getEnv } from "~/env.server";
import { seal, unseal } from "~/api/sealing.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { newId, newToken } from "~/ids.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { claimDueDeliveries, findWebhook, insertWebhook, setWebhookActive as setActiveRow, settleDelivery } from "~/repositories/webhook-admin.server";
import { CLAIMANT, leaseUntil } from "./job-claims.server";
import { isAllowedWebhookUrl, SUBSCRIBABLE_EVENTS } from "~/schemas/api/webhooks";
import { emitEvent } from "./events.server";
import { safePoster, type WebhookPoster } from "./webhook-http.server";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const MAX_ATTEMPTS = 8;
export const DELIVERY_TIMEOUT_MS = 10_000;
const BATCH = 50;

type Actor = { institutionId: string; userId: string };

export function encryptSecret(secret: string): string {
  return seal(secret, "webhook-secret");
}

export function decryptSecret(stored: string): string {
  return unseal(stored, "webhook-secret");
}

/** The signature header a receiver checks: recompute the HMAC of "<t>.<raw body>" with the secret. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = crypto.createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** Minutes to wait after the n-th failed attempt (1-based): 1, 2, 4, 8, … */
export function backoffMinutes(failedAttempts: number): number {
  return 2 ** (failedAttempts - 1);
}

export async function createWebhook(actor: Actor, input: { url: string; events: string[] }, now: Date): Promise<{ id: string; secret: string }> {
  if (!isAllowedWebhookUrl(input.url, { allowLoopback: getEnv().webhooksAllowLoopback })) {
    throw new InvalidInputError("Use an https URL of a public server", [{ path: "url", message: "api.error.url" }]);
  }
  const events = [...new Set(input.events)].filter((e) => (SUBSCRIBABLE_EVENTS as readonly string[]).includes(e));
  if (events.length === 0) throw new InvalidInputError("Choose at least one event", [{ path: "events", message: "api.error.events" }]);
  const secret = newToken(WEBHOOK_SECRET_PREFIX);
  const id = newId();
  await write({ institutionId: actor.institutionId }, async (tx) => {
    await insertWebhook({ id, institutionId: actor.institutionId, url: input.url, events, encryptedSecret: encryptSecret(secret), isActive: true, createdBy: actor.userId, createdAt: now.toISOString() }, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "webhook.created", subjectType: "webhook", subjectId: id, after: { url: input.url, events }, now }, tx);
  });
  return { id, secret };
}

export async function setWebhookActive(actor: Actor, id: string, isActive: boolean, now: Date): Promise<void> {
  await write({ institutionId: actor.institutionId }, async (tx) => {
    const row = await findWebhook(actor.institutionId, id, tx);
    if (!row) throw new NotFoundError("Webhook");
    if (row.isActive === isActive) throw new ConflictError(isActive ? "This webhook is already active" : "This webhook is already deactivated");
    await setActiveRow(actor.institutionId, id, isActive, tx);
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: isActive ? "webhook.reactivated" : "webhook.deactivated", subjectType: "webhook", subjectId: id, before: { isActive: row.isActive }, after: { isActive }, now },
      tx,
    );
  });
}

/** Queues a `webhook.test` event to every active endpoint of the institution; returns how many. */
export async function sendTestEvent(actor: Actor, now: Date): Promise<number> {
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const queued = await emitEvent({ institutionId: actor.institutionId, event: "webhook.test", data: { message: "Test event from Provenant" }, now }, tx);
    await appendAuditEvent({ institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "webhook.test-sent", subjectType: "webhook", subjectId: null, after: { deliveries: queued }, now }, tx);
    return queued;
  });
}

export type DeliveryRun = { attempted: number; delivered: number; retrying: number; failed: number };

// One run at a time per claimant in this process (the timer must not overlap itself).
const running = new Set<string>();

/** The poster deliveries use: public targets only, loopback as WEBHOOKS_ALLOW_LOOPBACK says. */
export const defaultPoster: WebhookPoster = safePoster({ allowLoopback: () => getEnv().webhooksAllowLoopback });

/**
 * Sends every pending delivery that is due at `now` (in batches), updating each row with the
 * outcome. `post` is injectable for tests. Runs one batch loop at a time per process.
 */
export async function deliverDueWebhooks(now: Date, post: WebhookPoster = defaultPoster, claimant = CLAIMANT): Promise<DeliveryRun> {
  const run: DeliveryRun = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  if (running.has(claimant)) return run;
  running.add(claimant);
  try {
    // Each batch is claimed first (a lease per delivery: with several instances each delivery is
    // posted by one of them), posted outside any transaction, then settled under the same claim.
    for (;;) {
      const due = await write({ institutionId: null }, (tx) => claimDueDeliveries(now.toISOString(), leaseUntil(now), claimant, BATCH, tx));
      if (due.length === 0) break;
      for (const item of due) {
        run.attempted++;
        const outcome = await attempt(item, now, post, claimant);
        run[outcome]++;
      }
    }
    return run;
  } finally {
    running.delete(claimant);
  }
}

async function attempt(item: Awaited<ReturnType<typeof claimDueDeliveries>>[number], now: Date, post: WebhookPoster, claimant: string): Promise<"delivered" | "retrying" | "failed"> {
  const { delivery } = item;
  const attempts = delivery.attempts + 1;
  if (!item.isActive) {
    await write({ institutionId: delivery.institutionId }, (tx) => settleDelivery(delivery.id, claimant, { status: "failed", attempts: delivery.attempts, lastError: "The endpoint was deactivated" }, tx));
    return "failed";
  }
  let statusCode: number | null = null;
  let excerpt: string | null = null;
  let error: string | null = null;
  try {
    const secret = decryptSecret(item.encryptedSecret);
    const t = Math.floor(now.getTime() / 1000);
    const response = await post({
      url: item.url,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Provenant-Webhooks/1",
        "Provenant-Event": delivery.event,
        "Provenant-Delivery": delivery.id,
        "Provenant-Signature": signatureHeader(secret, t, delivery.payload),
      },
      body: delivery.payload,
    });
    statusCode = response.status;
    excerpt = response.excerpt;
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.name === "TimeoutError" ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : thrown.message).slice(0, 300) : "delivery failed";
  }
  const base = { attempts, lastStatusCode: statusCode, lastResponse: excerpt, lastError: error };
  if (error === null) {
    await write({ institutionId: delivery.institutionId }, (tx) => settleDelivery(delivery.id, claimant, { ...base, status: "delivered", deliveredAt: now.toISOString() }, tx));
    return "delivered";
  }
  if (attempts >= MAX_ATTEMPTS) {
    await write({ institutionId: delivery.institutionId }, (tx) => settleDelivery(delivery.id, claimant, { ...base, status: "failed" }, tx));
    return "failed";
  }
  await write({ institutionId: delivery.institutionId }, (tx) => settleDelivery(delivery.id, claimant, { ...base, nextAttemptAt: new Date(now.getTime() + backoffMinutes(attempts) * 60_000).toISOString() }, tx));
  return "retrying";
}

/** For scripts/background.ts: checks the queue every `intervalMs`; returns a stop function. */
export function startWebhookSender(intervalMs = 5_000): () => void {
  const timer = setInterval(() => {
    deliverDueWebhooks(new Date()).catch((error: unknown) => console.error("[webhooks] delivery run failed:", error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
