// Client firms (issue 6 "Clients"): create and edit with validation; the inherent risk is computed
// from the profile by the pure model (app/domain/risk/inherent-risk.ts) and its level stored in
// clients.inherent_risk for lists. A new client's gate is closed, "never assessed". Every change
// is audited in the same transaction with before/after.
import { z } from "zod";
import { write, type Tx } from "~/db.server";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { inherentRisk, type InherentRisk } from "~/domain/risk/inherent-risk";
import { newId } from "~/ids.server";
import { findClient } from "~/repositories/assessment-core.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { insertClient, updateClientRow, type ClientRow } from "~/repositories/clients.server";
import { insertGateEvent } from "~/repositories/gate-inputs.server";
import { findMember } from "~/repositories/users.server";
import { CreateClientSchema, UpdateClientSchema, type CreateClientInput, type UpdateClientInput } from "~/schemas/clients";
import { screenClientName } from "./screening.server";

/** Who acts: a staff user, or an API key acting for the institution (userId: the key's creator). */
export type Actor = { institutionId: string; userId: string; actorType?: "user" | "api-key"; actorId?: string };

export function auditActor(actor: Actor) {
  return { actorType: actor.actorType ?? ("user" as const), actorId: actor.actorId ?? actor.userId };
}

/** Zod issues as InvalidInputError details (path "sourcingCountries.1" etc.). */
export function invalidInput(error: z.ZodError, message = "The input is not valid"): InvalidInputError {
  return new InvalidInputError(
    message,
    error.issues.map((i) => ({ path: i.path.map(String).join(".") || "body", message: i.message })),
  );
}

export function clientInherentRisk(client: Pick<ClientRow, "country" | "sector" | "sourcingCountries" | "goods">): InherentRisk {
  return inherentRisk({ country: client.country, sector: client.sector, sourcingCountries: client.sourcingCountries, goods: client.goods });
}

function profileOf(client: ClientRow) {
  return {
    name: client.name,
    country: client.country,
    sector: client.sector,
    registrationNumber: client.registrationNumber,
    contactName: client.contactName,
    contactEmail: client.contactEmail,
    sourcingCountries: client.sourcingCountries,
    goods: client.goods,
    rmUserId: client.rmUserId,
    inherentRisk: client.inherentRisk,
  };
}

async function checkRm(institutionId: string, rmUserId: string | undefined, tx: Tx): Promise<string | null> {
  if (!rmUserId) return null;
  if (!(await findMember(institutionId, rmUserId, tx))) {
    throw new InvalidInputError("The responsible relationship manager is not a member of this institution", [{ path: "rmUserId", message: "clients.error.rm" }]);
  }
  return rmUserId;
}

export async function createClient(actor: Actor, input: CreateClientInput, now: Date): Promise<{ client: ClientRow; inherentRisk: InherentRisk }> {
  const parsed = CreateClientSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const value = parsed.data;
  const risk = inherentRisk({ country: value.country, sector: value.sector, sourcingCountries: value.sourcingCountries, goods: value.goods });
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const rmUserId = await checkRm(actor.institutionId, value.rmUserId, tx);
    const nowIso = now.toISOString();
    const client: ClientRow = {
      id: newId(),
      institutionId: actor.institutionId,
      name: value.name,
      country: value.country,
      sector: value.sector,
      registrationNumber: value.registrationNumber || null,
      contactName: value.contactName || null,
      contactEmail: value.contactEmail,
      sourcingCountries: value.sourcingCountries,
      goods: value.goods,
      rmUserId,
      inherentRisk: risk.level,
      residualRisk: null,
      gate: "closed",
      gateReason: "never-assessed",
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    await insertClient(client, tx);
    await insertGateEvent({ id: newId(), institutionId: actor.institutionId, clientId: client.id, gate: "closed", reason: "never-assessed", previousGate: null, createdAt: nowIso }, tx);
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        ...auditActor(actor),
        action: "client.created",
        subjectType: "client",
        subjectId: client.id,
        after: { ...profileOf(client), inherentRiskPoints: risk.points, riskDataVersion: risk.dataVersion },
        now,
      },
      tx,
    );
    // Bank-side screening of the client's name against the loaded lists (issue 15, O13).
    await screenClientName({ institutionId: actor.institutionId, actorId: auditActor(actor).actorType === "user" ? actor.userId : null, now }, client, tx);
    return { client, inherentRisk: risk };
  });
}

export async function updateClient(actor: Actor, clientId: string, input: UpdateClientInput, now: Date): Promise<{ client: ClientRow; inherentRisk: InherentRisk }> {
  const parsed = UpdateClientSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const value = parsed.data;
  const risk = inherentRisk({ country: value.country, sector: value.sector, sourcingCountries: value.sourcingCountries, goods: value.goods });
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const before = await findClient(actor.institutionId, clientId, tx);
    if (!before) throw new NotFoundError("Client");
    const rmUserId = (value.rmUserId || null) === before.rmUserId ? before.rmUserId : await checkRm(actor.institutionId, value.rmUserId, tx);
    const changes = {
      name: value.name,
      country: value.country,
      sector: value.sector,
      registrationNumber: value.registrationNumber || null,
      contactName: value.contactName || null,
      contactEmail: value.contactEmail,
      sourcingCountries: value.sourcingCountries,
      goods: value.goods,
      rmUserId,
      inherentRisk: risk.level,
      updatedAt: now.toISOString(),
    };
    await updateClientRow(actor.institutionId, clientId, changes, tx);
    const client = { ...before, ...changes };
    const beforeProfile = profileOf(before);
    const afterProfile = profileOf(client);
    const changed = (Object.keys(afterProfile) as Array<keyof typeof afterProfile>).filter((k) => JSON.stringify(beforeProfile[k]) !== JSON.stringify(afterProfile[k]));
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        ...auditActor(actor),
        action: "client.updated",
        subjectType: "client",
        subjectId: clientId,
        before: Object.fromEntries(changed.map((k) => [k, beforeProfile[k]])),
        after: { ...Object.fromEntries(changed.map((k) => [k, afterProfile[k]])), inherentRiskPoints: risk.points },
        now,
      },
      tx,
    );
    if (before.name !== client.name || before.country !== client.country) {
      await screenClientName({ institutionId: actor.institutionId, actorId: auditActor(actor).actorType === "user" ? actor.userId : null, now }, client, tx);
    }
    return { client, inherentRisk: risk };
  });
}
