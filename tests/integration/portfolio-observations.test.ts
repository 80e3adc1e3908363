import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { auditEvents, clients, draftAnswers, financialObservations, institutions, outbox, results } from "../../db/tables";
import { action as observationsAction, loader as observationsLoader } from "~/routes/app+/clients+/$clientId.observations";
import { loader as referralLoader } from "~/routes/app+/exports+/referrals.$observationId";
import { action as policyAction, loader as policyLoader } from "~/routes/app+/admin+/policy";
import { action as reassessAction, loader as reassessLoader } from "~/routes/app+/reassessment+/index";
import { findAssessment } from "~/repositories/assessment-core.server";
import { scoreAssessment } from "~/services/scoring.server";
import { addDays, todayOf } from "~/domain/portfolio";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { addAssessment, addClient, addDecision, addResult } from "../helpers/portfolio-factories";

const today = todayOf(new Date());

async function post(fn: (args: ActionFunctionArgs) => Promise<unknown>, pathname: string, fields: Record<string, string | string[]>, cookie: string, params: Record<string, string> = {}) {
  return await settle(() => fn({ request: formRequest(pathname, fields, cookie), params, context: {} }));
}
async function get(fn: (args: LoaderFunctionArgs) => Promise<unknown>, pathname: string, cookie: string, params: Record<string, string> = {}) {
  return await settle(() => fn({ request: getRequest(pathname, cookie), params, context: {} }));
}

async function bank() {
  const inst = await createInstitution("Banco Observa");
  const rm = await createUser(inst, ["rm"], { name: "Olga RM" });
  const admin = await createUser(inst, ["admin"], { email: `admin-${inst.slice(-6).toLowerCase()}@bank.example` });
  return { inst, rm, admin, rmCookie: await cookieFor(rm), adminCookie: await cookieFor(admin) };
}

describe("financial observations", () => {
  it("records observations without touching the score, refers them (outbox + audit + referral record) and prints the case file", async () => {
    const b = await bank();
    await db().update(institutions).set({ financialCrimeEmail: "fiu@bank.example" }).where(eq(institutions.id, b.inst));
    const client = await addClient(b.inst, { name: "Ñandú Confecciones", residualRisk: "medium", gate: "open", gateReason: "approved" });
    const assessment = await addAssessment(b.inst, client, b.rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z" });
    const { resultId } = await addResult(b.inst, assessment, { redFlags: [{ code: "RF-FEES", severity: "major" }] });
    const resultsBefore = (await db().select().from(results)).length;

    const res = await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["cash-wages", "recruiter-payments"], note: "Payroll of 40 workers paid from one account, USD 9,800 in cash weekly" }, b.rmCookie, { clientId: client });
    expect(res.status).toBe(302);
    expect((res.response as Response).headers.get("Location")).toContain("recorded=fiu%40bank.example");

    const row = (await db().select().from(financialObservations).where(eq(financialObservations.clientId, client)).limit(1))[0]!;
    expect(row.codes).toEqual(["cash-wages", "recruiter-payments"]);
    expect(row.referredTo).toBe("fiu@bank.example");
    expect(row.referral).toMatchObject({
      to: ["fiu@bank.example"],
      client: { name: "Ñandú Confecciones", residualRisk: "medium" },
      observations: [{ code: "cash-wages" }, { code: "recruiter-payments" }],
      latestResult: { resultId, redFlags: [{ code: "RF-FEES", severity: "major" }] },
      scoreUnchanged: true,
    });
    // The control score and residual risk are untouched.
    expect(await db().select().from(results)).toHaveLength(resultsBefore);
    expect((await db().select().from(clients).where(eq(clients.id, client)).limit(1))[0]!.residualRisk).toBe("medium");

    const mail = await db().select().from(outbox).where(and(eq(outbox.institutionId, b.inst), eq(outbox.kind, "observation.referral")));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddress).toBe("fiu@bank.example");
    expect(mail[0]!.body).toContain("RF-FEES");
    expect(mail[0]!.body).toContain(`/app/exports/referrals/${row.id}`);
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.chain, b.inst))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["observation.recorded", "observation.referred"]));

    const pdf = await get(referralLoader, `/app/exports/referrals/${row.id}`, b.rmCookie, { observationId: row.id });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="referral-/);
    const bytes = Buffer.from(await (pdf.response as Response).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.resolve(process.cwd(), `.tmp/referral-${process.pid}.pdf`);
    fs.writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", [file, "-"]).toString("utf8");
    fs.rmSync(file, { force: true });
    expect(text).toContain("Ñandú Confecciones");
    expect(text).toContain("USD 9,800");
    expect(text).toContain("RF-FEES");
    expect(text).toContain("FIN-2020-A008");

    const page = await get(observationsLoader, `/app/clients/${client}/observations`, b.rmCookie, { clientId: client });
    expect((page.response as { observations: unknown[] }).observations).toHaveLength(1);
  });

  it("refers to the active admins when no financial-crime contact is set", async () => {
    const b = await bank();
    const client = await addClient(b.inst);
    const res = await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["high-risk-wires"] }, b.rmCookie, { clientId: client });
    expect(res.status).toBe(302);
    const mail = await db().select().from(outbox).where(and(eq(outbox.institutionId, b.inst), eq(outbox.kind, "observation.referral")));
    expect(mail.map((m) => m.toAddress)).toEqual([`admin-${b.inst.slice(-6).toLowerCase()}@bank.example`]);
    expect((await db().select().from(financialObservations).where(eq(financialObservations.clientId, client)).limit(1))[0]!.referral).toMatchObject({ latestResult: null });
  });

  it("refuses no observation, an unknown code and 'other' without a note with 400 naming the field", async () => {
    const b = await bank();
    const client = await addClient(b.inst);
    const none = await post(observationsAction, `/app/clients/${client}/observations`, { note: "x" }, b.rmCookie, { clientId: client });
    expect(none.status).toBe(400);
    expect(none.response).toMatchObject({ fieldErrors: { codes: ["observations.error.chooseOne"] } });
    const unknown = await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["bitcoin"] }, b.rmCookie, { clientId: client });
    expect(unknown.status).toBe(400);
    expect(Object.keys((unknown.response as { fieldErrors: object }).fieldErrors)).toEqual(["codes"]);
    const other = await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["other"], note: "odd" }, b.rmCookie, { clientId: client });
    expect(other.status).toBe(400);
    expect(other.response).toMatchObject({ fieldErrors: { note: ["observations.error.otherNeedsNote"] }, values: { note: "odd" } });
    expect((await db().select().from(financialObservations)).filter((o) => o.clientId === client)).toHaveLength(0);
  });

  it("answers 404 for another institution's client and referral, and 403 to roles that may not record", async () => {
    const b = await bank();
    const other = await bank();
    const client = await addClient(other.inst);
    expect((await get(observationsLoader, `/app/clients/${client}/observations`, b.rmCookie, { clientId: client })).status).toBe(404);
    expect((await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["cash-wages"] }, b.rmCookie, { clientId: client })).status).toBe(404);
    await post(observationsAction, `/app/clients/${client}/observations`, { codes: ["cash-wages"] }, other.rmCookie, { clientId: client });
    const obs = (await db().select().from(financialObservations).where(eq(financialObservations.clientId, client)).limit(1))[0]!;
    expect((await get(referralLoader, `/app/exports/referrals/${obs.id}`, b.rmCookie, { observationId: obs.id })).status).toBe(404);
    const mine = await addClient(b.inst);
    expect((await post(observationsAction, `/app/clients/${mine}/observations`, { codes: ["cash-wages"] }, b.adminCookie, { clientId: mine })).status).toBe(403);
  });
});

