// Row → API object conversions, so every path shows a client, an assessment or an attestation
// the same way (the shapes are the response schemas in app/schemas/api/).
import type { InherentRisk } from "~/domain/risk/inherent-risk";
import type { Assessment, Client, ResultRow } from "~/repositories/assessment-core.server";
import { clientInherentRisk } from "~/services/clients.server";

function inherentRiskJson(risk: InherentRisk) {
  return {
    level: risk.level,
    points: risk.points,
    dataVersion: risk.dataVersion,
    components: risk.components.map((c) => ({ kind: c.kind, value: c.value, points: c.points, source: c.source, year: c.year, verified: c.verified, explanation: c.explanation })),
    reviewFlags: risk.reviewFlags.map((f) => ({ code: f.code, countries: f.countries, message: f.message })),
  };
}

function clientBase(client: Client) {
  return {
    id: client.id,
    name: client.name,
    country: client.country,
    sector: client.sector,
    registrationNumber: client.registrationNumber,
    contactName: client.contactName,
    contactEmail: client.contactEmail,
    sourcingCountries: client.sourcingCountries,
    goods: client.goods,
    residualRisk: client.residualRisk,
    gate: client.gate,
    gateReason: client.gateReason,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}

export function clientJson(client: Client, risk: InherentRisk = clientInherentRisk(client)) {
  return { ...clientBase(client), inherentRisk: inherentRiskJson(risk) };
}

export function clientListItemJson(client: Client) {
  return { ...clientBase(client), inherentRisk: client.inherentRisk };
}

export function assessmentSummaryJson(a: Assessment) {
  return { id: a.id, status: a.status, questionnaire: { key: a.questionnaireKey, version: a.questionnaireVersion }, dueDate: a.dueDate, sentAt: a.sentAt, submittedAt: a.submittedAt };
}

export function assessmentJson(a: Assessment, result: ResultRow | undefined) {
  return {
    id: a.id,
    clientId: a.clientId,
    status: a.status,
    questionnaire: { key: a.questionnaireKey, version: a.questionnaireVersion, sha256: a.questionnaireSha256 },
    language: a.language,
    dueDate: a.dueDate,
    expiresAt: a.expiresAt,
    sentAt: a.sentAt,
    submittedAt: a.submittedAt,
    result: a.submittedAt && result ? result.result : null,
  };
}

export function attestationJson(a: {
  id: string;
  clientId: string;
  assessmentId: string;
  decisionId: string;
  issuedAt: string;
  validUntil: string;
  revokedAt: string | null;
  revocationReason: string | null;
  sha256: string;
  keyId: string;
}) {
  return { ...a, revoked: a.revokedAt !== null };
}
