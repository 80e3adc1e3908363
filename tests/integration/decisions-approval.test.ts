// Decisions end to end through the routes: proposal rules, four-eyes approval with step-up,
// supersession, the gate, conditions, and that other tenants and auditors can change nothing.
import { and, eq } from "drizzle-orm";
import { assessments, attestations, auditEvents, clients, conditions, decisions, gateEvents, webhookDeliveries, webhooks } from "../../db/tables";
import { requireStaff } from "~/auth/session.server";
import { action as proposeAction, loader as proposeLoader } from "~/routes/app+/assessments+/$assessmentId_.decision";
import { action as decisionAction, loader as decisionLoader } from "~/routes/app+/decisions+/$decisionId";
import { loader as queueLoader } from "~/routes/app+/approvals+/index";
import { action as conditionAction, loader as conditionLoader } from "~/routes/app+/conditions+/$conditionId";
import { addCalendarMonths } from "~/domain/decision-rules";
import { approveDecision } from "~/services/decisions.server";
import { refreshAllGates } from "~/services/gate.server";
import { cookieFor, createInstitution, createUser, db, PASSWORD, stepUpFor } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";
import { createSubmittedAssessment } from "../helpers/review-factories";
import { issueLink, latestProof, sendProof } from "../helpers/condition-plan-factories";

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function setup(opts: Partial<Parameters<typeof createSubmittedAssessment>[0]> = {}) {
  const inst = await createInstitution("Banco Decide");
  const rm = await createUser(inst, ["rm"], { name: "Rita RM" });
  const approver = await createUser(inst, ["approver"], { name: "Alba Approver" });
  const auditor = await createUser(inst, ["auditor"]);
  const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id, ...opts });
  return {
    inst,
    rm,
    approver,
    auditor,
    sub,
    rmCookie: await cookieFor(rm),
    approverCookie: await cookieFor(approver),
    auditorCookie: await cookieFor(auditor),
  };
}

async function propose(assessmentId: string, fields: Record<string, string>, cookie: string) {
  return await settle(() => proposeAction({ request: formRequest(`/app/assessments/${assessmentId}/decision`, fields, cookie), params: { assessmentId }, context: {} }));
}

async function review(decisionId: string, fields: Record<string, string>, cookie: string) {
  const request = formRequest(`/app/decisions/${decisionId}`, fields, cookie);
  request.headers.set("Referer", `http://localhost/app/decisions/${decisionId}`);
  return await settle(() => decisionAction({ request, params: { decisionId }, context: {} }));
}

async function meet(conditionId: string, fields: Record<string, string>, cookie: string) {
  return await settle(() => conditionAction({ request: formRequest(`/app/conditions/${conditionId}`, fields, cookie), params: { conditionId }, context: {} }));
}

function decisionIdFrom(location: string | null): string {
  const m = /\/app\/decisions\/([^?]+)/.exec(location ?? "");
  if (!m?.[1]) throw new Error(`no decision id in ${location}`);
  return m[1];
}

const twoConditions = () => ({
  outcome: "approve-with-conditions",
  rationale: "Strong controls; two documents to follow.",
  "conditions[0].include": "on",
  "conditions[0].text": "Send the signed policy",
  "conditions[0].dueDate": inDays(30),
  "conditions[1].include": "on",
  "conditions[1].text": "Publish the modern slavery statement",
  "conditions[1].dueDate": inDays(60),
  "conditions[2].text": "Left unticked: not recorded",
  "conditions[2].dueDate": inDays(60),
});

