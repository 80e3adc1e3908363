// H3 (issue 13): nobody at the bank can act as the client. A live respondent token (and a staff
// invitation token) never reaches a staff role: not the outbox page (admin, rm, auditor), not
// the audit log, its CSV export or the API's audit events. Only SMTP delivery, and the demo-only
// mailbox, put the real link into the message, and that link works.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { auditEvents, outbox } from "../../db/tables";
import { migrate, migrationsFolder } from "../../db/migrate";
import { openDatabase } from "../../db/open";
import { resolveRespondentToken } from "~/auth/respondent.server";
import { ConfigError, getEnv, parseEnv } from "~/env.server";
import { loader as auditLoader } from "~/routes/app+/admin+/audit";
import { loader as auditCsvLoader } from "~/routes/app+/admin+/audit[.]csv";
import { loader as outboxLoader } from "~/routes/app+/admin+/outbox";
import * as auditApi from "~/routes/api+/v1+/audit-events";
import { loader as demoMailboxLoader } from "~/routes/demo.mailbox";
import { loader as linkLoader } from "~/routes/r.$token";
import { createApiKey } from "~/services/api-keys.server";
import { resendAssessment } from "~/services/assessments.server";
import { deliverDueEmails, type MailTransport } from "~/services/outbox.server";
import { addColleague } from "~/services/respondent.server";
import { inviteUser } from "~/services/users.server";
import { call } from "../helpers/api-factories";
import { bankWithRm, makeClient, send, tokenOf } from "../helpers/clients-factories";
import { cookieFor, createUser, db } from "../helpers/factories";
import { getRequest, settle } from "../helpers/requests";

/** Any respondent token long enough to be used (a masked one keeps 4 characters). */
const LIVE_RESPONDENT_TOKEN = /pvn_rsp_[A-Za-z0-9_-]{20,}/;

type Message = Parameters<MailTransport["sendMail"]>[0];

function recordingTransport() {
  const sent: Message[] = [];
  const transport: MailTransport = {
    sendMail(message) {
      sent.push(message);
      return Promise.resolve({});
    },
  };
  return { transport, sent };
}

async function openLink(token: string) {
  return (await settle(() => linkLoader({ request: getRequest(`/r/${token}`), params: { token }, context: {} }))).status;
}

/** A bank that sent a questionnaire, resent the link, whose client invited a colleague, and
 *  whose admin invited a new staff member: every kind of message that carries a secret link. */
async function bankWithSecretMail() {
  const bank = await bankWithRm("Banco Secretos");
  const admin = await createUser(bank.institutionId, ["admin"], { name: "Ada Admin" });
  const auditor = await createUser(bank.institutionId, ["auditor"], { name: "Aldo Auditor" });
  const client = await makeClient(bank.actor);
  const now = new Date();
  const first = await send(bank.actor, client.id, {}, now);
  const resent = await resendAssessment(bank.actor, first.assessment.id, {}, now);
  const live = await resolveRespondentToken(tokenOf(resent.respondUrl), now);
  if (live.state !== "valid") throw new Error("the resent link does not work");
  await addColleague(live.context, { email: "pedro@textiles.example", name: "Pedro" }, now);
  await inviteUser({ institutionId: bank.institutionId, userId: admin.id, name: "Ada Admin" }, { email: `nueva-${crypto.randomBytes(4).toString("hex")}@banco.example`, name: "Nueva", roles: ["admin"], language: "es" }, now);
  return { ...bank, admin, auditor, firstToken: tokenOf(first.respondUrl), liveToken: tokenOf(resent.respondUrl) };
}

beforeEach(async () => {
  // Delivery works across institutions: start each test from an empty outbox.
  await db().delete(outbox);
});

