// A full cycle seen through the API (issue 9 "the gate changing across a full cycle"): closed
// (never assessed) → pending (sent, answered and submitted through the respondent API) →
// conditional (a proposal approved by a second person) → attestation listed and downloaded →
// closed when the attestation is revoked; with the webhook events each step queues.
import { eq } from "drizzle-orm";
import { webhookDeliveries } from "../../db/tables";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as clientDetail from "~/routes/api+/v1+/clients.$id";
import * as clientGate from "~/routes/api+/v1+/clients.$id.gate";
import * as clientAssessments from "~/routes/api+/v1+/clients.$id.assessments";
import * as respondAnswers from "~/routes/api+/v1+/respond.answers";
import * as respondSubmit from "~/routes/api+/v1+/respond.submit";
import * as attestationsIndex from "~/routes/api+/v1+/attestations._index";
import * as attestationDetail from "~/routes/api+/v1+/attestations.$id";
import * as attestationPdf from "~/routes/api+/v1+/attestations.$id.pdf";
import { sha256Hex } from "~/ids.server";
import { AttestationListSchema, AttestationSchema } from "~/schemas/api/attestations";
import { ClientDetailSchema } from "~/schemas/api/clients";
import { GateSchema } from "~/schemas/api/assessments";
import { issueAttestation, revokeAttestation } from "~/services/attestations.server";
import { approveDecision, proposeDecision } from "~/services/decisions.server";
import { createWebhook } from "~/services/webhooks.server";
import { evaluateGate } from "~/services/gate.server";
import { reads } from "~/db.server";
import { apiBank, bestAnswers, call, CLIENT_BODY, invitedRespondentToken, isoDate } from "../helpers/api-factories";
import { createUser, db, stepUpFor } from "../helpers/factories";

let institutionOfTest = "";

async function gateOf(token: string, clientId: string) {
  const r = await call(clientGate.loader, `/api/v1/clients/${clientId}/gate`, { token, params: { id: clientId } });
  expect(r.status).toBe(200);
  const gate = GateSchema.parse(r.body);
  // The route's prepared reads must agree with the gate service at every step.
  const reference = await evaluateGate(institutionOfTest, clientId, new Date(), reads());
  expect({ gate: gate.gate, reasonCode: gate.reasonCode, attestationId: gate.attestationId, validUntil: gate.validUntil, conditions: gate.conditions }).toEqual({
    gate: reference.gate,
    reasonCode: reference.reasonCode,
    attestationId: reference.attestationId,
    validUntil: reference.validUntil,
    conditions: reference.conditions,
  });
  return gate;
}

