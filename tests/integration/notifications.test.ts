// Notifications end to end through the routes and the jobs (issue 17, F13, F21): each event writes
// the right in-app rows and outbox e-mails in its own transaction, staff in their language, the
// client in the assessment's, dates in the institution's time zone; preferences are honoured and a
// security notice cannot be turned off; a person sees and opens only their own notifications.
import { and, eq } from "drizzle-orm";
import { attestations, auditEvents, conditionReminders, institutions, notifications, outbox, users } from "../../db/tables";
import { action as proposeAction } from "~/routes/app+/assessments+/$assessmentId_.decision";
import { action as decisionAction } from "~/routes/app+/decisions+/$decisionId";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/app+/notifications";
import { loader as layoutLoader } from "~/routes/app+/_layout";
import { action as accountAction, loader as accountLoader } from "~/routes/app+/account";
import { action as policyAction } from "~/routes/app+/admin+/policy";
import { createApiKey } from "~/services/api-keys.server";
import { runConditionReminders } from "~/services/condition-reminders.server";
import { approveDecision } from "~/services/decisions.server";
import { deliverDueEmails, type MailTransport } from "~/services/outbox.server";
import { saveAnswers } from "~/services/respondent.server";
import { submitAssessment } from "~/services/submission.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD, stepUpFor } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { bestAnswers, createSentAssessment } from "../helpers/respondent-factories";
import { createSubmittedAssessment } from "../helpers/review-factories";

const inDays = (n: number, from = Date.now()) => new Date(from + n * 86_400_000).toISOString().slice(0, 10);

async function bank(opts: { timeZone?: string } = {}) {
  const inst = await createInstitution("Banco Aviso");
  if (opts.timeZone) await db().update(institutions).set({ timeZone: opts.timeZone }).where(eq(institutions.id, inst));
  const rm = await createUser(inst, ["rm"], { name: "Rita RM", language: "en" });
  const approver = await createUser(inst, ["approver"], { name: "Alba Aprobadora", language: "es" });
  const approver2 = await createUser(inst, ["approver"], { name: "Abe Approver", language: "en" });
  const auditor = await createUser(inst, ["auditor"], { name: "Audrey" });
  return { inst, rm, approver, approver2, auditor };
}

const rowsFor = async (userId: string) => await db().select().from(notifications).where(eq(notifications.userId, userId));
const mailTo = async (institutionId: string, to: string) => await db().select().from(outbox).where(and(eq(outbox.institutionId, institutionId), eq(outbox.toAddress, to)));

async function propose(assessmentId: string, cookie: string, fields: Record<string, string>) {
  const out = await settle(() => proposeAction({ request: formRequest(`/app/assessments/${assessmentId}/decision`, fields, cookie), params: { assessmentId }, context: {} }));
  expect(out.status).toBe(302);
  return /\/app\/decisions\/([^?]+)/.exec(out.headers.get("Location") ?? "")![1]!;
}

async function review(decisionId: string, cookie: string, fields: Record<string, string>) {
  const request = formRequest(`/app/decisions/${decisionId}`, fields, cookie);
  return await settle(() => decisionAction({ request, params: { decisionId }, context: {} }));
}

async function notificationsPost(cookie: string, fields: Record<string, string>) {
  return await settle(() => notificationsAction({ request: formRequest("/app/notifications", fields, cookie), params: {}, context: {} }));
}

const withConditions = (due: string) => ({
  outcome: "approve-with-conditions",
  rationale: "Strong controls; one document to follow.",
  "conditions[0].include": "on",
  "conditions[0].text": "Send the signed recruitment-fee policy",
  "conditions[0].dueDate": due,
});

function recordingTransport() {
  const sent: Array<Parameters<MailTransport["sendMail"]>[0]> = [];
  return { sent, transport: { sendMail: async (m: Parameters<MailTransport["sendMail"]>[0]) => void sent.push(m) } satisfies MailTransport };
}