describe("secret links in the outbox (H3)", () => {
  it("are stored masked: no row's body carries a live respondent or invitation token", async () => {
    const bank = await bankWithSecretMail();
    const rows = await db().select().from(outbox).where(eq(outbox.institutionId, bank.institutionId));
    expect(rows.map((r) => r.kind).sort()).toEqual(["assessment.invitation", "assessment.invitation", "respondent.colleague-invitation", "user.invitation"]);
    for (const row of rows) {
      expect(row.body).not.toMatch(LIVE_RESPONDENT_TOKEN);
      expect(row.body).not.toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
      expect(row.body).toMatch(/(\/r\/pvn_rsp_|\/invitations\/)[A-Za-z0-9_-]{4}…/);
      // The real message is kept sealed, not in clear.
      expect(row.sealedBody).toMatch(/^v1:/);
      expect(row.sealedBody).not.toContain("pvn_rsp_");
    }
    expect(JSON.stringify(rows)).not.toContain(bank.liveToken);
  });

  it.each(["admin", "rm", "auditor"] as const)("the outbox page shows the %s the messages with their links masked", async (role) => {
    const bank = await bankWithSecretMail();
    const user = role === "admin" ? bank.admin : role === "auditor" ? bank.auditor : bank.rm;
    const page = await outboxLoader({ request: getRequest("/app/admin/outbox", await cookieFor(user)), params: {}, context: {} });
    expect(page.emails).toHaveLength(4);
    const text = JSON.stringify(page);
    expect(text).not.toMatch(LIVE_RESPONDENT_TOKEN);
    expect(text).not.toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
    expect(text).not.toContain(bank.liveToken.slice(8));
    expect(text).not.toContain("sealedBody");
    expect(page.emails.find((e) => e.kind === "assessment.invitation")!.body).toContain(`/r/${bank.liveToken.slice(0, 12)}…`);
  });

  it("the audit log, its CSV export and the API's audit events carry no token", async () => {
    const bank = await bankWithSecretMail();
    const cookie = await cookieFor(bank.auditor);
    const page = await auditLoader({ request: getRequest("/app/admin/audit", cookie), params: {}, context: {} });
    const csv = await (await auditCsvLoader({ request: getRequest("/app/admin/audit.csv", cookie), params: {}, context: {} })).text();
    const key = await createApiKey({ institutionId: bank.institutionId, userId: bank.admin.id }, { name: "audit reader", scope: "read", canReadAudit: true }, new Date());
    const api = await call(auditApi.loader, "/api/v1/audit-events?limit=200", { token: key.key });
    expect(api.status).toBe(200);
    const stored = JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.chain, bank.institutionId)));
    expect(stored).toContain("respondent.colleague-added");
    for (const text of [JSON.stringify(page), csv, api.text, stored]) {
      expect(text).not.toMatch(LIVE_RESPONDENT_TOKEN);
      expect(text).not.toContain(bank.liveToken.slice(8));
      expect(text).not.toContain(bank.firstToken.slice(8));
    }
  });

  it("SMTP delivery gets the real links, which work, and the stored copy stays masked", async () => {
    const bank = await bankWithSecretMail();
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails(transport, new Date(Date.now() + 1000))).toEqual({ sent: 4, failed: 0 });
    const toClient = sent.filter((m) => m.to === "ana.quispe@textiles.example");
    expect(toClient).toHaveLength(2);
    // The first link was revoked by the resend; the second e-mail carries the live one.
    expect(toClient.map((m) => /\/r\/(pvn_rsp_[A-Za-z0-9_-]{43})\n/.exec(m.text)?.[1]).sort()).toEqual([bank.firstToken, bank.liveToken].sort());
    expect(toClient.every((m) => m.text.includes(`${getEnv().publicUrl}/r/pvn_rsp_`))).toBe(true);
    expect(await openLink(bank.liveToken)).toBe(302);
    expect(await openLink(bank.firstToken)).toBe(410);

    const colleague = sent.find((m) => m.to === "pedro@textiles.example")!;
    const colleagueToken = /\/r\/(pvn_rsp_[A-Za-z0-9_-]{43})/.exec(colleague.text)![1]!;
    expect(await openLink(colleagueToken)).toBe(302);
    const invitation = sent.find((m) => m.to.startsWith("nueva-"))!;
    expect(invitation.text).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}\n/);

    const rows = await db().select().from(outbox).where(eq(outbox.institutionId, bank.institutionId));
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(JSON.stringify(rows.map((r) => r.body))).not.toMatch(LIVE_RESPONDENT_TOKEN);
  });
});