describe("policy administration", () => {
  function form(overrides: Record<string, string> = {}) {
    return {
      "recommendation.low": "approve",
      "recommendation.medium": "approve-with-conditions",
      "recommendation.high": "decline",
      "recommendation.critical": "decline",
      "validityMonths.low": "36",
      "validityMonths.medium": "12",
      "validityMonths.high": "6",
      "validityMonths.critical": "0",
      financialCrimeEmail: "FIU@Bank.example",
      ...overrides,
    };
  }

  it("saves a valid policy, audits before and after, and later results are stamped with it", async () => {
    const b = await bank();
    const res = await post(policyAction, "/app/admin/policy", form(), b.adminCookie);
    expect(res.status).toBe(302);
    const stored = (await db().select().from(institutions).where(eq(institutions.id, b.inst)).limit(1))[0]!;
    expect(stored.financialCrimeEmail).toBe("fiu@bank.example");
    expect(stored.policy).toMatchObject({ recommendation: { high: "decline" }, validityMonths: { low: 36, high: 6 }, sectionFloorRaise: false });
    const version = (stored.policy as { version: string }).version;
    expect(version).toMatch(/^banco-observa-/);
    const event = (await db().select().from(auditEvents).where(eq(auditEvents.chain, b.inst))).find((e) => e.action === "policy.updated")!;
    expect(event.before).toMatchObject({ policy: { version: "default-1" }, financialCrimeEmail: null });
    expect(event.after).toMatchObject({ policy: { version }, financialCrimeEmail: "fiu@bank.example" });
    const page = await get(policyLoader, "/app/admin/policy", b.adminCookie);
    expect(page.response).toMatchObject({ policy: { version }, isDefault: false, canManage: true });
    // A result scored now carries the new policy.
    const client = await addClient(b.inst);
    const assessmentId = await addAssessment(b.inst, client, b.rm.id, { status: "submitted" });
    const scored = await scoreAssessment((await findAssessment(b.inst, assessmentId, db()))!, {}, db());
    expect(scored.policy.version).toBe(version);
    expect(scored.policy.recommendation.high).toBe("decline");
  });

  it("refuses invalid values with 400 naming the field, and changes nothing", async () => {
    const b = await bank();
    const months = await post(policyAction, "/app/admin/policy", form({ "validityMonths.medium": "240" }), b.adminCookie);
    expect(months.status).toBe(400);
    expect(Object.keys((months.response as { fieldErrors: object }).fieldErrors)).toEqual(["validityMonths.medium"]);
    const rec = await post(policyAction, "/app/admin/policy", form({ "recommendation.high": "lend-anyway" }), b.adminCookie);
    expect(rec.status).toBe(400);
    expect((rec.response as { fieldErrors: Record<string, string[]> }).fieldErrors["recommendation.high"]?.[0]).toContain('"recommendation.high"');
    const critical = await post(policyAction, "/app/admin/policy", form({ "recommendation.critical": "approve" }), b.adminCookie);
    expect(critical.status).toBe(400);
    expect(Object.keys((critical.response as { fieldErrors: object }).fieldErrors)).toEqual(["recommendation.critical"]);
    const email = await post(policyAction, "/app/admin/policy", form({ financialCrimeEmail: "not-an-address" }), b.adminCookie);
    expect(email.status).toBe(400);
    expect(Object.keys((email.response as { fieldErrors: object }).fieldErrors)).toEqual(["financialCrimeEmail"]);
    expect((await db().select().from(institutions).where(eq(institutions.id, b.inst)).limit(1))[0]!.policy).toBeNull();
    expect((await post(policyAction, "/app/admin/policy", form(), b.rmCookie)).status).toBe(403);
  });
});