describe("decision awaiting approval → approved", () => {
  it("notifies every approver but the proposer, each in their language; opening marks it read; approval tells the proposer and the client", async () => {
    const b = await bank();
    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id, language: "es", client: { name: "Textiles Andinos S.A.", contactEmail: "ana@textiles.example" } });
    const rmCookie = await cookieFor(b.rm);
    const approverCookie = await cookieFor(b.approver);
    const due = inDays(45);
    const decisionId = await propose(sub.assessmentId, rmCookie, withConditions(due));

    for (const who of [b.approver, b.approver2]) {
      const rows = await rowsFor(who.id);
      expect(rows.map((r) => r.kind)).toEqual(["decision.proposed"]);
      expect(JSON.parse(rows[0]!.params)).toMatchObject({ decisionId, clientName: "Textiles Andinos S.A.", outcome: "approve-with-conditions", proposerName: "Rita RM" });
    }
    expect(await rowsFor(b.rm.id)).toEqual([]);
    expect(await rowsFor(b.auditor.id)).toEqual([]);
    const [es] = await mailTo(b.inst, b.approver.email);
    expect(es).toMatchObject({ kind: "decision.proposed", language: "es", subject: "Decisión pendiente de su aprobación: Textiles Andinos S.A." });
    expect(es!.body).toContain(`/app/decisions/${decisionId}`);
    expect(es!.body).toMatch(/ de \w+ de \d{4} a las /);
    expect(es!.body).not.toMatch(/\d{4}-\d\d-\d\dT|UTC/);
    const [en] = await mailTo(b.inst, b.approver2.email);
    expect(en).toMatchObject({ language: "en", subject: "Decision awaiting your approval: Textiles Andinos S.A." });

    // The header counts it; the page lists it in the page's language.
    const layout = (await layoutLoader({ request: getRequest("/app", approverCookie), params: {}, context: {} })) as { unread: number };
    expect(layout.unread).toBe(1);
    const esPage = getRequest("/app/notifications", approverCookie);
    esPage.headers.set("Cookie", `${approverCookie}; lang=es`);
    esPage.headers.set("Accept-Language", "es");
    const page = (await notificationsLoader({ request: esPage, params: {}, context: {} })) as Awaited<ReturnType<typeof notificationsLoader>>;
    expect(page.unread).toBe(1);
    expect(page.items[0]).toMatchObject({ title: "Decisión pendiente de su aprobación: Textiles Andinos S.A.", link: `/app/decisions/${decisionId}`, isRead: false });

    // Another person cannot open it; its owner opens it and goes to the decision.
    expect((await notificationsPost(await cookieFor(b.approver2), { intent: "open", id: page.items[0]!.id })).status).toBe(404);
    const opened = await notificationsPost(approverCookie, { intent: "open", id: page.items[0]!.id });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(`/app/decisions/${decisionId}`);
    expect(((await layoutLoader({ request: getRequest("/app", approverCookie), params: {}, context: {} })) as { unread: number }).unread).toBe(0);

    const approved = await review(decisionId, approverCookie, { intent: "approve", password: PASSWORD, comment: "De acuerdo." });
    expect(approved.status).toBe(302);
    const rmRows = await rowsFor(b.rm.id);
    expect(rmRows.map((r) => r.kind)).toEqual(["decision.approved"]);
    expect(JSON.parse(rmRows[0]!.params)).toMatchObject({ reviewerName: "Alba Aprobadora", comment: "De acuerdo." });
    const [rmMail] = await mailTo(b.inst, b.rm.email);
    expect(rmMail).toMatchObject({ kind: "decision.approved", language: "en", subject: "Decision approved: Textiles Andinos S.A." });
    expect((await rowsFor(b.approver.id)).map((r) => r.kind)).toEqual(["decision.proposed"]);

    // The client: outcome in words, the condition with its due date, how to send proof, the attestation attached.
    const [client] = await mailTo(b.inst, "ana@textiles.example");
    expect(client).toMatchObject({ kind: "client.decision", language: "es", subject: "Banco Aviso: resultado de su evaluación de debida diligencia" });
    expect(client!.body).toContain("Resultado: Aprobado con condiciones.");
    expect(client!.body).toMatch(/1\. Send the signed recruitment-fee policy \(fecha límite: \d{1,2} de \w+ de \d{4}\)/);
    // How to send proof: the private results-and-conditions link (F18), masked in the stored copy.
    expect(client!.body).toContain("Cómo enviar la evidencia: súbala para cada condición");
    expect(client!.body).toMatch(/\/c\/pvn_cli_.{4}…/);
    expect(client!.body).not.toMatch(/\d{4}-\d\d-\d\d/);
    const attestation = (await db().select().from(attestations).where(eq(attestations.decisionId, decisionId)))[0]!;
    expect(client!.attachment).toMatchObject({ type: "attestation", attestationId: attestation.id, fileName: "Constancia-Textiles-Andinos-S.A..pdf" });
    const { sent, transport } = recordingTransport();
    await deliverDueEmails(transport, new Date(Date.now() + 1000));
    const delivered = sent.find((m) => m.to === "ana@textiles.example")!;
    expect(delivered.attachments?.[0]?.content.equals(Buffer.from(attestation.pdf))).toBe(true);
  });

  it("a send-back tells the proposer with the comment; nothing is written when the approval rolls back", async () => {
    const b = await bank();
    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id });
    const rmCookie = await cookieFor(b.rm);
    const first = await propose(sub.assessmentId, rmCookie, { outcome: "approve", rationale: "Good." });
    expect((await review(first, await cookieFor(b.approver2), { intent: "reject", comment: "Add the audit report." })).status).toBe(302);
    const rows = await rowsFor(b.rm.id);
    expect(rows.map((r) => r.kind)).toEqual(["decision.rejected"]);
    const [mail] = (await mailTo(b.inst, b.rm.email)).filter((m) => m.kind === "decision.rejected");
    expect(mail!.body).toContain("Abe Approver sent back the proposal “Approve” for");
    expect(mail!.body).toContain("Comment: Add the audit report.");

    const second = await propose(sub.assessmentId, rmCookie, { outcome: "approve", rationale: "Report attached." });
    const before = { rows: (await db().select().from(notifications)).length, mails: (await db().select().from(outbox)).length };
    const now = new Date();
    const stepUp = await stepUpFor(b.approver2, "decision.approve", now);
    await expect(
      approveDecision({ institutionId: b.inst, userId: b.approver2.id, name: "Abe Approver", stepUp }, second, { comment: null }, now, {
        commit: () => {
          throw new Error("signing failed");
        },
      }),
    ).rejects.toThrow("signing failed");
    expect((await db().select().from(notifications)).length).toBe(before.rows);
    expect((await db().select().from(outbox)).length).toBe(before.mails);
  });
});

