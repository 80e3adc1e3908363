// Conditions of an approved decision: an RM marks one met with a note (and optionally a document
// as evidence); the gate is refreshed in the same transaction (conditional → open once all are met).
import { write } from "~/db.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import type { GateResult } from "~/domain/gate";
import { findAssessment } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findCondition, findDecision, markConditionMetRow } from "~/repositories/decisions.server";
import { findInstitutionDocument } from "~/repositories/review.server";
import { refreshClientGate } from "./gate.server";
import type { Actor } from "./review.server";

export async function markConditionMet(
  actor: Actor,
  conditionId: string,
  input: { note: string; documentId: string | null },
  now: Date,
): Promise<{ decisionId: string; clientId: string; gate: GateResult }> {
  const note = input.note.trim();
  if (!note) throw new InvalidInputError("Say how the condition was met", [{ path: "note", message: "rule.note-required" }]);
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const condition = await findCondition(actor.institutionId, conditionId, tx);
    if (!condition) throw new NotFoundError("Condition");
    const decision = await findDecision(actor.institutionId, condition.decisionId, tx);
    if (!decision) throw new NotFoundError("Condition");
    if (decision.status !== "approved") throw new ConflictError(`The decision is ${decision.status}; only the conditions of the approved decision can be met`);
    if (condition.status === "met") throw new ConflictError("The condition is already met");
    const documentId = input.documentId?.trim() || null;
    if (documentId) {
      const document = await findInstitutionDocument(actor.institutionId, documentId, tx);
      // A document must belong to this client's assessments: anything else looks missing.
      const owner = document ? await findAssessment(actor.institutionId, document.assessmentId, tx) : undefined;
      if (!document || document.removedAt || owner?.clientId !== condition.clientId) throw new InvalidInputError("Unknown document", [{ path: "documentId", message: "rule.document-unknown" }]);
    }
    const nowIso = now.toISOString();
    await markConditionMetRow(actor.institutionId, condition.id, { metAt: nowIso, metBy: actor.userId, metNote: note, metDocumentId: documentId }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "condition.met",
        subjectType: "condition",
        subjectId: condition.id,
        before: { status: "open", dueDate: condition.dueDate },
        after: { status: "met", decisionId: decision.id, clientId: condition.clientId, note, documentId, wasOverdue: condition.dueDate < nowIso.slice(0, 10) },
        now,
      },
      tx,
    );
    const gate = await refreshClientGate({ institutionId: actor.institutionId, clientId: condition.clientId, now, actorType: "user", actorId: actor.userId }, tx);
    return { decisionId: decision.id, clientId: condition.clientId, gate };
  });
}