describe("the gate across a full cycle", () => {
  it("goes closed → pending → conditional → closed (revoked), with attestations readable by API", async () => {
    const bank = await apiBank();
    institutionOfTest = bank.institutionId;
    const rm = await createUser(bank.institutionId, ["rm"], { name: "Rosa RM" });
    const approver = await createUser(bank.institutionId, ["approver"], { name: "Íñigo Approver" });
    const hook = await createWebhook({ institutionId: bank.institutionId, userId: bank.admin.id }, { url: "https://erp.example/hooks", events: ["gate.changed", "assessment.submitted", "decision.approved", "attestation.revoked"] }, new Date());

    const client = (await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY })).body as { id: string };
    expect(await gateOf(bank.ro, client.id)).toMatchObject({ gate: "closed", reasonCode: "never-assessed" });

    const sent = await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: { questionnaire: { key: "anti-trafficking", version: 1 }, dueDate: isoDate(30), language: "en" } });
    expect(sent.status).toBe(201);
    const token = await invitedRespondentToken(bank.institutionId);
    expect(await gateOf(bank.ro, client.id)).toMatchObject({ gate: "pending", reasonCode: "assessment-under-way" });

    expect((await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: await bestAnswers("anti-trafficking", 1) } })).status).toBe(200);
    expect((await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: { name: "Ana Quispe", title: "CEO", email: "ana@textiles.example" }, attest: true } })).status).toBe(200);
    expect(await gateOf(bank.ro, client.id)).toMatchObject({ gate: "pending" });

    const now = new Date();
    const { decisionId, conditionIds } = await proposeDecision(
      { institutionId: bank.institutionId, userId: rm.id },
      { assessmentId: sent.body.id as string, outcome: "approve-with-conditions", rationale: "Strong controls; one improvement due.", justification: "Reviewed in committee.", conditions: [{ text: "Publish the grievance channel in Quechua", dueDate: isoDate(60) }] },
      now,
    );
    await approveDecision({ institutionId: bank.institutionId, userId: approver.id, name: "Íñigo Approver", stepUp: await stepUpFor({ id: approver.id, institutionId: bank.institutionId }, "decision.approve", now) }, decisionId, { comment: null }, now);
    const conditional = await gateOf(bank.ro, client.id);
    expect(conditional).toMatchObject({ gate: "conditional", reasonCode: "approved-with-conditions", decision: { id: decisionId, outcome: "approve-with-conditions" } });
    expect(conditional.conditions.map((c) => c.id)).toEqual(conditionIds);
    expect(conditional.validUntil).toMatch(/^\d{4}-\d\d-\d\d$/);
    const detail = ClientDetailSchema.parse((await call(clientDetail.loader, "/x", { token: bank.ro, params: { id: client.id } })).body);
    expect(detail.decision).toMatchObject({ id: decisionId, status: "approved" });

    const { attestationId, pdf } = await issueAttestation({ institutionId: bank.institutionId, decisionId, language: "en", now: new Date() });
    expect((await gateOf(bank.ro, client.id)).attestationId).toBe(attestationId);
    const list = AttestationListSchema.parse((await call(attestationsIndex.loader, `/api/v1/attestations?clientId=${client.id}`, { token: bank.ro })).body);
    expect(list.data.map((a) => a.id)).toEqual([attestationId]);
    const one = AttestationSchema.parse((await call(attestationDetail.loader, "/x", { token: bank.ro, params: { id: attestationId } })).body);
    expect(one).toMatchObject({ clientId: client.id, decisionId, revoked: false, sha256: sha256Hex(pdf) });
    const file = await attestationPdf.loader({ request: new Request("http://localhost/x", { headers: { Authorization: `Bearer ${bank.ro}` } }), params: { id: attestationId }, context: {} });
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("Content-Disposition")).toMatch(/^attachment; filename="attestation-/);
    expect(sha256Hex(Buffer.from(await file.arrayBuffer()))).toBe(one.sha256);
    const other = await apiBank("Banco Otro");
    expect((await call(attestationDetail.loader, "/x", { token: other.ro, params: { id: attestationId } })).status).toBe(404);
    expect((await call(attestationPdf.loader, "/x", { token: other.ro, params: { id: attestationId } })).status).toBe(404);
    expect((await call(attestationsIndex.loader, `/api/v1/attestations?clientId=${client.id}`, { token: other.ro })).body.data).toEqual([]);

    await revokeAttestation({ institutionId: bank.institutionId, userId: approver.id }, attestationId, "Credible report of debt bondage at a supplier", new Date());
    expect(await gateOf(bank.ro, client.id)).toMatchObject({ gate: "closed", reasonCode: "revoked", attestationId });
    expect(AttestationSchema.parse((await call(attestationDetail.loader, "/x", { token: bank.ro, params: { id: attestationId } })).body).revoked).toBe(true);

    const events = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    const gates = events.filter((e) => e.event === "gate.changed").map((e) => (JSON.parse(e.payload) as { data: { gate: string } }).data.gate);
    expect(gates).toEqual(["pending", "conditional", "closed"]);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(["assessment.submitted", "decision.approved", "attestation.revoked"]));
  });
});