describe("submission received", () => {
  it("tells the RM in the RM's language (F21) and sends the respondent a receipt with the PDF, in the assessment's language", async () => {
    const f = await createSentAssessment({ language: "es" });
    await db().update(users).set({ language: "en" }).where(eq(users.id, f.rm.id));
    expect((await saveAnswers(f.context, bestAnswers(f.questionnaire), new Date())).issues).toEqual([]);
    expect(await submitAssessment(f.context, { signatory: { name: "Ana Quispe", title: "Gerente", email: "ana@textiles.example" }, attest: true }, new Date())).toEqual({ status: "submitted" });

    const rows = await rowsFor(f.rm.id);
    expect(rows.map((r) => r.kind)).toEqual(["assessment.submitted"]);
    const [rmMail] = await mailTo(f.institutionId, f.rm.email);
    expect(rmMail).toMatchObject({ kind: "assessment.submitted", language: "en" });
    expect(rmMail!.subject).toMatch(/^Textiles Andinos S\.A\. submitted [A-Z]/);
    expect(rmMail!.subject).not.toMatch(/questionnaire .*questionnaire/i);
    expect(rmMail!.body).toContain("Signed by Ana Quispe (Gerente) on ");

    const [receipt] = await mailTo(f.institutionId, "ana@textiles.example");
    expect(receipt).toMatchObject({ kind: "respondent.receipt", language: "es", subject: "Banco Respondent: recibimos su cuestionario" });
    expect(receipt!.body).toContain("va adjunto en PDF");
    expect(receipt!.body).not.toMatch(/\d{4}-\d\d-\d\d|UTC|gov\./);
    expect(receipt!.attachment).toMatchObject({ type: "submission-receipt", assessmentId: f.assessmentId, fileName: "Comprobante-de-envio.pdf" });
    const { sent, transport } = recordingTransport();
    await deliverDueEmails(transport, new Date(Date.now() + 1000));
    const pdf = sent.find((m) => m.to === "ana@textiles.example")!.attachments![0]!;
    expect(pdf.content.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.contentType).toBe("application/pdf");
  });
});