describe("proposal", () => {
  it("prefills conditions from the result's remediation and shows the validity from policy", async () => {
    const { sub, rmCookie } = await setup({ documentStates: { "gov.policy": "pending", "legal.effectiveness-kpis": "pending" } });
    const data = (await proposeLoader({ request: getRequest(`/app/assessments/${sub.assessmentId}/decision`, rmCookie), params: { assessmentId: sub.assessmentId }, context: {} })) as Awaited<ReturnType<typeof proposeLoader>>;
    expect(data.suggested.map((c) => c.questionId)).toEqual(["gov.policy", "legal.effectiveness-kpis"]);
    expect(data.suggested[0]?.dueDate).toBe(inDays(90));
    expect(data.result).toMatchObject({ residualRisk: "low", recommendation: "approve", validityMonths: 24, hasCriticalFlag: false });
  });

  it("records a proposal with its ticked conditions, audited, and leaves the gate alone", async () => {
    const { sub, rm, rmCookie } = await setup();
    const res = await propose(sub.assessmentId, twoConditions(), rmCookie);
    expect(res.status).toBe(302);
    const id = decisionIdFrom(res.headers.get("Location"));
    const row = (await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]!;
    expect(row).toMatchObject({ status: "proposed", outcome: "approve-with-conditions", recommendation: "approve", residualRisk: "low", proposedBy: rm.id, validityMonths: 24, resultId: sub.resultId, validFrom: null });
    const conds = await db().select().from(conditions).where(eq(conditions.decisionId, id));
    expect(conds.map((c) => c.text).sort()).toEqual(["Publish the modern slavery statement", "Send the signed policy"]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.proposed"), eq(auditEvents.subjectId, id)))).toHaveLength(1);
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]?.gate).toBe("pending");
  });

  it("refuses a missing rationale, an unjustified lenient outcome, no condition, and a past due date, each on its field", async () => {
    const { sub, rmCookie } = await setup({ values: { "work.passport-retention": "yes" } });
    const noRationale = await propose(sub.assessmentId, { outcome: "decline", rationale: "" }, rmCookie);
    expect(noRationale.status).toBe(400);
    expect((noRationale.response as { error: Record<string, string[]> }).error.rationale).toEqual(["rule.rationale-required"]);

    const lenient = await propose(sub.assessmentId, { outcome: "approve", rationale: "Looks fine" }, rmCookie);
    expect(lenient.status).toBe(400);
    expect((lenient.response as { error: Record<string, string[]> }).error.justification).toEqual(["rule.justification-required-lenient"]);

    const noCondition = await propose(sub.assessmentId, { outcome: "approve-with-conditions", rationale: "x", justification: "Guarantee from the parent", "conditions[0].text": "" }, rmCookie);
    expect(noCondition.status).toBe(400);
    expect((noCondition.response as { error: Record<string, string[]> }).error.conditions).toEqual(["rule.condition-required"]);

    const pastDue = await propose(
      sub.assessmentId,
      { outcome: "approve-with-conditions", rationale: "x", justification: "Guarantee", "conditions[0].text": "", "conditions[1].include": "on", "conditions[1].text": "Late", "conditions[1].dueDate": "2020-01-01" },
      rmCookie,
    );
    expect(pastDue.status).toBe(400);
    expect((pastDue.response as { error: Record<string, string[]> }).error["conditions[1].dueDate"]).toEqual(["rule.condition-due-past"]);

    const badDate = await propose(sub.assessmentId, { outcome: "approve-with-conditions", rationale: "x", justification: "g", "conditions[0].include": "on", "conditions[0].text": "t", "conditions[0].dueDate": "tomorrow" }, rmCookie);
    expect(badDate.status).toBe(400);
    expect((badDate.response as { error: Record<string, string[]> }).error["conditions[0].dueDate"]).toEqual(["rule.invalid-date"]);

    const justified = await propose(sub.assessmentId, { outcome: "approve", rationale: "Remediated since", justification: "Passports returned; verified on site visit" }, rmCookie);
    expect(justified.status).toBe(302);
    expect(await db().select().from(decisions).where(eq(decisions.assessmentId, sub.assessmentId))).toHaveLength(1);
  });
});

