// Demo clients at every stage of the golden path (invited, in progress, submitted, under review,
// approved with an attestation, approved with conditions, declined, revoked), created through the
// same services the app uses, so what the demo shows is what the product does.
import { resolveRespondentToken } from "../app/auth/respondent.server";
import type { Lang } from "../app/i18n";
import { getQuestionnaire } from "../app/services/questionnaires.server";
import { createClient } from "../app/services/clients.server";
import { sendAssessment } from "../app/services/assessments.server";
import { saveAnswers } from "../app/services/respondent.server";
import { uploadDocument } from "../app/services/documents.server";
import { submitAssessment } from "../app/services/submission.server";
import { reviewDocument, startReview } from "../app/services/review.server";
import { proposeDecision } from "../app/services/decisions.server";
import { verifyStepUp } from "../app/services/auth.server";
import { DEMO_PASSWORD } from "./seed-data";
import { approveDecisionWithAttestation, revokeAttestation } from "../app/services/attestations.server";
import { createApiKeyForSeed } from "../app/services/api-keys.server";
import { reads } from "../app/db.server";
import { latestResult } from "../app/repositories/assessment-core.server";
import { attestationOfDecision } from "../app/repositories/attestations.server";
import type { ScoreResult } from "../app/domain/scoring/score";
import { demoAnswers, demoPdf, evidenceQuestions, type Profile } from "./demo-answers";

type Stage = "invited" | "in-progress" | "submitted" | "under-review" | "approved" | "approved-with-conditions" | "declined" | "revoked";

type DemoClient = {
  name: string;
  country: string;
  sector: string;
  registrationNumber: string;
  contactName: string;
  contactEmail: string;
  sourcingCountries: string[];
  goods: string[];
  questionnaire: "anti-trafficking" | "anti-trafficking-sme";
  language: Lang;
  stage: Stage;
  profile: Profile;
  overrides?: Record<string, unknown>;
};

const BANCO_DEMO = { institutionId: "inst_banco_demo", rm: "usr_bd_rm", approver: { userId: "usr_bd_approver", name: "Valentina Ríos" }, admin: "usr_bd_admin" };

export const DEMO_CLIENTS: DemoClient[] = [
  { name: "Textiles Andinos S.A.S.", country: "CO", sector: "14", registrationNumber: "NIT 900.123.456-7", contactName: "Paula Restrepo", contactEmail: "paula.restrepo@textilesandinos.example", sourcingCountries: ["CN", "BD"], goods: ["cotton", "garments"], questionnaire: "anti-trafficking", language: "es", stage: "invited", profile: "best" },
  { name: "Café Ñandú S.A.", country: "GT", sector: "01", registrationNumber: "NIT 4455667-8", contactName: "José Ajú", contactEmail: "jose.aju@cafenandu.example", sourcingCountries: ["GT"], goods: ["coffee"], questionnaire: "anti-trafficking-sme", language: "es", stage: "in-progress", profile: "good" },
  { name: "Agroexportadora del Pacífico S.A. de C.V.", country: "MX", sector: "01", registrationNumber: "RFC APA010203XY1", contactName: "Fernanda Ortiz", contactEmail: "fernanda.ortiz@agropacifico.example", sourcingCountries: ["GT", "HN"], goods: ["sugarcane"], questionnaire: "anti-trafficking", language: "es", stage: "submitted", profile: "good" },
  { name: "Minera Los Andes S.A.C.", country: "PE", sector: "07", registrationNumber: "RUC 20512345678", contactName: "Jorge Quispe", contactEmail: "jorge.quispe@mineralosandes.example", sourcingCountries: ["PE"], goods: ["gold"], questionnaire: "anti-trafficking", language: "es", stage: "under-review", profile: "good" },
  { name: "Electrónica del Bajío S.A. de C.V.", country: "MX", sector: "26", registrationNumber: "RFC EBA990101AB2", contactName: "Ricardo Salas", contactEmail: "ricardo.salas@electronicabajio.example", sourcingCountries: ["MY"], goods: [], questionnaire: "anti-trafficking", language: "en", stage: "approved", profile: "best" },
  { name: "Pesquera del Sur Ltda.", country: "CL", sector: "03", registrationNumber: "RUT 76.543.210-K", contactName: "Camila Soto", contactEmail: "camila.soto@pesqueradelsur.example", sourcingCountries: ["CL", "PE"], goods: ["fish"], questionnaire: "anti-trafficking", language: "es", stage: "approved-with-conditions", profile: "good" },
  { name: "Constructora Caribe S.R.L.", country: "DO", sector: "41", registrationNumber: "RNC 1-30-12345-6", contactName: "Miguel Peña", contactEmail: "miguel.pena@constructoracaribe.example", sourcingCountries: ["HT"], goods: [], questionnaire: "anti-trafficking", language: "es", stage: "declined", profile: "weak", overrides: { "work.passport-retention": "yes" } },
  { name: "Confecciones Río Bravo S.A. de C.V.", country: "MX", sector: "14", registrationNumber: "RFC CRB050505CD3", contactName: "Lorena Treviño", contactEmail: "lorena.trevino@riobravo.example", sourcingCountries: ["MX"], goods: ["garments"], questionnaire: "anti-trafficking", language: "en", stage: "revoked", profile: "best" },
];


