// The golden path on the v2 forms (issue 16), which new clients are now offered: sent through the
// API, answered and submitted by the respondent, scored by engine 2, shown on the review screen in
// both languages, proposed by the RM and approved by a second person with the signed attestation
// issued in the same write (issue 18), which then verifies.
import { eq } from "drizzle-orm";
import { attestations, results } from "../../db/tables";
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as clientAssessments from "~/routes/api+/v1+/clients.$id.assessments";
import * as respondAnswers from "~/routes/api+/v1+/respond.answers";
import * as respondSubmit from "~/routes/api+/v1+/respond.submit";
import { reads } from "~/db.server";
import { approveDecisionWithAttestation, verifyAttestationPdf } from "~/services/attestations.server";
import { proposeDecision } from "~/services/decisions.server";
import { reviewView } from "~/services/review.server";
import { startReview } from "~/services/review.server";
import { apiBank, bestAnswers, call, CLIENT_BODY, invitedRespondentToken, isoDate } from "../helpers/api-factories";
import { createUser, db, stepUpFor } from "../helpers/factories";

describe.each(["anti-trafficking", "anti-trafficking-sme"])("the golden path on %s v2", (key) => {
  it("is answered, scored by engine 2, reviewed, approved with its attestation, and the attestation verifies", async () => {
    const bank = await apiBank();
    const rm = await createUser(bank.institutionId, ["rm"], { name: "Rosa RM" });
    const approver = await createUser(bank.institutionId, ["approver"], { name: "Íñigo Approver" });
    const client = (await call(clientsIndex.action, "/api/v1/clients", { token: bank.rw, json: CLIENT_BODY })).body as { id: string };
    const sent = await call(clientAssessments.action, "/x", { token: bank.rw, params: { id: client.id }, json: { questionnaire: { key, version: 2 }, dueDate: isoDate(30), language: "es" } });
    expect(sent.status).toBe(201);
    const assessmentId = sent.body.id as string;
    const token = await invitedRespondentToken(bank.institutionId);

    const saved = await call(respondAnswers.action, "/api/v1/respond/answers", { token, method: "PUT", json: { answers: await bestAnswers(key, 2) } });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 800)).toBe(200);
    const submitted = await call(respondSubmit.action, "/api/v1/respond/submit", { token, json: { signatory: { name: "Ana Quispe", title: "Gerente general", email: "ana@textiles.example" }, attest: true } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const result = (await db().select().from(results).where(eq(results.assessmentId, assessmentId)))[0]!;
    expect(result.engineVersion).toBe("2.0.0");

    await startReview({ institutionId: bank.institutionId, userId: rm.id }, assessmentId, new Date());
    for (const lang of ["en", "es"] as const) {
      const { result } = await reviewView(bank.institutionId, assessmentId, lang, reads());
      if (!result) throw new Error("the review has no result");
      // What the client declared reaches the review (O7), and the consistency rules' sentences
      // name no question id.
      // (the test's answers declare Canada as a sourcing country, which the profile lacked)
      expect(result.declaredFacts).toMatchObject({ sourcingCountries: ["CA"], added: { sourcingCountries: ["CA"] } });
      for (const c of result.consistency) expect(c.explanation).not.toMatch(/\b[a-z]+\.[a-z-]+\b/);
    }

    const now = new Date();
    const { decisionId } = await proposeDecision(
      { institutionId: bank.institutionId, userId: rm.id },
      { assessmentId, outcome: "approve-with-conditions", rationale: "Controles sólidos; una mejora pendiente.", justification: "Revisado en comité.", conditions: [{ text: "Publicar el canal de quejas en quechua", dueDate: isoDate(60) }] },
      now,
    );
    const approved = await approveDecisionWithAttestation(
      { institutionId: bank.institutionId, userId: approver.id, name: "Íñigo Approver", stepUp: await stepUpFor({ id: approver.id, institutionId: bank.institutionId }, "decision.approve", now) },
      decisionId,
      { comment: null },
      now,
    );
    expect(approved.gate.gate).toBe("conditional");
    const attestation = (await db().select().from(attestations).where(eq(attestations.decisionId, decisionId)))[0]!;
    expect(approved.gate.attestationId).toBe(attestation.id);
    expect(await verifyAttestationPdf(attestation.pdf, new Date())).toMatchObject({ valid: true, status: "valid", attestationId: attestation.id });
  });
});
