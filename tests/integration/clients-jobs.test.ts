// The reminder and expiry job with a fixed clock: reminders 7/3/1/0 days before the due date in
// the assessment's language to every live respondent, each kind once; expiry past due date plus
// grace (audited, gate refreshed); nothing for submitted assessments.
import { execFileSync } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { assessments, auditEvents, clients, outbox, reminders } from "../../db/tables";
import { resolveRespondentToken } from "~/auth/respondent.server";
import { getConnection } from "~/db.server";
import { setAssessmentStatus } from "~/repositories/assessments.server";
import { resendAssessment } from "~/services/assessments.server";
import { runReminderJobs } from "~/services/reminders.server";
import { db } from "../helpers/factories";
import { bankWithRm, makeClient, send, tokenOf } from "../helpers/clients-factories";

const SENT_AT = new Date("2031-05-01T09:00:00Z");
const DUE = "2031-05-20";

// Tests in this file share one database: look only at the test's own institution.
async function run(institutionId: string, iso: string) {
  const report = await runReminderJobs(new Date(iso));
  return { reminders: report.reminders.filter((r) => r.institutionId === institutionId), expired: report.expired.filter((e) => e.institutionId === institutionId) };
}

async function remindersOf(institutionId: string) {
  return await db().select().from(outbox).where(and(eq(outbox.institutionId, institutionId), eq(outbox.kind, "assessment.reminder")));
}

describe("runReminderJobs", () => {
  it("sends each reminder once, on its day, in the assessment's language, to every live respondent", async () => {
    const bank = await bankWithRm();
    const sent = await send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: DUE, language: "es" }, SENT_AT);
    await resendAssessment(bank.actor, sent.assessment.id, {}, SENT_AT);

    expect((await run(bank.institutionId, "2031-05-12T09:00:00Z")).reminders).toEqual([]);
    const r7 = await run(bank.institutionId, "2031-05-13T09:00:00Z");
    expect(r7.reminders).toEqual([{ institutionId: bank.institutionId, assessmentId: sent.assessment.id, kind: "due-7", emails: 1 }]);
    expect((await run(bank.institutionId, "2031-05-13T18:00:00Z")).reminders).toEqual([]);
    expect((await run(bank.institutionId, "2031-05-17T09:00:00Z")).reminders.map((r) => r.kind)).toEqual(["due-3"]);
    expect((await run(bank.institutionId, "2031-05-19T09:00:00Z")).reminders.map((r) => r.kind)).toEqual(["due-1"]);
    expect((await run(bank.institutionId, "2031-05-20T09:00:00Z")).reminders.map((r) => r.kind)).toEqual(["due-0"]);
    expect((await run(bank.institutionId, "2031-05-20T10:00:00Z")).reminders).toEqual([]);

    const emails = await remindersOf(bank.institutionId);
    expect(emails).toHaveLength(4);
    for (const e of emails) {
      expect(e).toMatchObject({ language: "es", toAddress: "ana.quispe@textiles.example" });
      expect(e.subject).toBe("Recordatorio: el cuestionario de Banco Uno vence el 20 de mayo de 2031");
      expect(e.body).not.toContain("pvn_rsp_");
    }
    expect(emails.map((e) => e.body.match(/\((dentro de 7 días|dentro de 3 días|mañana|hoy)\)/)?.[1])).toEqual(["dentro de 7 días", "dentro de 3 días", "mañana", "hoy"]);
    expect((await db().select().from(reminders).where(eq(reminders.assessmentId, sent.assessment.id))).map((r) => r.kind).sort()).toEqual(["due-0", "due-1", "due-3", "due-7"]);
  });

  it("sends nothing for a submitted assessment and never expires it", async () => {
    const bank = await bankWithRm();
    const sent = await send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: DUE }, SENT_AT);
    await setAssessmentStatus(bank.institutionId, sent.assessment.id, "submitted", SENT_AT.toISOString(), db());
    expect((await run(bank.institutionId, "2031-05-17T09:00:00Z")).reminders).toEqual([]);
    expect((await run(bank.institutionId, "2031-07-01T00:00:00Z")).expired).toEqual([]);
    expect((await db().select().from(assessments).where(eq(assessments.id, sent.assessment.id)).limit(1))[0]!.status).toBe("submitted");
    expect(await remindersOf(bank.institutionId)).toEqual([]);
  });

  it("expires an assessment past its due date plus grace, audits it and closes the gate", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const sent = await send(bank.actor, client.id, { dueDate: DUE }, SENT_AT);
    expect((await run(bank.institutionId, "2031-06-03T23:59:59Z")).expired).toEqual([]);
    const report = await run(bank.institutionId, "2031-06-04T00:00:00Z");
    expect(report.expired).toEqual([{ institutionId: bank.institutionId, assessmentId: sent.assessment.id }]);
    expect((await db().select().from(assessments).where(eq(assessments.id, sent.assessment.id)).limit(1))[0]!.status).toBe("expired");
    expect((await db().select().from(clients).where(eq(clients.id, client.id)).limit(1))[0]).toMatchObject({ gate: "closed", gateReason: "never-assessed" });
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, sent.assessment.id), eq(auditEvents.action, "assessment.expired"))).limit(1))[0]!;
    expect(event).toMatchObject({ actorType: "system", before: { status: "sent" }, after: { status: "expired" } });
    expect(await resolveRespondentToken(tokenOf(sent.respondUrl), new Date("2031-06-04T00:00:00Z"))).toMatchObject({ state: "gone", reason: "expired" });
    expect((await run(bank.institutionId, "2031-06-05T00:00:00Z")).expired).toEqual([]);
  });

  it("npm run jobs runs once with --now and prints what it did", async () => {
    const bank = await bankWithRm();
    const sent = await send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: DUE }, SENT_AT);
    const url = getConnection().url;
    const out = execFileSync("node_modules/.bin/tsx", ["scripts/jobs.ts", "--now", "2031-05-13T09:00:00Z"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    expect(out).toContain("jobs at 2031-05-13T09:00:00.000Z");
    expect(out).toContain(`reminder  due-7  assessment ${sent.assessment.id}`);
    expect(out).toMatch(/1 reminder\(s\), 0 expired, \d+ gate\(s\) changed/);
    expect(await remindersOf(bank.institutionId)).toHaveLength(1);
    let failed: { status: number; stderr: string } | undefined;
    try {
      execFileSync("node_modules/.bin/tsx", ["scripts/jobs.ts", "--now", "yesterday"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = error as { status: number; stderr: string };
    }
    expect(failed?.status).toBe(2);
    expect(failed?.stderr).toContain("--now must be an ISO 8601 instant");
  }, 60_000);
});
