// Financial red flags an RM records from a client's account activity (DOMAIN-RESEARCH.md §5.7).
// They never touch results or the client's residual risk; every record is escalated at once to
// the institution's financial-crime contact (or, when the admin has not set one, to its active
// admins): an outbox message and a referral snapshot stored with the observation, both in the same
// transaction as the audit events. The snapshot is what the case-file PDF prints, so the PDF
// shows what the contact was told even after the client's result changes.
import type { StaffContext } from "~/auth/session.server";
import { reads, write } from "~/db.server";
import { NotFoundError, InvalidInputError } from "~/domain/errors";
import { buildReferral, RecordObservationSchema, referralEmailBody, type Referral } from "~/domain/observations";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import { buildReferralPdf } from "~/pdf/referral.server";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findClient } from "~/repositories/assessment-core.server";
import { findInstitution } from "~/repositories/institutions.server";
import { activeAdminEmails, clientObservations, findObservation, insertObservation, latestClientResult } from "~/repositories/portfolio.server";
import { enqueueEmail } from "./outbox.server";

type Actor = Pick<StaffContext, "institutionId" | "userId" | "name">;

type StoredFlag = { code?: unknown; severity?: unknown; questionId?: unknown; message?: unknown };

function redFlagsOf(result: Record<string, unknown>): Array<{ code: string; severity: string; questionId: string; message: string }> {
  const flags = Array.isArray(result.redFlags) ? (result.redFlags as StoredFlag[]) : [];
  return flags.map((f) => ({ code: String(f.code ?? ""), severity: String(f.severity ?? ""), questionId: String(f.questionId ?? ""), message: String(f.message ?? "") }));
}

export function referralPdfUrl(observationId: string): string {
  return `${getEnv().publicUrl}/app/exports/referrals/${observationId}`;
}

export async function recordObservation(actor: Actor, clientId: string, input: unknown, lang: "en" | "es", now: Date): Promise<{ observationId: string; referral: Referral; emailIds: string[] }> {
  const parsed = RecordObservationSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "codes", message: i.message }));
    throw new InvalidInputError(`Invalid observation: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
  }
  const value = parsed.data;
  return await write({ institutionId: actor.institutionId }, async (tx) => {
    const client = await findClient(actor.institutionId, clientId, tx);
    if (!client) throw new NotFoundError("Client");
    const institution = await findInstitution(actor.institutionId, tx);
    if (!institution) throw new NotFoundError("Institution");
    const to = institution.financialCrimeEmail ? [institution.financialCrimeEmail] : await activeAdminEmails(actor.institutionId, tx);
    const latest = await latestClientResult(actor.institutionId, clientId, tx);
    const observationId = newId();
    const nowIso = now.toISOString();
    const referral = buildReferral({
      referralId: observationId,
      to,
      institution: institution.name,
      client: {
        id: client.id,
        name: client.name,
        country: client.country,
        sector: client.sector,
        registrationNumber: client.registrationNumber,
        inherentRisk: client.inherentRisk,
        residualRisk: client.residualRisk,
        gate: client.gate,
      },
      codes: value.codes,
      lang,
      note: value.note,
      recordedBy: { id: actor.userId, name: actor.name },
      recordedAt: nowIso,
      latestResult: latest
        ? {
            assessmentId: latest.assessmentId,
            resultId: latest.id,
            questionnaire: `${latest.questionnaireKey} v${latest.questionnaireVersion}`,
            createdAt: latest.createdAt,
            overallScore: latest.overallScore === null ? null : latest.overallScore / 10,
            band: latest.band,
            residualRisk: latest.residualRisk,
            recommendation: latest.recommendation,
            redFlags: redFlagsOf(latest.result),
          }
        : null,
    });
    await insertObservation(
      { id: observationId, institutionId: actor.institutionId, clientId, codes: [...value.codes], note: value.note, createdBy: actor.userId, createdAt: nowIso, referredTo: to.join(", ") || null, referral },
      tx,
    );
    const subject = lang === "es" ? `Derivación por alertas financieras: ${client.name}` : `Financial red-flag referral: ${client.name}`;
    const body = referralEmailBody(referral, referralPdfUrl(observationId), lang);
    const emailIds: string[] = [];
    for (const address of to) emailIds.push(await enqueueEmail({ institutionId: actor.institutionId, kind: "observation.referral", to: address, subject, body, language: lang, now }, tx));
    await appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "observation.recorded", subjectType: "client", subjectId: clientId, after: { observationId, codes: value.codes, note: value.note }, now },
      tx,
    );
    await appendAuditEvent(
      {
        institutionId: actor.institutionId,
        actorType: "user",
        actorId: actor.userId,
        action: "observation.referred",
        subjectType: "observation",
        subjectId: observationId,
        after: { to, clientId, codes: value.codes, latestResultId: latest?.id ?? null, latestRedFlags: referral.latestResult?.redFlags.map((f) => f.code) ?? [], emailIds },
        now,
      },
      tx,
    );
    return { observationId, referral, emailIds };
  });
}

export async function listClientObservations(institutionId: string, clientId: string) {
  const db = reads();
  const client = await findClient(institutionId, clientId, db);
  if (!client) throw new NotFoundError("Client");
  return { client, observations: await clientObservations(institutionId, clientId, db) };
}

/** The case-file PDF of one referral; the download itself is audited. */
export async function referralPdf(actor: Pick<StaffContext, "institutionId" | "userId">, observationId: string, lang: "en" | "es", now: Date): Promise<{ pdf: Buffer; fileName: string }> {
  const observation = await findObservation(actor.institutionId, observationId, reads());
  if (!observation || !observation.referral) throw new NotFoundError("Referral");
  const pdf = await buildReferralPdf(observation.referral as Referral, lang);
  await write({ institutionId: actor.institutionId }, async (tx) =>
    appendAuditEvent(
      { institutionId: actor.institutionId, actorType: "user", actorId: actor.userId, action: "export.referral", subjectType: "observation", subjectId: observationId, after: { clientId: observation.clientId, format: "pdf" }, now },
      tx,
    ),
  );
  return { pdf, fileName: `referral-${observation.createdAt.slice(0, 10)}-${observationId}.pdf` };
}