describe("the demo mailbox (/demo/mailbox)", () => {
  const env = getEnv();
  const before = env.demoMailbox;
  afterEach(() => {
    env.demoMailbox = before;
  });

  it("is a 404 without DEMO_MAILBOX", async () => {
    await bankWithSecretMail();
    env.demoMailbox = false;
    const result = await settle(() => demoMailboxLoader());
    expect(result.status).toBe(404);
    expect(await (result.response as Response).text()).not.toMatch(LIVE_RESPONDENT_TOKEN);
  });

  it("with DEMO_MAILBOX=1 shows each message as its recipient gets it, with the working link", async () => {
    const bank = await bankWithSecretMail();
    env.demoMailbox = true;
    const result = await settle(() => demoMailboxLoader());
    expect(result.status).toBe(200);
    expect(result.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(result.headers.get("Cache-Control")).toBe("no-store");
    const { messages } = result.response as { messages: Array<{ toAddress: string; body: string }> };
    const live = messages.find((m) => m.body.includes(bank.liveToken));
    expect(live?.toAddress).toBe("ana.quispe@textiles.example");
    expect(await openLink(bank.liveToken)).toBe(302);
  });
});

describe("demo-only settings in production", () => {
  const SECRET = "p".repeat(40);
  it.each(["DEMO_MAILBOX", "WEBHOOKS_ALLOW_LOOPBACK"])("refuses %s=1 with NODE_ENV=production, naming it", (name) => {
    let error: unknown;
    try {
      parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, AUDIT_HMAC_KEY: SECRET, [name]: "1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Configuration error: ${name} `));
  });

  it("accepts them outside production, and they are off unless set to 1", () => {
    expect(parseEnv({ DEMO_MAILBOX: "1", WEBHOOKS_ALLOW_LOOPBACK: "1" })).toMatchObject({ demoMailbox: true, webhooksAllowLoopback: true });
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, AUDIT_HMAC_KEY: SECRET })).toMatchObject({ demoMailbox: false, webhooksAllowLoopback: false });
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, AUDIT_HMAC_KEY: SECRET, DEMO_MAILBOX: "0" }).demoMailbox).toBe(false);
    expect(() => parseEnv({ DEMO_MAILBOX: "yes" })).toThrow(/^Configuration error: DEMO_MAILBOX /);
  });
});

describe("the migration that masks existing outbox rows", () => {
  const TAG = "0005_mask_outbox_links";
  it("masks the links of existing messages and fails the pending ones that would go out with a dead link", () => {
    const dir = path.resolve(process.cwd(), `.tmp/mask-${crypto.randomBytes(4).toString("hex")}`);
    const folder = path.join(dir, "migrations");
    fs.cpSync(migrationsFolder(), folder, { recursive: true });
    const journalFile = path.join(folder, "meta/_journal.json");
    const full = fs.readFileSync(journalFile, "utf8");
    const journal = JSON.parse(full) as { entries: Array<{ idx: number; tag: string }> };
    const mine = journal.entries.find((e) => e.tag === TAG)!;
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < mine.idx) }));
    const sqlite = openDatabase(`file:${path.join(dir, "legacy.db")}`);
    try {
      migrate(sqlite, folder);
      sqlite.prepare("INSERT INTO institutions (id, name, slug, created_at) VALUES ('i1', 'Banco', 'banco', '2026-01-01')").run();
      const rsp = `pvn_rsp_${crypto.randomBytes(32).toString("base64url")}`;
      const inv = crypto.randomBytes(32).toString("base64url");
      const insert = sqlite.prepare(
        "INSERT INTO outbox (id, institution_id, kind, to_address, subject, body, language, status, attempts, next_attempt_at, created_at) VALUES (?, 'i1', ?, 'x@example.test', 'S', ?, 'es', ?, 0, '2026-01-01', '2026-01-01')",
      );
      insert.run("sent-rsp", "assessment.invitation", `Hola «Cliente»:\nhttp://localhost:3000/r/${rsp}\n\nEste enlace es personal.`, "sent");
      insert.run("pending-inv", "user.invitation", `Defina su contraseña:\nhttp://localhost:3000/invitations/${inv}\n\nGracias.`, "pending");
      insert.run("pending-plain", "assessment.reminder", "Recuerde responder: pvn_rsp_ no aparece aquí como enlace.", "pending");

      fs.writeFileSync(journalFile, full);
      expect(migrate(sqlite, folder).applied).toContain(TAG);
      const rows = new Map((sqlite.prepare("SELECT id, body, status, last_error, sealed_body FROM outbox").all() as Array<{ id: string; body: string; status: string; last_error: string | null; sealed_body: string | null }>).map((r) => [r.id, r]));
      expect(rows.get("sent-rsp")).toMatchObject({ body: `Hola «Cliente»:\nhttp://localhost:3000/r/${rsp.slice(0, 12)}…\n\nEste enlace es personal.`, status: "sent", sealed_body: null });
      expect(rows.get("pending-inv")).toMatchObject({ body: `Defina su contraseña:\nhttp://localhost:3000/invitations/${inv.slice(0, 4)}…\n\nGracias.`, status: "failed" });
      expect(rows.get("pending-inv")!.last_error).toMatch(/Send the link again/);
      expect(rows.get("pending-plain")).toMatchObject({ body: "Recuerde responder: pvn_rsp_ no aparece aquí como enlace.", status: "pending", last_error: null });
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
