// Seeds the attack suite's template database (run by global-setup with `tsx`, DATABASE_URL and
// DATA_DIR pointing at a fresh temp directory): the demo's two institutions and users, Banco Demo's
// clients at every stage (scripts/seed-stages.ts), and what the attacks need besides, all through
// the app's own services. Prints one JSON line: the credentials the suite uses (ids it reads from
// the database itself).
import { openDatabase } from "../../../db/open";
import { migrate } from "../../../db/migrate";
import { seedDemo, DEMO_PASSWORD } from "../../../scripts/seed-data";
import { seedStages } from "../../../scripts/seed-stages";
import { hashPassword } from "../../../app/auth/password.server";
import { write } from "../../../app/db.server";
import { insertUser, replaceRoles } from "../../../app/repositories/users.server";
import { newId } from "../../../app/ids.server";
import { createClient } from "../../../app/services/clients.server";
import { sendAssessment } from "../../../app/services/assessments.server";
import { createApiKey, revokeApiKey } from "../../../app/services/api-keys.server";
import { createWebhook, setWebhookActive } from "../../../app/services/webhooks.server";
import { recordObservation } from "../../../app/services/observations.server";
import { proposeDecision } from "../../../app/services/decisions.server";
import { resolveRespondentToken } from "../../../app/auth/respondent.server";
import { saveAnswers } from "../../../app/services/respondent.server";
import { uploadDocument } from "../../../app/services/documents.server";
import { submitAssessment } from "../../../app/services/submission.server";
import { startReview } from "../../../app/services/review.server";
import { getQuestionnaire } from "../../../app/services/questionnaires.server";
import { demoAnswers, demoPdf } from "../../../scripts/demo-answers";

const B = "inst_banco_demo"; // the victim: every stage of the golden path
const A = "inst_northwind"; // the attacker's own institution
const start = new Date(Date.now() - 30 * 3600_000);

const sqlite = openDatabase(process.env.DATABASE_URL!);
migrate(sqlite);
sqlite.close();
await seedDemo(start);
await seedStages(new Date(Date.now() - 2 * 3600_000));

const now = new Date(Date.now() - 3600_000);
const passwordHash = await hashPassword(DEMO_PASSWORD);
async function user(institutionId: string, email: string, name: string, roles: Array<"admin" | "rm" | "approver" | "auditor">): Promise<string> {
  const id = newId();
  await write({ institutionId: institutionId }, async (tx) => {
    await insertUser({ id, email, name, passwordHash, isActive: true, createdAt: now.toISOString(), updatedAt: now.toISOString() }, tx);
    await replaceRoles(institutionId, id, roles, now, newId, tx);
  });
  return id;
}
// Extra Banco Demo staff: an rm who is also an approver (own-proposal approval), an rm to be
// deactivated while signed in, and a Banco-only auditor.
const rmApprover = await user(B, "rm-approver@bancodemo.example", "Rita Doble", ["rm", "approver"]);
const toDeactivate = await user(B, "leaver@bancodemo.example", "Luis Saliente", ["rm"]);
const auditorB = await user(B, "auditor-only@bancodemo.example", "Aurora Auditora", ["auditor"]);

type Sent = { clientId: string; assessmentId: string; token: string };
async function sendTo(institutionId: string, rmUserId: string, name: string, questionnaire = "anti-trafficking-sme"): Promise<Sent> {
  const actor = { institutionId, userId: rmUserId };
  const { client } = await createClient(
    actor,
    { name, country: "PE", sector: "14", registrationNumber: "RUC 20100000001", contactName: "Contacto Prueba", contactEmail: `contacto.${newId().slice(-6).toLowerCase()}@cliente.example`, sourcingCountries: ["PE"], goods: [], rmUserId },
    now,
  );
  const sent = await sendAssessment(actor, client.id, { questionnaire: { key: questionnaire, version: 1 }, dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), language: "es" }, now);
  return { clientId: client.id, assessmentId: sent.assessment.id, token: sent.respondUrl.slice(sent.respondUrl.indexOf("/r/") + 3) };
}

// Respondent links of Banco Demo: one per use, so the suites do not step on each other's drafts.
const respondentsB: Record<string, Sent> = {};
for (const use of ["fuzz", "upload", "csrf", "xss", "role", "tenant"]) respondentsB[use] = await sendTo(B, "usr_bd_rm", `Cliente ${use} S.A.`);
const durability: Sent[] = [];
for (let i = 0; i < 10; i++) durability.push(await sendTo(B, "usr_bd_rm", `Cliente durabilidad ${i + 1} S.A.`));
const respondentA = await sendTo(A, "usr_nw_rm", "Northwind Client Ltd.");