describe("re-assessment", () => {
  it("lists expiring, expired and gate-closed clients, and re-assesses with the previous answers prefilled", async () => {
    const b = await bank();
    const expiring = await addClient(b.inst, { name: "Expiring Co", gate: "open", gateReason: "approved", residualRisk: "low" });
    const expired = await addClient(b.inst, { name: "Expired Co", gate: "closed", gateReason: "expired", residualRisk: "medium" });
    const overdue = await addClient(b.inst, { name: "Overdue Condition Co", gate: "closed", gateReason: "condition-overdue", residualRisk: "medium" });
    const fine = await addClient(b.inst, { name: "Fine Co", gate: "open", gateReason: "approved" });
    await addClient(b.inst, { name: "Never Co" });
    const busy = await addClient(b.inst, { name: "Busy Co", gate: "closed", gateReason: "expired" });
    const ids: Record<string, string> = {};
    for (const [client, validUntil] of [[expiring, addDays(today, 20)], [expired, addDays(today, -5)], [overdue, addDays(today, 200)], [fine, addDays(today, 300)], [busy, addDays(today, -5)]] as const) {
      const a = await addAssessment(b.inst, client, b.rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z", language: "es" });
      ids[client] = a;
      const { resultId } = await addResult(b.inst, a, { answers: { "gov.policy": { value: "yes", comment: "Política aprobada" }, "gone.question": { value: "yes" } } });
      await addDecision(b.inst, client, a, resultId, b.rm.id, { validUntil });
    }
    await addAssessment(b.inst, busy, b.rm.id, { status: "in-progress" });

    const list = await get(reassessLoader, "/app/reassessment", b.rmCookie);
    const rows = (list.response as { rows: Array<{ name: string; reason: string; previous: { assessmentId: string } | null }> }).rows;
    expect(rows.map((r) => [r.name, r.reason])).toEqual([
      ["Expired Co", "expired"],
      ["Expiring Co", "expiring"],
      ["Overdue Condition Co", "gate-closed"],
    ]);
    expect(rows[0]!.previous?.assessmentId).toBe(ids[expired]);

    const res = await post(reassessAction, "/app/reassessment", { clientId: expired, dueDate: addDays(today, 30), language: "es" }, b.rmCookie);
    expect(res.status).toBe(302);
    const location = (res.response as Response).headers.get("Location")!;
    expect(location).toContain("prefilled=1");
    const newId = new URL(location, "http://x").searchParams.get("assessment")!;
    const sent = (await findAssessment(b.inst, newId, db()))!;
    expect(sent).toMatchObject({ status: "sent", previousAssessmentId: ids[expired], language: "es", questionnaireKey: "anti-trafficking" });
    const drafts = await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, newId));
    expect(drafts.map((d) => [d.questionId, d.value, d.comment])).toEqual([["gov.policy", "yes", "Política aprobada"]]);
    // It now has an assessment under way, so it leaves the list.
    const after = await get(reassessLoader, "/app/reassessment", b.rmCookie);
    expect((after.response as { rows: Array<{ name: string }> }).rows.map((r) => r.name)).not.toContain("Expired Co");
  });

  it("refuses bad input with 400, another institution's client with 404, and non-senders with 403", async () => {
    const b = await bank();
    const other = await bank();
    const theirs = await addClient(other.inst, { gate: "closed", gateReason: "expired" });
    const bad = await post(reassessAction, "/app/reassessment", { clientId: theirs, dueDate: "soon", language: "en" }, b.rmCookie);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.response)).toContain("dueDate");
    expect((await post(reassessAction, "/app/reassessment", { clientId: theirs, dueDate: addDays(today, 30), language: "en" }, b.rmCookie)).status).toBe(404);
    expect((await post(reassessAction, "/app/reassessment", { clientId: theirs, dueDate: addDays(today, 30), language: "en" }, b.adminCookie)).status).toBe(403);
  });
});