describe("preferences", () => {
  it("in-app only stops the e-mail but keeps the notification; a security notice is e-mailed anyway", async () => {
    const b = await bank();
    const admin = await createUser(b.inst, ["admin"], { name: "Ada Admin" });
    const adminCookie = await cookieFor(admin);
    const rmCookie = await cookieFor(b.rm);
    // Everything unticked: in-app only for every kind that can be turned off.
    expect((await settle(() => accountAction({ request: formRequest("/app/account", {}, rmCookie), params: {}, context: {} }))).status).toBe(302);
    expect((await settle(() => accountAction({ request: formRequest("/app/account", {}, adminCookie), params: {}, context: {} }))).status).toBe(302);
    const prefs = (await accountLoader({ request: getRequest("/app/account", adminCookie), params: {}, context: {} })) as Awaited<ReturnType<typeof accountLoader>>;
    expect(prefs.preferences.find((p) => p.kind === "decision.approved")).toMatchObject({ byEmail: false, isSecurity: false });
    expect(prefs.preferences.find((p) => p.kind === "security.api-key-created")).toMatchObject({ byEmail: true, isSecurity: true });
    expect((await settle(() => accountAction({ request: formRequest("/app/account", { "email.no-such": "on" }, rmCookie), params: {}, context: {} }))).status).toBe(400);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, b.rm.id), eq(auditEvents.action, "notification-preferences.updated")))).toHaveLength(1);

    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id });
    const id = await propose(sub.assessmentId, rmCookie, { outcome: "approve", rationale: "Good." });
    expect((await review(id, await cookieFor(b.approver2), { intent: "approve", password: PASSWORD })).status).toBe(302);
    expect((await rowsFor(b.rm.id)).map((r) => r.kind)).toEqual(["decision.approved"]);
    expect((await mailTo(b.inst, b.rm.email)).filter((m) => m.kind === "decision.approved")).toEqual([]);

    await createApiKey({ institutionId: b.inst, userId: admin.id }, { name: "Core banking", scope: "read", canReadAudit: false }, new Date());
    expect((await rowsFor(admin.id)).map((r) => r.kind)).toEqual(["security.api-key-created"]);
    const [notice] = await mailTo(b.inst, admin.email);
    expect(notice).toMatchObject({ kind: "security.api-key-created", subject: "API key created: Core banking" });
    expect(notice!.body).toContain("cannot be turned off");
    expect(await rowsFor(b.rm.id)).toHaveLength(1);
  });

  it("mark all read clears the count of that person only", async () => {
    const b = await bank();
    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id });
    await propose(sub.assessmentId, await cookieFor(b.rm), { outcome: "approve", rationale: "Good." });
    const cookie = await cookieFor(b.approver);
    const done = await notificationsPost(cookie, { intent: "read-all" });
    expect(done.status).toBe(302);
    expect((await rowsFor(b.approver.id)).every((r) => r.readAt !== null)).toBe(true);
    expect((await rowsFor(b.approver2.id)).every((r) => r.readAt === null)).toBe(true);
    expect((await notificationsPost(cookie, { intent: "nonsense" })).status).toBe(400);
  });
});

describe("institution time zone", () => {
  it("an admin sets it; an unknown zone is a 400 naming the field; e-mails then write times in it", async () => {
    const b = await bank();
    const admin = await createUser(b.inst, ["admin"]);
    const cookie = await cookieFor(admin);
    const post = (timeZone: string) => settle(() => policyAction({ request: formRequest("/app/admin/policy", { intent: "time-zone", timeZone }, cookie), params: {}, context: {} }));
    const bad = await post("Mars/Olympus");
    expect(bad.status).toBe(400);
    expect((bad.response as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({ timeZone: ["policy.error.timeZone"] });
    const rmCookie = await cookieFor(b.rm);
    expect((await settle(() => policyAction({ request: formRequest("/app/admin/policy", { intent: "time-zone", timeZone: "Asia/Tokyo" }, rmCookie), params: {}, context: {} }))).status).toBe(403);
    expect((await post("Asia/Tokyo")).status).toBe(302);
    expect((await db().select().from(institutions).where(eq(institutions.id, b.inst)))[0]!.timeZone).toBe("Asia/Tokyo");
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.chain, b.inst), eq(auditEvents.action, "institution.time-zone-updated")))).toHaveLength(1);

    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id });
    await propose(sub.assessmentId, await cookieFor(b.rm), { outcome: "approve", rationale: "Good." });
    const [mail] = await mailTo(b.inst, b.approver2.email);
    expect(mail!.body).toMatch(/ at \d{1,2}:\d\d\s?[AP]M GMT\+9\./);
  });
});