// A Banco Demo assessment submitted and under review, with a decision proposed by the rm+approver.
const proposed = await sendTo(B, rmApprover, "Propuesta Propia S.A.");
{
  const resolved = await resolveRespondentToken(proposed.token, now);
  if (resolved.state !== "valid") throw new Error("seed: proposed link does not resolve");
  const questionnaire = getQuestionnaire("anti-trafficking-sme", 1)!.questionnaire;
  const answers = demoAnswers(questionnaire, "best");
  const upload = await uploadDocument(resolved.context, { fileName: "policy.pdf", bytes: demoPdf("Propuesta Propia: policy") }, now);
  if ("error" in upload) throw new Error("seed: upload refused");
  const saved = await saveAnswers(resolved.context, answers, now);
  if (saved.issues.length) throw new Error(`seed: ${JSON.stringify(saved.issues.slice(0, 2))}`);
  const submitted = await submitAssessment(resolved.context, { signatory: { name: "Contacto Prueba", title: "Gerente", email: "contacto@cliente.example" }, attest: true }, now);
  if (!("status" in submitted)) throw new Error(`seed: submit refused ${JSON.stringify(submitted)}`);
  await startReview({ institutionId: B, userId: rmApprover }, proposed.assessmentId, now);
  await proposeDecision({ institutionId: B, userId: rmApprover }, { assessmentId: proposed.assessmentId, outcome: "approve", rationale: "Controls documented and evidenced.", justification: "Documented site visit.", conditions: [] }, now);
}

// API keys: read-write, read-only and revoked for Banco Demo; read-write and read-only for Northwind.
const key = (institutionId: string, userId: string, name: string, scope: "read" | "read-write", canReadAudit = false) => createApiKey({ institutionId, userId }, { name, scope, canReadAudit }, now);
const bRw = await key(B, "usr_bd_admin", "Core banking", "read-write", true);
const bRo = await key(B, "usr_bd_admin", "Reporting", "read");
const bRevoked = await key(B, "usr_bd_admin", "Old system", "read-write");
await revokeApiKey({ institutionId: B, userId: "usr_bd_admin" }, bRevoked.id, now);
const aKeys: string[] = [];
for (let i = 0; i < 6; i++) aKeys.push((await key(A, "usr_nw_admin", `Northwind system ${i + 1}`, "read-write", true)).key);
const aRo = await key(A, "usr_nw_admin", "Northwind reporting", "read");
const bFuzzKeys: string[] = [];
for (let i = 0; i < 6; i++) bFuzzKeys.push((await key(B, "usr_bd_admin", `Fuzz ${i + 1}`, "read-write", true)).key);

// An observation on a Banco Demo client, and a webhook (deactivated at once: nothing is delivered
// anywhere, all traffic stays on 127.0.0.1).
const firstClient = (openDatabase(process.env.DATABASE_URL!).prepare("SELECT id FROM clients WHERE institution_id = ? ORDER BY created_at LIMIT 1").get(B) as { id: string }).id;
await recordObservation({ institutionId: B, userId: "usr_bd_rm", name: "Mateo Gómez" }, firstClient, { codes: ["other"], note: "Cash deposits just under the threshold, several branches." }, "es", now);
for (const inst of [B, A]) {
  const admin = inst === B ? "usr_bd_admin" : "usr_nw_admin";
  try {
    const hook = await createWebhook({ institutionId: inst, userId: admin }, { url: `https://hooks.${inst.replace(/_/g, "-")}.example/provenant`, events: ["gate.changed"] }, now);
    await setWebhookActive({ institutionId: inst, userId: admin }, hook.id, false, now);
  } catch (error) {
    process.stderr.write(`seed: webhook refused (${(error as Error).message}); the matrix uses random webhook ids only\n`);
  }
}

process.stdout.write(
  `${JSON.stringify({
    password: DEMO_PASSWORD,
    institutions: { a: A, b: B },
    users: {
      bAdmin: "admin@bancodemo.example",
      bRm: "rm@bancodemo.example",
      bApprover: "approver@bancodemo.example",
      bAuditor: "auditor-only@bancodemo.example",
      bRmApprover: "rm-approver@bancodemo.example",
      bLeaver: "leaver@bancodemo.example",
      aAdmin: "admin@northwind.example",
      aRm: "rm@northwind.example",
    },
    userIds: { rmApprover, toDeactivate, auditorB },
    keys: { bRw: bRw.key, bRo: bRo.key, bRevoked: bRevoked.key, aRw: aKeys[0], aKeys, aRo: aRo.key, bFuzzKeys },
    respondentsB,
    durability,
    respondentA,
    proposed,
  })}\n`,
);
