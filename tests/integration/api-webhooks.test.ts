// Webhook deliveries against a real HTTP receiver on 127.0.0.1: signature, headers, retry with
// backoff after a failing receiver (with an injected clock), giving up after 8 attempts, the
// encrypted secret, test events, and a queue that survives a closed connection (restart). A
// loopback receiver needs WEBHOOKS_ALLOW_LOOPBACK=1 (the demo's setting); without it, targets on
// this machine or a private network are refused at registration and at delivery (M3).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { auditEvents, webhookDeliveries, webhooks } from "../../db/tables";
import { closeDb, write } from "~/db.server";
import { getEnv } from "~/env.server";
import { emitEvent } from "~/services/events.server";
import { safePoster, type WebhookPoster } from "~/services/webhook-http.server";
import { backoffMinutes, createWebhook, decryptSecret, deliverDueWebhooks, MAX_ATTEMPTS, sendTestEvent, setWebhookActive } from "~/services/webhooks.server";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as clientAssessments from "~/routes/api+/v1+/clients.$id.assessments";
import { apiBank, call, CLIENT_BODY, isoDate } from "../helpers/api-factories";
import * as webhooksPage from "~/routes/app+/admin+/webhooks";
import * as deliveriesPage from "~/routes/app+/admin+/webhooks_.$id";
import { cookieFor, db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

type Received = { headers: http.IncomingHttpHeaders; body: string };

async function receiver(statuses: number[], answer?: string) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { "Content-Type": "text/plain" }).end(answer ?? (status >= 300 ? `receiver says no (${status})` : "ok"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/provenant`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function deliveriesOf(webhookId: string) {
  return await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
}

const env = getEnv();
const loopbackBefore = env.webhooksAllowLoopback;
afterEach(() => {
  env.webhooksAllowLoopback = loopbackBefore;
});

describe("webhook deliveries", () => {
  beforeEach(() => {
    env.webhooksAllowLoopback = true;
  });

  it("signs a gate.changed delivery, retries after a failing receiver and delivers on the next due attempt", async () => {
    const bank = await apiBank();
    const hook = await receiver([500, 200]);
    try {
      const { id, secret } = await createWebhook({ institutionId: bank.institutionId, userId: bank.admin.id }, { url: hook.url, events: ["gate.changed"] }, new Date());
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      const stored = (await db().select().from(webhooks).where(eq(webhooks.id, id)).limit(1))[0]!;
      expect(stored.encryptedSecret).not.toContain(secret.slice(6));
      expect(decryptSecret(stored.encryptedSecret)).toBe(secret);
      expect(JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id)))).not.toContain(secret);

      // Sending an assessment moves the gate closed → pending: one gate.changed event.
      const client = (await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY })).body as { id: string };
      await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "en" } });
      const queued = await deliveriesOf(id);
      expect(queued).toHaveLength(1);
      const t0 = new Date(queued[0]!.nextAttemptAt);

      const first = await deliverDueWebhooks(t0);
      expect(first).toMatchObject({ attempted: 1, retrying: 1 });
      const afterFailure = (await deliveriesOf(id))[0]!;
      expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastResponse: "receiver says no (500)", lastError: "HTTP 500" });
      expect(afterFailure.nextAttemptAt).toBe(new Date(t0.getTime() + 60_000).toISOString());

      expect(await deliverDueWebhooks(new Date(t0.getTime() + 30_000))).toMatchObject({ attempted: 0 });
      const t1 = new Date(t0.getTime() + 61_000);
      expect(await deliverDueWebhooks(t1)).toMatchObject({ attempted: 1, delivered: 1 });
      expect((await deliveriesOf(id))[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200, deliveredAt: t1.toISOString() });

      expect(hook.received).toHaveLength(2);
      const last = hook.received[1]!;
      const delivery = (await deliveriesOf(id))[0]!;
      expect(last.headers["content-type"]).toBe("application/json");
      expect(last.headers["provenant-event"]).toBe("gate.changed");
      expect(last.headers["provenant-delivery"]).toBe(delivery.id);
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(last.headers["provenant-signature"]));
      expect(match).not.toBeNull();
      expect(Number(match![1])).toBe(Math.floor(t1.getTime() / 1000));
      const expected = crypto.createHmac("sha256", secret).update(`${match![1]}.${last.body}`).digest("hex");
      expect(match![2]).toBe(expected);
      const payload = JSON.parse(last.body) as { type: string; data: { clientId: string; gate: string; previousGate: string } };
      expect(payload).toMatchObject({ type: "gate.changed", data: { clientId: client.id, gate: "pending", previousGate: "closed" } });
      // A tampered body does not verify.
      expect(crypto.createHmac("sha256", secret).update(`${match![1]}.${last.body} `).digest("hex")).not.toBe(match![2]);
    } finally {
      await hook.close();
    }
  });

  it("backs off 1, 2, 4 … minutes and marks the delivery failed after 8 attempts", async () => {
    const bank = await apiBank();
    const { id } = await createWebhook({ institutionId: bank.institutionId, userId: bank.admin.id }, { url: "https://receiver.example/hook", events: ["decision.approved"] }, new Date());
    const start = new Date("2026-11-26T10:00:00.000Z");
    await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "decision.approved", data: { decisionId: "d1" }, now: start }, tx));
    const calls: string[] = [];
    const failing: WebhookPoster = async (post) => {
      calls.push(post.url);
      return { status: 503, excerpt: "maintenance" };
    };
    let now = start;
    const waits: number[] = [];
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const run = await deliverDueWebhooks(now, failing);
      expect(run.attempted).toBe(1);
      const row = (await deliveriesOf(id))[0]!;
      expect(row.attempts).toBe(i);
      if (i < MAX_ATTEMPTS) {
        expect(row.status).toBe("pending");
        const next = new Date(row.nextAttemptAt);
        waits.push((next.getTime() - now.getTime()) / 60_000);
        now = next;
      } else {
        expect(row).toMatchObject({ status: "failed", lastStatusCode: 503, lastResponse: "maintenance" });
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(waits).toEqual([1, 2, 3, 4, 5, 6, 7].map(backoffMinutes));
    expect(calls).toHaveLength(MAX_ATTEMPTS);
    expect(await deliverDueWebhooks(new Date(now.getTime() + 86_400_000), failing)).toMatchObject({ attempted: 0 });
  });

  it("keeps pending deliveries across a restart and records network errors", async () => {
    const bank = await apiBank();
    const { id } = await createWebhook({ institutionId: bank.institutionId, userId: bank.admin.id }, { url: "http://localhost:9/unreachable", events: ["attestation.revoked"] }, new Date());
    const now = new Date("2026-11-26T12:00:00.000Z");
    await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "attestation.revoked", data: { attestationId: "a1" }, now }, tx));
    await closeDb();
    const refused: WebhookPoster = async () => {
      throw new TypeError("fetch failed: connection refused");
    };
    expect(await deliverDueWebhooks(now, refused)).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "fetch failed: connection refused" });
  });

  it("queues a test event to every active endpoint, and gives up on a deactivated one", async () => {
    const bank = await apiBank();
    const actor = { institutionId: bank.institutionId, userId: bank.admin.id };
    const a = await createWebhook(actor, { url: "https://a.example/hook", events: ["gate.changed"] }, new Date());
    const b = await createWebhook(actor, { url: "https://b.example/hook", events: ["attestation.revoked"] }, new Date());
    await setWebhookActive(actor, b.id, false, new Date());
    expect(await sendTestEvent(actor, new Date())).toBe(1);
    expect((await deliveriesOf(a.id)).map((d) => d.event)).toEqual(["webhook.test"]);
    expect(await deliveriesOf(b.id)).toEqual([]);
    await expect(setWebhookActive(actor, b.id, false, new Date())).rejects.toThrow(/already/);
    const other = await apiBank("Banco Otro");
    await expect(setWebhookActive({ institutionId: other.institutionId, userId: other.admin.id }, a.id, false, new Date())).rejects.toThrow(/not found/);
  });

  it("refuses plain http to other hosts and endpoints without events", async () => {
    const bank = await apiBank();
    const actor = { institutionId: bank.institutionId, userId: bank.admin.id };
    await expect(createWebhook(actor, { url: "http://receiver.example/hook", events: ["gate.changed"] }, new Date())).rejects.toThrow(/https/);
    await expect(createWebhook(actor, { url: "https://user:pw@receiver.example/hook", events: ["gate.changed"] }, new Date())).rejects.toThrow(/https/);
    await expect(createWebhook(actor, { url: "https://receiver.example/hook", events: ["nothing"] }, new Date())).rejects.toThrow(/event/);
  });
});

describe("webhook targets inside the bank's network (M3)", () => {
  const actorOf = (bank: Awaited<ReturnType<typeof apiBank>>) => ({ institutionId: bank.institutionId, userId: bank.admin.id });

  it.each([
    "http://127.0.0.1:8080/hook",
    "http://localhost:8080/hook",
    "http://[::1]:8080/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.1/",
    "https://0x7f000001/",
    "https://metadata.google.internal/",
    "https://[::ffff:127.0.0.1]/",
  ])("refuses to register %s without WEBHOOKS_ALLOW_LOOPBACK", async (url) => {
    env.webhooksAllowLoopback = false;
    const bank = await apiBank();
    await expect(createWebhook(actorOf(bank), { url, events: ["gate.changed"] }, new Date())).rejects.toThrow(/public server/);
    expect(await db().select().from(webhooks).where(eq(webhooks.institutionId, bank.institutionId))).toEqual([]);
  });

  it("the admin form answers 400 naming the URL for a loopback endpoint without the setting, and accepts it with it", async () => {
    const bank = await apiBank();
    const cookie = await cookieFor(bank.admin);
    const post = (url: string) => settle(() => webhooksPage.action({ request: formRequest("/app/admin/webhooks", { intent: "create", url, events: ["gate.changed"] }, cookie), params: {}, context: {} }));
    env.webhooksAllowLoopback = false;
    for (const url of ["http://127.0.0.1:4201/hook", "https://10.0.0.1/hook", "https://0x7f000001/"]) {
      const refused = await post(url);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.response)).toContain("api.error.url");
    }
    expect(await db().select().from(webhooks).where(eq(webhooks.institutionId, bank.institutionId))).toEqual([]);
    env.webhooksAllowLoopback = true;
    expect((await post("http://127.0.0.1:4201/hook")).status).toBe(200);
    const page = await webhooksPage.loader({ request: getRequest("/app/admin/webhooks", cookie), params: {}, context: {} });
    expect(page.allowLoopback).toBe(true);
  });

  it("with WEBHOOKS_ALLOW_LOOPBACK still refuses private networks and metadata addresses", async () => {
    env.webhooksAllowLoopback = true;
    const bank = await apiBank();
    for (const url of ["https://169.254.169.254/", "https://192.168.1.1/", "https://[fd00::1]/", "https://metadata.google.internal/"]) {
      await expect(createWebhook(actorOf(bank), { url, events: ["gate.changed"] }, new Date())).rejects.toThrow(/public server/);
    }
    expect((await createWebhook(actorOf(bank), { url: "http://127.0.0.1:9/hook", events: ["gate.changed"] }, new Date())).id).toBeTruthy();
  });

  it("refuses at delivery a host that passed registration but resolves to 127.0.0.1, and sends nothing", async () => {
    env.webhooksAllowLoopback = false;
    const bank = await apiBank();
    const hook = await receiver([200], "INTERNAL-SERVICE-DATA");
    try {
      const port = new URL(hook.url).port;
      const { id } = await createWebhook(actorOf(bank), { url: `https://hooks.partner-bank.example:${port}/provenant`, events: ["gate.changed"] }, new Date());
      const now = new Date("2026-11-26T12:00:00.000Z");
      await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "gate.changed", data: { clientId: "c1" }, now }, tx));
      const lookups: string[] = [];
      const poster = safePoster({
        resolve: async (hostname) => {
          lookups.push(hostname);
          return [{ address: "127.0.0.1", family: 4 }];
        },
      });
      expect(await deliverDueWebhooks(now, poster)).toMatchObject({ attempted: 1, retrying: 1, delivered: 0 });
      expect(lookups).toEqual(["hooks.partner-bank.example"]);
      expect(hook.received).toHaveLength(0);
      const row = (await deliveriesOf(id))[0]!;
      expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastResponse: null });
      expect(row.lastError).toMatch(/resolves to an address of this machine or of a private network/);
    } finally {
      await hook.close();
    }
  });

  it("refuses a host with one private address among public ones", async () => {
    env.webhooksAllowLoopback = false;
    const bank = await apiBank();
    const { id } = await createWebhook(actorOf(bank), { url: "https://mixed.partner-bank.example/hook", events: ["gate.changed"] }, new Date());
    const now = new Date("2026-11-26T12:00:00.000Z");
    await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "gate.changed", data: { clientId: "c1" }, now }, tx));
    const poster = safePoster({ resolve: async () => [{ address: "93.184.215.14", family: 4 }, { address: "10.1.2.3", family: 4 }] });
    await deliverDueWebhooks(now, poster);
    expect((await deliveriesOf(id))[0]!.lastError).toMatch(/private network/);
  });

  it("refuses at delivery a loopback endpoint registered before the check, once loopback is not allowed", async () => {
    env.webhooksAllowLoopback = true;
    const bank = await apiBank();
    const hook = await receiver([200]);
    try {
      const { id } = await createWebhook(actorOf(bank), { url: hook.url, events: ["gate.changed"] }, new Date());
      env.webhooksAllowLoopback = false;
      const now = new Date("2026-11-26T12:00:00.000Z");
      await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "gate.changed", data: { clientId: "c1" }, now }, tx));
      await deliverDueWebhooks(now);
      expect(hook.received).toHaveLength(0);
      expect((await deliveriesOf(id))[0]!.lastError).toMatch(/not allowed \(loopback\)/);
    } finally {
      await hook.close();
    }
  });

  it("connects to the checked address (not a second DNS answer) and keeps at most 200 characters of the answer", async () => {
    env.webhooksAllowLoopback = true;
    const bank = await apiBank();
    const hook = await receiver([200], `${"INTERNAL-SERVICE-DATA-".repeat(40)}<script>alert(1)</script>`);
    try {
      const port = new URL(hook.url).port;
      const { id } = await createWebhook(actorOf(bank), { url: `http://localhost:${port}/hook`, events: ["gate.changed"] }, new Date());
      const now = new Date("2026-11-26T12:00:00.000Z");
      await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "gate.changed", data: { clientId: "c1" }, now }, tx));
      let lookups = 0;
      const poster = safePoster({
        allowLoopback: () => true,
        resolve: async () => {
          lookups += 1;
          return [{ address: "127.0.0.1", family: 4 }];
        },
      });
      expect(await deliverDueWebhooks(now, poster)).toMatchObject({ delivered: 1 });
      expect(lookups).toBe(1);
      expect(hook.received).toHaveLength(1);
      const row = (await deliveriesOf(id))[0]!;
      expect(row.lastStatusCode).toBe(200);
      expect(row.lastResponse!.length).toBeLessThanOrEqual(200);
      expect(row.lastResponse).toMatch(/^INTERNAL-SERVICE-DATA-/);
    } finally {
      await hook.close();
    }
  });

  it("the deliveries page shows at most 200 characters of a stored answer, as text", async () => {
    env.webhooksAllowLoopback = false;
    const bank = await apiBank();
    const { id } = await createWebhook(actorOf(bank), { url: "https://hooks.partner-bank.example/hook", events: ["gate.changed"] }, new Date());
    const now = new Date("2026-11-26T12:00:00.000Z");
    await write({ institutionId: null }, async (tx) => emitEvent({ institutionId: bank.institutionId, event: "gate.changed", data: { clientId: "c1" }, now }, tx));
    // A row kept by the old code, which stored up to 500 characters.
    await db().update(webhookDeliveries).set({ lastStatusCode: 200, lastResponse: `<b>${"x".repeat(497)}` }).where(eq(webhookDeliveries.webhookId, id));
    const page = await deliveriesPage.loader({ request: getRequest(`/app/admin/webhooks/${id}`, await cookieFor(bank.admin)), params: { id }, context: {} });
    expect(page.deliveries[0]!.lastResponse).toBe(`<b>${"x".repeat(197)}`);
  });
});