function isoDate(date: Date, addDays: number): string {
  return new Date(date.getTime() + addDays * 86_400_000).toISOString().slice(0, 10);
}

function tick(now: Date, seconds: number): Date {
  return new Date(now.getTime() + seconds * 1000);
}

export async function seedStages(start = new Date()): Promise<Array<{ client: string; stage: Stage }>> {
  const rm = { institutionId: BANCO_DEMO.institutionId, userId: BANCO_DEMO.rm };
  const done: Array<{ client: string; stage: Stage }> = [];
  // Each client's story takes up to about three hours of demo time; start far enough back that
  // every seeded event lies in the past.
  let now = tick(start, -26 * 3600);
  for (const spec of DEMO_CLIENTS) {
    now = tick(now, 60);
    const { client } = await createClient(
      rm,
      { name: spec.name, country: spec.country, sector: spec.sector, registrationNumber: spec.registrationNumber, contactName: spec.contactName, contactEmail: spec.contactEmail, sourcingCountries: spec.sourcingCountries, goods: spec.goods, rmUserId: BANCO_DEMO.rm },
      now,
    );
    const sent = await sendAssessment(rm, client.id, { questionnaire: { key: spec.questionnaire, version: 1 }, dueDate: isoDate(now, 30), language: spec.language }, now);
    const token = sent.respondUrl.slice(sent.respondUrl.indexOf("/r/") + 3);
    if (spec.stage === "invited") {
      done.push({ client: spec.name, stage: spec.stage });
      continue;
    }
    const resolved = await resolveRespondentToken(token, now);
    if (resolved.state !== "valid") throw new Error(`demo seed: the link of ${spec.name} does not resolve`);
    const respondent = resolved.context;
    const questionnaire = getQuestionnaire(spec.questionnaire, 1)!.questionnaire;
    const answers = demoAnswers(questionnaire, spec.profile, spec.overrides);

    now = tick(now, 600);
    // One evidence document per section, attached to that section's questions that expect one.
    const evidenceIds = new Set(evidenceQuestions(questionnaire, answers));
    const documentIds: string[] = [];
    const evidenceOf = new Map<string, string>();
    for (const section of questionnaire.sections) {
      const wanting = section.questions.filter((q) => evidenceIds.has(q.id));
      if (wanting.length === 0) continue;
      const upload = await uploadDocument(respondent, { fileName: `${section.key}-evidence.pdf`, bytes: demoPdf(`${spec.name}: ${section.title.en} - policies, procedures and records`) }, now);
      if ("error" in upload) throw new Error(`demo seed: upload refused (${upload.error})`);
      documentIds.push(upload.documentId);
      for (const q of wanting) evidenceOf.set(q.id, upload.documentId);
    }
    const withEvidence = Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, evidenceOf.has(id) ? { ...answer, evidence: [evidenceOf.get(id)!] } : answer]));
    if (spec.stage === "in-progress") {
      const firstHalf = Object.fromEntries(Object.entries(withEvidence).slice(0, Math.ceil(Object.keys(withEvidence).length / 2)));
      const saved = await saveAnswers(respondent, firstHalf, now);
      if (saved.issues.length) throw new Error(`demo seed: ${JSON.stringify(saved.issues.slice(0, 3))}`);
      done.push({ client: spec.name, stage: spec.stage });
      continue;
    }
    const saved = await saveAnswers(respondent, withEvidence, now);
    if (saved.issues.length) throw new Error(`demo seed: ${spec.name}: ${JSON.stringify(saved.issues.slice(0, 3))}`);
    now = tick(now, 600);
    const submitted = await submitAssessment(respondent, { signatory: { name: spec.contactName, title: spec.language === "es" ? "Gerente general" : "Chief Executive Officer", email: spec.contactEmail }, attest: true }, now);
    if (!("status" in submitted)) throw new Error(`demo seed: submission of ${spec.name} refused: ${JSON.stringify(submitted)}`);
    if (spec.stage === "submitted") {
      done.push({ client: spec.name, stage: spec.stage });
      continue;
    }
    now = tick(now, 3600);
    await startReview(rm, sent.assessment.id, now);
    if (spec.stage !== "declined") {
      for (const [i, documentId] of documentIds.entries()) {
        await reviewDocument(rm, { assessmentId: sent.assessment.id, documentId, verdict: "accept", reason: null }, tick(now, 30 + i));
      }
    }
    if (spec.stage === "under-review") {
      done.push({ client: spec.name, stage: spec.stage });
      continue;
    }
    now = tick(now, 600);
    const result = (await latestResult(BANCO_DEMO.institutionId, sent.assessment.id, reads()))!.result as unknown as ScoreResult;
    const outcome = spec.stage === "declined" ? "decline" : spec.stage === "approved-with-conditions" ? "approve-with-conditions" : "approve";
    const conditions =
      outcome === "approve-with-conditions"
        ? (result.conditions.length ? result.conditions.slice(0, 3) : [{ questionId: null, text: "Provide the independent social audit report (SMETA or equivalent) of the main processing plant." }]).map((c, i) => ({ text: c.text, questionId: c.questionId, dueDate: isoDate(now, 60 + 30 * i) }))
        : [];
    const lenient = ["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"];
    const needsJustification = lenient.indexOf(outcome) < lenient.indexOf(result.recommendation) || result.redFlags.some((f) => f.severity === "critical");
    const { decisionId } = await proposeDecision(
      rm,
      {
        assessmentId: sent.assessment.id,
        outcome,
        rationale:
          outcome === "decline"
            ? "Passports are held by the employer (critical red flag: workers' identity documents retained); the client could not show remediation."
            : "Controls are documented and evidenced; the policy, contracts and grievance channel were reviewed and accepted.",
        justification: needsJustification ? "Site visit on file confirms the documented controls; the relationship is monitored quarterly." : null,
        conditions,
      },
      now,
    );
    now = tick(now, 1800);
    // The demo approver signs as a person would: their password, entered for this approval.
    const approver = { institutionId: BANCO_DEMO.institutionId, userId: BANCO_DEMO.approver.userId, name: BANCO_DEMO.approver.name };
    const stepUp = await verifyStepUp({ ...approver, roles: ["approver"], email: "", sessionIdHash: "demo-seed", verifiedAt: now.toISOString() }, DEMO_PASSWORD, "decision.approve", now);
    if (!stepUp.ok) throw new Error("demo seed: the approver's password was refused");
    await approveDecisionWithAttestation({ ...approver, stepUp: stepUp.proof }, decisionId, { comment: "Reviewed and approved." }, now);
    if (spec.stage === "revoked") {
      now = tick(now, 3600);
      const attestationId = (await attestationOfDecision(BANCO_DEMO.institutionId, decisionId, reads()))?.id;
      if (!attestationId) throw new Error("demo seed: no attestation to revoke");
      await revokeAttestation({ institutionId: BANCO_DEMO.institutionId, userId: BANCO_DEMO.admin }, attestationId, "The client's main supplier was found retaining workers' passports after approval.", now);
    }
    done.push({ client: spec.name, stage: spec.stage });
  }
  return done;
}

/** One read-write API key per demo institution, printed by `npm run demo`. */
export async function seedApiKeys(institutions: Array<{ id: string; name: string; adminUserId: string }>, now = new Date()): Promise<Array<{ institution: string; key: string }>> {
  const keys: Array<{ institution: string; key: string }> = [];
  for (const i of institutions) keys.push({ institution: i.name, key: await createApiKeyForSeed(i.id, i.adminUserId, "Demo loan-origination system", now) });
  return keys;
}