describe("condition reminders", () => {
  async function approvedWithCondition(timeZone: string, due: string) {
    const b = await bank({ timeZone });
    const sub = await createSubmittedAssessment({ institutionId: b.inst, sentBy: b.rm.id, language: "en", client: { contactEmail: "ops@client.example" } });
    const id = await propose(sub.assessmentId, await cookieFor(b.rm), withConditions(due));
    expect((await review(id, await cookieFor(b.approver2), { intent: "approve", password: PASSWORD })).status).toBe(302);
    return b;
  }

  it("14 days, 3 days and overdue, each once, to the client's contact and the RM, counted in the institution's day", async () => {
    const due = inDays(40);
    const b = await approvedWithCondition("America/Mexico_City", due);
    const at = (iso: string) => new Date(iso);
    const reminders = async () => (await mailTo(b.inst, "ops@client.example")).filter((m) => m.kind === "client.condition-reminder");
    const dueMs = Date.parse(`${due}T00:00:00Z`);

    // 14 days before in Mexico City: 15 days before in UTC until 06:00 UTC.
    const mine = (report: Awaited<ReturnType<typeof runConditionReminders>>) => report.filter((r) => r.institutionId === b.inst);
    expect(mine(await runConditionReminders(at(new Date(dueMs - 15 * 86_400_000 + 3 * 3600_000).toISOString())))).toEqual([]);
    const first = await runConditionReminders(at(new Date(dueMs - 14 * 86_400_000 + 12 * 3600_000).toISOString()));
    expect(mine(first).map((r) => r.stage)).toEqual(["due-14"]);
    expect(mine(await runConditionReminders(at(new Date(dueMs - 13 * 86_400_000).toISOString())))).toEqual([]);
    expect((await reminders()).map((m) => m.subject)).toEqual(["Banco Aviso: a condition is due in 14 days"]);
    expect((await reminders())[0]!.body).toContain("“Send the signed recruitment-fee policy”");
    expect((await reminders())[0]!.body).toMatch(/due in 14 days, on [A-Z][a-z]+ \d{1,2}, \d{4}:/);

    await runConditionReminders(at(new Date(dueMs - 3 * 86_400_000 + 12 * 3600_000).toISOString()));
    await runConditionReminders(at(new Date(dueMs + 1 * 86_400_000 + 12 * 3600_000).toISOString()));
    await runConditionReminders(at(new Date(dueMs + 5 * 86_400_000).toISOString()));
    expect((await reminders()).map((m) => m.subject)).toEqual(["Banco Aviso: a condition is due in 14 days", "Banco Aviso: a condition is due in 3 days", "Banco Aviso: a condition is overdue"]);
    const rm = (await rowsFor(b.rm.id)).filter((r) => r.kind === "condition.reminder").map((r) => JSON.parse(r.params).stage);
    expect(rm.sort()).toEqual(["due-14", "due-3", "overdue"]);
    expect((await mailTo(b.inst, b.rm.email)).filter((m) => m.kind === "condition.reminder")).toHaveLength(3);
    const ledger = await db().select().from(conditionReminders).where(eq(conditionReminders.institutionId, b.inst));
    expect(ledger.map((l) => l.kind).sort()).toEqual(["due-14", "due-3", "overdue"]);
  });

  it("a zone ahead of UTC reaches the reminder day earlier", async () => {
    const due = inDays(40);
    const b = await approvedWithCondition("Asia/Tokyo", due);
    // 20:00 UTC, 15 days before the due date in UTC, is already 14 days before in Tokyo.
    const report = await runConditionReminders(new Date(Date.parse(`${due}T00:00:00Z`) - 15 * 86_400_000 + 20 * 3600_000));
    expect(report.filter((r) => r.institutionId === b.inst).map((r) => r.stage)).toEqual(["due-14"]);
  });
});
