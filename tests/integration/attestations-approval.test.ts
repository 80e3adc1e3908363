// The wiring contract with four-eyes approval (issue 7 ↔ issue 8): approveDecision's hooks call
// prepareAttestation before the transaction and storeAttestation inside it, so an approval never
// exists without its attestation, nor the reverse.
import { eq } from "drizzle-orm";
import { attestations, decisions } from "../../db/tables";
import { prepareAttestation, storeAttestation, verifyAttestationPdf, type PreparedAttestation } from "~/services/attestations.server";
import { approveDecision, type ApprovalHooks } from "~/services/decisions.server";
import { createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { db, stepUpFor } from "../helpers/factories";

let bank: Bank;
beforeAll(async () => {
  bank = await createBank("Banco Cuatro Ojos");
});

const hooks: ApprovalHooks<PreparedAttestation> = {
  prepare: (ctx) =>
    prepareAttestation({
      institutionId: ctx.institutionId,
      decisionId: ctx.decision.id,
      language: ctx.assessment.language,
      now: ctx.now,
      approval: { approverId: ctx.approver.userId, validUntil: ctx.decision.validUntil },
    }),
  commit: async (_ctx, prepared, tx) => {
    if (prepared) await storeAttestation(prepared, tx);
  },
};

async function approver(now = new Date()) {
  const stepUp = await stepUpFor({ id: bank.approver.id, institutionId: bank.institutionId }, "decision.approve", now);
  return { institutionId: bank.institutionId, userId: bank.approver.id, name: "Íñigo Aprobador", stepUp };
}

describe("approval issues the attestation", () => {
  it("stores one attestation with the approval's validity, in the approval's transaction, and it verifies", async () => {
    const proposed = await createApprovedDecision(bank, { proposed: true });
    const now = new Date();
    const out = await approveDecision(await approver(now), proposed.decisionId, { comment: null }, now, hooks);
    const rows = await db().select().from(attestations).where(eq(attestations.decisionId, proposed.decisionId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.validUntil).toBe(out.validUntil);
    expect(out.prepared?.attestationId).toBe(rows[0]!.id);
    expect(out.gate.attestationId).toBe(rows[0]!.id);
    expect(await verifyAttestationPdf(rows[0]!.pdf, now)).toMatchObject({ status: "valid", attestationId: rows[0]!.id, validUntil: out.validUntil });
  });

  it("a failure while storing the attestation rolls the approval back", async () => {
    const proposed = await createApprovedDecision(bank, { proposed: true });
    const now = new Date();
    const failing: ApprovalHooks<PreparedAttestation> = {
      prepare: hooks.prepare,
      // A stale preparation (another validity) is refused inside the transaction.
      commit: (_ctx, prepared, tx) => storeAttestation({ ...prepared!, validUntil: "2099-01-01" }, tx),
    };
    await expect(approveDecision(await approver(now), proposed.decisionId, { comment: null }, now, failing)).rejects.toThrow(/changed while its attestation was being prepared/);
    expect((await db().select({ status: decisions.status }).from(decisions).where(eq(decisions.id, proposed.decisionId)).limit(1))[0]?.status).toBe("proposed");
    expect(await db().select().from(attestations).where(eq(attestations.decisionId, proposed.decisionId))).toEqual([]);
  });

  it("prepareAttestation refuses a proposed decision unless the approval's facts are given", async () => {
    const proposed = await createApprovedDecision(bank, { proposed: true });
    await expect(prepareAttestation({ institutionId: bank.institutionId, decisionId: proposed.decisionId, language: "en", now: new Date() })).rejects.toThrow(/Only an approved decision/);
    await expect(prepareAttestation({ institutionId: "another-institution", decisionId: proposed.decisionId, language: "en", now: new Date() })).rejects.toThrow(/not found/);
  });
});