describe("approval", () => {
  it("the proposer can never approve their own decision, even with both roles (403)", async () => {
    const { inst, sub } = await setup();
    const both = await createUser(inst, ["rm", "approver"]);
    const cookie = await cookieFor(both);
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, cookie)).headers.get("Location"));
    expect((await review(id, { intent: "approve" }, cookie)).status).toBe(403);
    expect((await review(id, { intent: "reject", comment: "no" }, cookie)).status).toBe(403);
    expect((await review(id, { intent: "approve", password: PASSWORD }, cookie)).status).toBe(403);
    const now = new Date();
    await expect(approveDecision({ institutionId: inst, userId: both.id, name: "x", stepUp: await stepUpFor({ id: both.id, institutionId: inst }, "decision.approve", now) }, id, { comment: null }, now)).rejects.toThrow(/never be its proposer/);
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("proposed");
    // The decision page offers no approve form to the proposer.
    const page = (await decisionLoader({ request: getRequest(`/app/decisions/${id}`, cookie), params: { decisionId: id }, context: {} })) as Awaited<ReturnType<typeof decisionLoader>>;
    expect(page).toMatchObject({ isOwn: true, canReview: false });
  });

  it("approving takes the password in the same post: missing 400, wrong 401, a recent sign-in is not enough; nothing changes", async () => {
    const { sub, approver, rmCookie, approverCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, rmCookie)).headers.get("Location"));
    const unchanged = async () => {
      expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("proposed");
      expect(await db().select().from(attestations).where(eq(attestations.decisionId, id))).toEqual([]);
      expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.approved"), eq(auditEvents.subjectId, id)))).toEqual([]);
    };
    // approverCookie's session was verified at sign-in, moments ago: still not a signature.
    const verifiedBefore = (await requireStaff(getRequest("/app", approverCookie))).verifiedAt;
    const missing = await review(id, { intent: "approve", comment: "Agreed." }, approverCookie);
    expect(missing.status).toBe(400);
    expect(missing.response).toMatchObject({ intent: "approve", passwordError: "stepUp.required", comment: "Agreed." });
    await unchanged();
    const blank = await review(id, { intent: "approve", password: "" }, approverCookie);
    expect(blank.status).toBe(400);
    await unchanged();
    const oneMinuteAgo = await cookieFor(approver, { verifiedAt: new Date(Date.now() - 60_000) });
    expect((await review(id, { intent: "approve" }, oneMinuteAgo)).status).toBe(400);
    await unchanged();
    const wrong = await review(id, { intent: "approve", password: "not my password" }, approverCookie);
    expect(wrong.status).toBe(401);
    expect(wrong.response).toMatchObject({ intent: "approve", passwordError: "stepUp.invalid" });
    expect(JSON.stringify(wrong.response)).not.toContain("not my password");
    await unchanged();
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.step-up.failed"), eq(auditEvents.subjectId, approver.id)))).toHaveLength(1);

    const right = await review(id, { intent: "approve", password: PASSWORD }, approverCookie);
    expect(right.status).toBe(302);
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("approved");
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.approved"), eq(auditEvents.subjectId, id)))).toHaveLength(1);
    // A successful step-up also moves the session's verification time.
    expect((await requireStaff(getRequest("/app", approverCookie))).verifiedAt > verifiedBefore).toBe(true);
  });

  it("the service refuses an approval without a proof from verifyStepUp, or with a look-alike", async () => {
    const { sub, approver, inst, rmCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, rmCookie)).headers.get("Location"));
    const now = new Date();
    const actor = { institutionId: inst, userId: approver.id, name: "Alba Approver" };
    await expect(approveDecision({ ...actor, stepUp: null }, id, { comment: null }, now)).rejects.toThrow(/password/);
    const lookAlike = { userId: approver.id, sessionIdHash: "x", purpose: "decision.approve", confirmedAt: now.toISOString() };
    await expect(approveDecision({ ...actor, stepUp: lookAlike }, id, { comment: null }, now)).rejects.toThrow(/password/);
    const someoneElses = await stepUpFor(await createUser(inst, ["approver"]), "decision.approve", now);
    await expect(approveDecision({ ...actor, stepUp: someoneElses }, id, { comment: null }, now)).rejects.toThrow(/password/);
    const old = await stepUpFor(approver, "decision.approve", new Date(now.getTime() - 5 * 60_000));
    await expect(approveDecision({ ...actor, stepUp: old }, id, { comment: null }, now)).rejects.toThrow(/password/);
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("proposed");
    await approveDecision({ ...actor, stepUp: await stepUpFor(approver, "decision.approve", now) }, id, { comment: null }, now);
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("approved");
  });

  it("approves in one go: validity from policy, assessment decided, audit, webhook event, gate conditional; meeting all conditions opens it", async () => {
    const { inst, sub, approver, rmCookie, approverCookie } = await setup();
    await db().insert(webhooks).values({ id: `wh-${inst}`, institutionId: inst, url: "https://bank.example/hook", events: ["decision.approved", "gate.changed"], encryptedSecret: "x", isActive: true, createdBy: approver.id, createdAt: new Date().toISOString() });
    const id = decisionIdFrom((await propose(sub.assessmentId, twoConditions(), rmCookie)).headers.get("Location"));
    const queue = (await queueLoader({ request: getRequest("/app/approvals", approverCookie), params: {}, context: {} })) as Awaited<ReturnType<typeof queueLoader>>;
    expect(queue.rows.find((r) => r.id === id)).toMatchObject({ outcome: "approve-with-conditions", recommendation: "approve", residualRisk: "low", proposerName: "Rita RM", ageDays: 0, deviates: false });

    const res = await review(id, { intent: "approve", password: PASSWORD, comment: "Agreed." }, approverCookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("gate=conditional");
    const row = (await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]!;
    expect(row).toMatchObject({ status: "approved", reviewedBy: approver.id, reviewComment: "Agreed.", validFrom: today(), validUntil: addCalendarMonths(today(), 24) });
    expect((await db().select().from(assessments).where(eq(assessments.id, sub.assessmentId)).limit(1))[0]?.status).toBe("decided");
    // The route issues the signed attestation inside the approval (issue 8's prepare/store).
    const attestation = (await db().select().from(attestations).where(eq(attestations.decisionId, id)).limit(1))[0]!;
    expect(attestation).toMatchObject({ clientId: sub.clientId, validUntil: addCalendarMonths(today(), 24) });
    expect(attestation.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const page = (await decisionLoader({ request: getRequest(`/app/decisions/${id}`, approverCookie), params: { decisionId: id }, context: {} })) as Awaited<ReturnType<typeof decisionLoader>>;
    expect(page).toMatchObject({ attestationId: attestation.id, canReview: false, canMeet: false, decision: { status: "approved", reviewerName: "Alba Approver" } });
    const client = (await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]!;
    expect(client).toMatchObject({ gate: "conditional", gateReason: "approved-with-conditions" });
    expect((await db().select().from(gateEvents).where(eq(gateEvents.clientId, sub.clientId))).map((g) => g.gate)).toContain("conditional");
    expect((await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.approved"), eq(auditEvents.subjectId, id))).limit(1))[0]?.actorId).toBe(approver.id);
    const delivery = (await db().select().from(webhookDeliveries).where(and(eq(webhookDeliveries.institutionId, inst), eq(webhookDeliveries.event, "decision.approved"))).limit(1))[0]!;
    expect(JSON.parse(delivery.payload).data).toMatchObject({ decisionId: id, clientId: sub.clientId, outcome: "approve-with-conditions", validFrom: today() });
    expect((await db().select().from(webhookDeliveries).where(and(eq(webhookDeliveries.institutionId, inst), eq(webhookDeliveries.event, "gate.changed")))).length).toBeGreaterThan(0);

    // Conditions are met four-eyes (F18): the client's proof, the RM's proposal, an approver's confirmation.
    const conds = await db().select().from(conditions).where(eq(conditions.decisionId, id));
    const token = await issueLink(inst, id, sub.clientId);
    for (const c of conds) await sendProof(token, c.id);
    const first = await meet(conds[0]!.id, { intent: "propose", outcome: "met", comment: "Received the signed policy", documentId: await latestProof(conds[0]!.id) }, rmCookie);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/app/conditions/${conds[0]!.id}?flash=proposed`);
    expect((await meet(conds[0]!.id, { intent: "confirm" }, approverCookie)).headers.get("Location")).toBe(`/app/conditions/${conds[0]!.id}?flash=confirmed&gate=conditional`);
    await meet(conds[1]!.id, { intent: "propose", outcome: "met", comment: "Statement published", documentId: await latestProof(conds[1]!.id) }, rmCookie);
    expect((await meet(conds[1]!.id, { intent: "confirm" }, approverCookie)).headers.get("Location")).toBe(`/app/conditions/${conds[1]!.id}?flash=confirmed&gate=open`);
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]).toMatchObject({ gate: "open", gateReason: "approved" });
    expect((await db().select().from(auditEvents).where(eq(auditEvents.action, "condition.met"))).filter((e) => e.subjectId === conds[0]!.id)).toHaveLength(1);
    expect((await meet(conds[1]!.id, { intent: "confirm" }, approverCookie)).status).toBe(409);
  });

  it("an overdue unmet condition closes the gate on the clock; meeting it reopens; evidence must be this client's", async () => {
    const { inst, rm, approver, sub, rmCookie, approverCookie } = await setup();
    const id = decisionIdFrom(
      (await propose(sub.assessmentId, { outcome: "approve-with-conditions", rationale: "one thing", "conditions[0].include": "on", "conditions[0].text": "Send the payroll", "conditions[0].dueDate": today() }, rmCookie)).headers.get("Location"),
    );
    expect((await review(id, { intent: "approve", password: PASSWORD }, approverCookie)).status).toBe(302);
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]?.gate).toBe("conditional");
    await refreshAllGates(new Date(Date.now() + 2 * 86_400_000));
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]).toMatchObject({ gate: "closed", gateReason: "condition-overdue" });
    const conditionId = (await db().select().from(conditions).where(eq(conditions.decisionId, id)).limit(1))[0]!.id;
    // Evidence is one of this condition's uploads, never another document's id.
    const stranger = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id });
    expect((await meet(conditionId, { intent: "propose", outcome: "met", comment: "payroll received", documentId: stranger.documentOf["gov.policy"]! }, rmCookie)).status).toBe(400);
    expect((await meet(conditionId, { intent: "propose", outcome: "met", comment: "payroll received", documentId: sub.documentOf["gov.policy"]! }, rmCookie)).status).toBe(400);
    expect((await meet(conditionId, { intent: "propose", outcome: "met", comment: " " }, rmCookie)).status).toBe(400);
    await sendProof(await issueLink(inst, id, sub.clientId), conditionId);
    const proof = await latestProof(conditionId);
    expect((await meet(conditionId, { intent: "propose", outcome: "met", comment: "payroll received", documentId: proof }, rmCookie)).status).toBe(302);
    // Proposed is not met: the gate stays closed until an approver confirms.
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]?.gate).toBe("closed");
    const ok = await meet(conditionId, { intent: "confirm" }, approverCookie);
    expect(ok.headers.get("Location")).toBe(`/app/conditions/${conditionId}?flash=confirmed&gate=open`);
    expect((await db().select().from(conditions).where(eq(conditions.id, conditionId)).limit(1))[0]).toMatchObject({ status: "met", metBy: approver.id, proposedBy: rm.id, metNote: "payroll received", metDocumentId: proof });
    // A decided assessment is no longer reviewable: evidence and proposals are refused.
    const { action: reviewAction } = await import("~/routes/app+/assessments+/$assessmentId_.review");
    const late = await settle(() =>
      reviewAction({ request: formRequest(`/app/assessments/${sub.assessmentId}/review`, { intent: "accept-document", documentId: sub.documentOf["gov.policy"]! }, rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }),
    );
    expect(late.status).toBe(409);
    expect((await propose(sub.assessmentId, { outcome: "decline", rationale: "x" }, rmCookie)).status).toBe(409);
  });

  it("a new approved decision supersedes the previous one, which stays in the history", async () => {
    const { inst, rm, sub, rmCookie, approverCookie } = await setup();
    const first = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "first" }, rmCookie)).headers.get("Location"));
    expect((await review(first, { intent: "approve", password: PASSWORD }, approverCookie)).status).toBe(302);
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]?.gate).toBe("open");

    // A re-assessment of the same client, submitted and reviewed.
    const again = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id });
    await db().update(assessments).set({ clientId: sub.clientId }).where(eq(assessments.id, again.assessmentId));
    await db().update(decisions).set({ clientId: sub.clientId }).where(eq(decisions.assessmentId, again.assessmentId));
    const second = decisionIdFrom((await propose(again.assessmentId, { outcome: "enhanced-due-diligence", rationale: "second look" }, rmCookie)).headers.get("Location"));
    // Proposing alone changes nothing for the first decision.
    expect((await db().select().from(decisions).where(eq(decisions.id, first)).limit(1))[0]?.status).toBe("approved");
    expect((await review(second, { intent: "approve", password: PASSWORD }, approverCookie)).status).toBe(302);
    expect((await db().select().from(decisions).where(eq(decisions.id, first)).limit(1))[0]).toMatchObject({ status: "superseded", supersededBy: second });
    expect((await db().select().from(clients).where(eq(clients.id, sub.clientId)).limit(1))[0]).toMatchObject({ gate: "closed", gateReason: "enhanced-due-diligence" });
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.superseded"), eq(auditEvents.subjectId, first)))).toHaveLength(1);
  });

  it("rejects with a required comment; the RM can propose again", async () => {
    const { sub, approver, rmCookie, approverCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, rmCookie)).headers.get("Location"));
    expect((await review(id, { intent: "reject", comment: "" }, approverCookie)).status).toBe(400);
    expect((await review(id, { intent: "reject", comment: "Ask for the audit report first." }, approverCookie)).status).toBe(302);
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]).toMatchObject({ status: "rejected", reviewedBy: approver.id, reviewComment: "Ask for the audit report first." });
    expect((await db().select().from(auditEvents).where(and(eq(auditEvents.action, "decision.rejected"), eq(auditEvents.subjectId, id))).limit(1))[0]?.reason).toBe("Ask for the audit report first.");
    expect((await review(id, { intent: "approve" }, approverCookie)).status).toBe(409);
    expect((await propose(sub.assessmentId, { outcome: "approve", rationale: "with the audit report" }, rmCookie)).status).toBe(302);
  });

  it("refuses to approve a proposal whose result was replaced by a re-score (409)", async () => {
    const { sub, rmCookie, approverCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, rmCookie)).headers.get("Location"));
    const { action: reviewAction } = await import("~/routes/app+/assessments+/$assessmentId_.review");
    const rejected = await settle(() =>
      reviewAction({ request: formRequest(`/app/assessments/${sub.assessmentId}/review`, { intent: "reject-document", documentId: sub.documentOf["gov.policy"]!, reason: "expired" }, rmCookie), params: { assessmentId: sub.assessmentId }, context: {} }),
    );
    expect(rejected.status).toBe(302);
    expect((await review(id, { intent: "approve" }, approverCookie)).status).toBe(409);
  });

  it("runs the approval hooks: prepare before, commit inside the transaction; a throwing commit writes nothing", async () => {
    const { sub, approver, inst, rmCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, { outcome: "approve", rationale: "fine" }, rmCookie)).headers.get("Location"));
    const actor = { institutionId: inst, userId: approver.id, name: "Alba Approver", stepUp: await stepUpFor(approver, "decision.approve") };
    await expect(
      approveDecision(actor, id, { comment: null }, new Date(), {
        prepare: async (ctx) => ctx.decision.validUntil,
        commit: () => {
          throw new Error("attestation failed");
        },
      }),
    ).rejects.toThrow("attestation failed");
    expect((await db().select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("proposed");
    const seen: string[] = [];
    const out = await approveDecision(actor, id, { comment: null }, new Date(), {
      prepare: async (ctx) => `${ctx.client.name}|${ctx.decision.validUntil}`,
      commit: async (ctx, prepared, tx) => {
        seen.push(String(prepared), ctx.decision.status);
        expect((await tx.select().from(decisions).where(eq(decisions.id, id)).limit(1))[0]?.status).toBe("approved");
      },
    });
    expect(out.prepared).toBe(seen[0]);
    expect(seen[0]).toContain(addCalendarMonths(today(), 24));
    expect(seen[1]).toBe("approved");
  });
});

describe("decisions: tenancy and the auditor", () => {
  it("another institution's assessment, decision or condition is 404 on every loader and action", async () => {
    const { sub, rmCookie, approverCookie } = await setup();
    const id = decisionIdFrom((await propose(sub.assessmentId, twoConditions(), rmCookie)).headers.get("Location"));
    const conditionId = (await db().select().from(conditions).where(eq(conditions.decisionId, id)))[0]!.id;
    expect((await review(id, { intent: "approve", password: PASSWORD }, approverCookie)).status).toBe(302);

    const other = await createInstitution("Otro Banco");
    const outsider = await createUser(other, ["rm", "approver"]);
    const cookie = await cookieFor(outsider);
    expect((await settle(() => proposeLoader({ request: getRequest(`/app/assessments/${sub.assessmentId}/decision`, cookie), params: { assessmentId: sub.assessmentId }, context: {} }))).status).toBe(404);
    expect((await propose(sub.assessmentId, { outcome: "decline", rationale: "x" }, cookie)).status).toBe(404);
    expect((await settle(() => decisionLoader({ request: getRequest(`/app/decisions/${id}`, cookie), params: { decisionId: id }, context: {} }))).status).toBe(404);
    expect((await review(id, { intent: "approve" }, cookie)).status).toBe(404);
    expect((await review(id, { intent: "reject", comment: "x" }, cookie)).status).toBe(404);
    expect((await settle(() => conditionLoader({ request: getRequest(`/app/conditions/${conditionId}`, cookie), params: { conditionId }, context: {} }))).status).toBe(404);
    expect((await meet(conditionId, { intent: "propose", outcome: "met", comment: "x" }, cookie)).status).toBe(404);
    expect((await meet(conditionId, { intent: "confirm" }, cookie)).status).toBe(404);
    const queue = (await queueLoader({ request: getRequest("/app/approvals", cookie), params: {}, context: {} })) as Awaited<ReturnType<typeof queueLoader>>;
    expect(queue.rows).toEqual([]);
    expect((await db().select().from(conditions).where(eq(conditions.id, conditionId)).limit(1))[0]?.status).toBe("open");
  });

  it("an auditor reads decisions but every decision and condition action is 403", async () => {
    const { sub, rmCookie, approverCookie, auditorCookie } = await setup();
    const pending = decisionIdFrom((await propose(sub.assessmentId, twoConditions(), rmCookie)).headers.get("Location"));
    expect((await settle(() => decisionLoader({ request: getRequest(`/app/decisions/${pending}`, auditorCookie), params: { decisionId: pending }, context: {} }))).status).toBe(200);
    expect((await propose(sub.assessmentId, { outcome: "decline", rationale: "x" }, auditorCookie)).status).toBe(403);
    expect((await settle(() => proposeLoader({ request: getRequest(`/app/assessments/${sub.assessmentId}/decision`, auditorCookie), params: { assessmentId: sub.assessmentId }, context: {} }))).status).toBe(403);
    expect((await review(pending, { intent: "approve" }, auditorCookie)).status).toBe(403);
    expect((await review(pending, { intent: "reject", comment: "x" }, auditorCookie)).status).toBe(403);
    expect((await review(pending, { intent: "approve", password: PASSWORD }, approverCookie)).status).toBe(302);
    const conditionId = (await db().select().from(conditions).where(eq(conditions.decisionId, pending)))[0]!.id;
    expect((await meet(conditionId, { note: "x" }, auditorCookie)).status).toBe(403);
    // An approver cannot mark conditions met either (that is the RM's job).
    expect((await meet(conditionId, { note: "x" }, approverCookie)).status).toBe(403);
    expect((await db().select().from(conditions).where(eq(conditions.id, conditionId)).limit(1))[0]?.status).toBe("open");
  });
});
