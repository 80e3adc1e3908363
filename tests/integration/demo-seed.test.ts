// The demo's clients at every stage are made through the app's services; this checks each one
// landed where the demo says, and that an auditor could verify the approved attestation.
import { eq } from "drizzle-orm";
import { assessments, attestations, clients } from "../../db/tables";
import { reads } from "~/db.server";
import { verifyAllChains, verifyAuditLog } from "~/repositories/audit-events.server";
import { verifyAttestationPdf } from "~/services/attestations.server";
import { authenticateApiKey } from "~/services/api-keys.server";
import { seedDemo } from "../../scripts/seed-data";
import { DEMO_CLIENTS, seedApiKeys, seedStages } from "../../scripts/seed-stages";

describe("the demo seed", () => {
  it("creates clients at every stage, verifiable attestations and working API keys", async () => {
    await seedDemo();
    const done = await seedStages(new Date());
    expect(done.map((d) => d.stage)).toEqual(DEMO_CLIENTS.map((c) => c.stage));

    const db = reads();
    const byName = async (name: string) => {
      const client = (await db.select().from(clients).where(eq(clients.name, name)).limit(1))[0]!;
      const assessment = (await db.select().from(assessments).where(eq(assessments.clientId, client.id)).limit(1))[0]!;
      return { client, assessment };
    };
    const expected: Record<string, { status: string; gate: string }> = {
      invited: { status: "sent", gate: "pending" },
      "in-progress": { status: "in-progress", gate: "pending" },
      submitted: { status: "submitted", gate: "pending" },
      "under-review": { status: "under-review", gate: "pending" },
      approved: { status: "decided", gate: "open" },
      "approved-with-conditions": { status: "decided", gate: "conditional" },
      declined: { status: "decided", gate: "closed" },
      revoked: { status: "decided", gate: "closed" },
    };
    for (const spec of DEMO_CLIENTS) {
      const { client, assessment } = await byName(spec.name);
      expect({ name: spec.name, status: assessment.status, gate: client.gate }).toEqual({ name: spec.name, ...expected[spec.stage] });
    }

    const approved = (await byName(DEMO_CLIENTS.find((c) => c.stage === "approved")!.name)).client;
    const attestation = (await db.select().from(attestations).where(eq(attestations.clientId, approved.id)).limit(1))[0]!;
    expect(await verifyAttestationPdf(attestation.pdf, new Date())).toMatchObject({ valid: true, status: "valid" });
    const revoked = (await byName(DEMO_CLIENTS.find((c) => c.stage === "revoked")!.name)).client;
    const revokedAttestation = (await db.select().from(attestations).where(eq(attestations.clientId, revoked.id)).limit(1))[0]!;
    expect(await verifyAttestationPdf(revokedAttestation.pdf, new Date())).toMatchObject({ valid: false, status: "revoked" });

    const keys = await seedApiKeys([{ id: "inst_banco_demo", name: "Banco Demo", adminUserId: "usr_bd_admin" }]);
    expect(keys[0]!.key).toMatch(/^pvn_key_/);
    expect(await authenticateApiKey(keys[0]!.key, new Date())).toMatchObject({ state: "valid" });
    expect((await verifyAllChains(db)).every((v) => v.ok)).toBe(true);
    // What `npm run audit:verify` checks after a seed: keyed chains and the checkpoint file.
    const log = await verifyAuditLog(db);
    expect(log.file).toMatchObject({ exists: true, problem: null });
    expect(log.chains.every((v) => v.ok)).toBe(true);
  });
});
