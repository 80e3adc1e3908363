// Respondent-side fixtures: an institution, an RM, a client and an assessment sent to a primary
// respondent with a link token, written as rows (what sending an assessment leaves behind), plus
// the respondent session cookie a browser would hold after opening the link, and the best answer
// to every question of a questionnaire.
import { newRespondentToken, resolveRespondentToken, startRespondentSession, type RespondentContext } from "~/auth/respondent.server";
import { write, getConnection } from "~/db.server";
import type { Question, Questionnaire } from "~/domain/questionnaire/schema";
import type { AnswerSet } from "~/domain/scoring/answers";
import { newId, sha256Hex } from "~/ids.server";
import { getQuestionnaire } from "~/services/questionnaires.server";
import { assessments, clients, respondents, webhooks } from "../../db/tables";
import { createInstitution, createUser } from "./factories";
import { searchKey } from "~/domain/search-key";

export type RespondentFixture = {
  institutionId: string;
  rm: { id: string; email: string };
  clientId: string;
  assessmentId: string;
  respondentId: string;
  token: string;
  context: RespondentContext;
  questionnaire: Questionnaire;
};

export async function createSentAssessment(
  opts: { key?: string; version?: number; sector?: string; language?: "en" | "es"; institutionId?: string; webhook?: boolean; now?: Date } = {},
): Promise<RespondentFixture> {
  const now = opts.now ?? new Date();
  const institutionId = opts.institutionId ?? await createInstitution("Banco Respondent");
  const rm = await createUser(institutionId, ["rm"], { name: "Rita Manager" });
  const loaded = getQuestionnaire(opts.key ?? "anti-trafficking", opts.version ?? 1);
  if (!loaded) throw new Error("questionnaire missing");
  const clientId = newId();
  const assessmentId = newId();
  const respondentId = newId();
  const token = newRespondentToken();
  const nowIso = now.toISOString();
  const due = new Date(now.getTime() + 30 * 86_400_000);
  await write({ institutionId: null }, async (tx) => {
    await tx.insert(clients)
      .values({
        id: clientId,
        institutionId,
        name: "Textiles Andinos S.A.",
        nameSearch: searchKey("Textiles Andinos S.A."),
        country: "PE",
        sector: opts.sector ?? "14",
        contactEmail: "compliance@textiles.example",
        contactName: "Ana Quispe",
        sourcingCountries: ["PE", "BO"],
        goods: ["cotton"],
        rmUserId: rm.id,
        inherentRisk: "high",
        gate: "pending",
        createdAt: nowIso,
        updatedAt: nowIso,
      });
    await tx.insert(assessments)
      .values({
        id: assessmentId,
        institutionId,
        clientId,
        questionnaireKey: loaded.key,
        questionnaireVersion: loaded.version,
        questionnaireSha256: loaded.sha256,
        status: "sent",
        language: opts.language ?? "en",
        dueDate: due.toISOString().slice(0, 10),
        expiresAt: new Date(due.getTime() + 14 * 86_400_000).toISOString(),
        sentBy: rm.id,
        sentAt: nowIso,
        updatedAt: nowIso,
      });
    await tx.insert(respondents)
      .values({ id: respondentId, institutionId, assessmentId, email: "ana@textiles.example", name: "Ana Quispe", isPrimary: true, tokenHash: sha256Hex(token), createdAt: nowIso });
    if (opts.webhook) {
      await tx.insert(webhooks)
        .values({ id: newId(), institutionId, url: "https://hooks.example/provenant", events: ["assessment.submitted"], encryptedSecret: "x", createdBy: rm.id, createdAt: nowIso });
    }
  });
  const resolved = await resolveRespondentToken(token, now);
  if (resolved.state !== "valid") throw new Error("fixture token does not resolve");
  return { institutionId, rm, clientId, assessmentId, respondentId, token, context: resolved.context, questionnaire: loaded.questionnaire };
}

/** The Cookie header a browser sends after opening the respondent's link. */
export async function respondentCookie(context: RespondentContext, now = new Date()): Promise<string> {
  return (await startRespondentSession(context, now)).split(";")[0]!;
}

/** Another respondent (a colleague) of the same assessment, with their own token. */
export async function addRespondentRow(fixture: RespondentFixture, email: string): Promise<{ respondentId: string; token: string; context: RespondentContext }> {
  const token = newRespondentToken();
  const respondentId = newId();
  await getConnection().tx
    .insert(respondents)
    .values({ id: respondentId, institutionId: fixture.institutionId, assessmentId: fixture.assessmentId, email, name: null, isPrimary: false, tokenHash: sha256Hex(token), createdAt: new Date().toISOString() });
  const resolved = await resolveRespondentToken(token, new Date());
  if (resolved.state !== "valid") throw new Error("colleague token does not resolve");
  return { respondentId, token, context: resolved.context };
}

/** The answer worth most points for one question (follow-ups answered too; hidden ones ignored later). */
export function bestValue(q: Question): AnswerSet[string]["value"] {
  switch (q.type) {
    case "boolean":
    case "single": {
      const options = q.options ?? [];
      const best = options.reduce((a, b) => ((b.points ?? 0) > (a.points ?? 0) ? b : a), options[0]!);
      return best.value;
    }
    case "multi": {
      const positive = (q.options ?? []).filter((o) => (o.points ?? 0) > 0).map((o) => o.value);
      return positive.length > 0 ? positive : [(q.options ?? [])[0]!.value];
    }
    case "number":
    case "percent": {
      const scale = q.scale ?? [];
      const best = scale.reduce((a, b) => (b.points > a.points ? b : a), scale[0] ?? { min: 0, max: 0, points: 0 });
      return best.min;
    }
    case "text":
      return "Agencia Laboral del Sur (licence 123)";
    case "date":
      return "2026-06-30";
    case "countries":
      return ["PE", "CL"];
  }
}

export function bestAnswers(questionnaire: Questionnaire): AnswerSet {
  const out: AnswerSet = {};
  for (const q of questionnaire.sections.flatMap((s) => s.questions)) out[q.id] = { value: bestValue(q) };
  return out;
}
