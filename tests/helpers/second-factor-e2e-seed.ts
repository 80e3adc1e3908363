// For the second-factor browser test: a fresh approver of the demo bank (so the demo's own
// approver, whom other specs sign in as, keeps signing with the password) and a decision awaiting
// four-eyes approval, written through the real factories into the e2e database.
import { createApprovedDecision } from "./attestation-factories";
import { createUser } from "./factories";

export async function seedSecondFactorApprover(clientName: string): Promise<{ email: string; decisionId: string }> {
  const institutionId = "inst_banco_demo";
  const approver = await createUser(institutionId, ["approver"], { name: "Tomás Totp", email: `totp-${Date.now().toString(36)}@bancodemo.example` });
  const bank = {
    institutionId,
    rm: { id: "usr_bd_rm", institutionId },
    approver,
    admin: { id: "usr_bd_admin", institutionId },
    auditor: { id: "usr_bd_auditor", institutionId },
  };
  const decision = await createApprovedDecision(bank, { proposed: true, clientName });
  return { email: approver.email, decisionId: decision.decisionId };
}

/** A fresh relationship manager of the demo bank, signing in with the test password. */
export async function seedSecondFactorMember(): Promise<{ email: string }> {
  const user = await createUser("inst_banco_demo", ["rm"], { name: "Renata Recuperación", email: `totp-rm-${Date.now().toString(36)}@bancodemo.example` });
  return { email: user.email };
}
