// Conditions as corrective-action plans in tests: a client link issued as the approval issues
// one, proof sent through it, and a condition met the only way there is (proposed, confirmed).
import fs from "node:fs";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { write } from "~/db.server";
import { conditionUpdates } from "../../db/tables";
import { db } from "./factories";
import { confirmCondition, issueClientLink, proposeCondition, resolveClientLink, submitConditionUpdate } from "~/services/conditions.server";

export const proofPdf = () => fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", "policy.pdf"));

/** Issues a link for the decision and returns its raw token. */
export async function issueLink(institutionId: string, decisionId: string, clientId: string, opts: { validUntil?: string | null; now?: Date } = {}): Promise<string> {
  const now = opts.now ?? new Date();
  const { url } = await write({ institutionId }, (tx) => issueClientLink({ institutionId, decisionId, clientId, email: "contact@client.example", validUntil: opts.validUntil ?? null, conditionDueDates: [], now }, tx));
  return url.slice(url.lastIndexOf("/") + 1);
}

/** The client sends a PDF for the condition; returns the new document's id. */
export async function sendProof(token: string, conditionId: string, note = "Here is the signed policy"): Promise<void> {
  const state = await resolveClientLink(token, new Date());
  if (state.state !== "valid") throw new Error(`link ${state.state}`);
  const out = await submitConditionUpdate(state.link, conditionId, { note, file: { fileName: "policy.pdf", bytes: new Uint8Array(proofPdf()) } }, new Date());
  if (!out.ok) throw new Error(`proof refused: ${out.error}`);
}

/** Proof sent, "met" proposed by the RM with it, and confirmed by the approver. */
export async function meetCondition(input: { institutionId: string; decisionId: string; clientId: string; conditionId: string; rmId: string; approverId: string }) {
  const token = await issueLink(input.institutionId, input.decisionId, input.clientId);
  await sendProof(token, input.conditionId);
  await proposeCondition({ institutionId: input.institutionId, userId: input.rmId }, input.conditionId, { outcome: "met", comment: "The proof shows it", documentId: await latestProof(input.conditionId) }, new Date());
  return await confirmCondition({ institutionId: input.institutionId, userId: input.approverId }, input.conditionId, new Date());
}

/** The document of the condition's latest upload. */
export async function latestProof(conditionId: string): Promise<string> {
  const row = (await db().select().from(conditionUpdates).where(eq(conditionUpdates.conditionId, conditionId)).orderBy(desc(conditionUpdates.createdAt)).limit(1))[0];
  if (!row?.documentId) throw new Error("no proof");
  return row.documentId;
}
