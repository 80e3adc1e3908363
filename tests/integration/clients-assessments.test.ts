// Sending, resending and withdrawing questionnaires from the bank side, through the route actions
// and the services: the invitation e-mail and its link, hashed tokens, the gate, audit events,
// one assessment under way per client, the re-assessment prefill, and tenant isolation.
import { and, eq } from "drizzle-orm";
import { answerSets, assessments, auditEvents, clients, draftAnswers, gateEvents, outbox, respondents } from "../../db/tables";
import { resolveRespondentToken } from "~/auth/respondent.server";
import { ConflictError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { allQuestions } from "~/domain/questionnaire/schema";
import { getEnv } from "~/env.server";
import { sha256Hex } from "~/ids.server";
import { setAssessmentStatus } from "~/repositories/assessments.server";
import { action as clientAction, loader as clientLoader } from "~/routes/app+/clients+/$clientId._index";
import { action as assessmentAction, loader as assessmentLoader } from "~/routes/app+/assessments+/$assessmentId._index";
import { loader as listLoader } from "~/routes/app+/assessments+/index";
import { loader as linkLoader } from "~/routes/r.$token";
import { resendAssessment, withdrawAssessment } from "~/services/assessments.server";
import { deliverableBody } from "~/services/outbox.server";
import { getQuestionnaire } from "~/services/questionnaires.server";
import { cookieFor, createUser, db } from "../helpers/factories";
import { bankWithRm, isoDate, makeClient, send, tokenOf } from "../helpers/clients-factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

/** What a browser opening the respondent link gets (the respondent side's /r/:token route). */
async function openLink(token: string) {
  return (await settle(() => linkLoader({ request: getRequest(`/r/${token}`), params: { token }, context: {} }))).status;
}

const RESPOND_LINK = /(https?:\/\/[^\s]+\/r\/(pvn_rsp_[A-Za-z0-9_-]{43}))/;

async function outboxOf(institutionId: string) {
  return await db().select().from(outbox).where(eq(outbox.institutionId, institutionId));
}

describe("sending a questionnaire from the client page", () => {
  it("queues a Spanish invitation with the respondent link, stores only the token's hash, audits it and sets the gate to pending", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const result = await settle(() =>
      clientAction({
        request: formRequest(`/app/clients/${client.id}`, { intent: "send", questionnaire: "anti-trafficking/1", dueDate: isoDate(new Date(), 21), language: "es" }, bank.cookie),
        params: { clientId: client.id },
        context: {},
      }),
    );
    expect(result.status).toBe(302);
    expect((result.response as Response).headers.get("Location")).toBe(`/app/clients/${client.id}?flash=sent&email=${encodeURIComponent(client.contactEmail)}`);

    const [email, ...others] = await outboxOf(bank.institutionId);
    expect(others).toEqual([]);
    expect(email).toMatchObject({ kind: "assessment.invitation", toAddress: client.contactEmail, language: "es" });
    expect(email!.subject).toContain("solicita a Textiles Andinos S.A. completar un cuestionario");
    expect(email!.body).toContain("Hola, Ana Quispe:");
    // Staff's copy has the link masked; the recipient's (delivered) copy carries it.
    expect(email!.body).not.toMatch(RESPOND_LINK);
    const match = RESPOND_LINK.exec(deliverableBody(email!))!;
    expect(match[1]).toBe(`${getEnv().publicUrl}/r/${match[2]}`);
    const token = match[2]!;

    const assessment = (await db().select().from(assessments).where(eq(assessments.clientId, client.id)).limit(1))[0]!;
    expect(assessment).toMatchObject({ status: "sent", language: "es", questionnaireKey: "anti-trafficking", questionnaireVersion: 1, sentBy: bank.rm.id });
    expect(assessment.questionnaireSha256).toBe(getQuestionnaire("anti-trafficking", 1)!.sha256);
    const rows = await db().select().from(respondents).where(eq(respondents.assessmentId, assessment.id));
    expect(rows).toEqual([expect.objectContaining({ email: client.contactEmail, isPrimary: true, tokenHash: sha256Hex(token), revokedAt: null })]);

    const everything = JSON.stringify([rows, await db().select().from(auditEvents), await db().select().from(assessments)]);
    expect(everything).not.toContain(token);
    const sent = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, "assessment.sent"))).limit(1))[0]!;
    expect(sent).toMatchObject({ subjectId: assessment.id, actorId: bank.rm.id });
    expect(sent.after).toMatchObject({ clientId: client.id, language: "es" });

    expect((await db().select().from(clients).where(eq(clients.id, client.id)).limit(1))[0]).toMatchObject({ gate: "pending", gateReason: "assessment-under-way" });
    expect((await db().select().from(gateEvents).where(eq(gateEvents.clientId, client.id))).map((g) => g.gate)).toEqual(["closed", "pending"]);
    const resolved = await resolveRespondentToken(token, new Date());
    expect(resolved.state).toBe("valid");
  });

  it("refuses a second questionnaire while one is under way (409) and a past due date (400, dueDate)", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    await send(bank.actor, client.id);
    const fields = { intent: "send", questionnaire: "anti-trafficking/1", dueDate: isoDate(new Date(), 10), language: "en" };
    const again = await settle(() => clientAction({ request: formRequest(`/app/clients/${client.id}`, fields, bank.cookie), params: { clientId: client.id }, context: {} }));
    expect(again.status).toBe(409);
    await expect(send(bank.actor, client.id)).rejects.toThrow(ConflictError);

    const other = await makeClient(bank.actor, { name: "Otro Cliente" });
    const past = await settle(() =>
      clientAction({ request: formRequest(`/app/clients/${other.id}`, { ...fields, dueDate: isoDate(new Date(), -1) }, bank.cookie), params: { clientId: other.id }, context: {} }),
    );
    expect(past.status).toBe(400);
    expect((past.response as { reply: { error: Record<string, string[]> } }).reply.error.dueDate).toEqual(["clients.error.dueDatePast"]);
    const badQ = await settle(() =>
      clientAction({ request: formRequest(`/app/clients/${other.id}`, { ...fields, questionnaire: "anti-trafficking/9" }, bank.cookie), params: { clientId: other.id }, context: {} }),
    );
    expect(badQ.status).toBe(400);
    expect((badQ.response as { reply: { error: Record<string, string[]> } }).reply.error.questionnaire).toEqual(["clients.error.questionnaire"]);
    expect(await db().select().from(assessments).where(eq(assessments.clientId, other.id))).toEqual([]);
  });

  it("always e-mails the link and never hands it to the bank user, whatever the form says (H3)", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const result = await settle(() =>
      clientAction({
        request: formRequest(`/app/clients/${client.id}`, { intent: "send", questionnaire: "anti-trafficking-sme/1", dueDate: isoDate(new Date(), 5), language: "en", sendEmail: "off" }, bank.cookie),
        params: { clientId: client.id },
        context: {},
      }),
    );
    expect(result.status).toBe(302);
    const location = (result.response as Response).headers.get("Location") ?? "";
    expect(location).not.toMatch(/pvn_rsp_/);
    const [email] = await outboxOf(bank.institutionId);
    expect(email).toMatchObject({ kind: "assessment.invitation", toAddress: client.contactEmail });
    const token = RESPOND_LINK.exec(deliverableBody(email!))![2]!;
    expect((await resolveRespondentToken(token, new Date())).state).toBe("valid");
    const page = await settle(() => clientLoader({ request: getRequest(location, bank.cookie), params: { clientId: client.id }, context: {} }));
    expect(JSON.stringify(page.response)).not.toContain(token);
  });

  it("sets expiresAt to the due date plus 14 days of grace and returns the respond URL (for the API)", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const now = new Date("2030-01-10T12:00:00Z");
    const result = await send(bank.actor, client.id, { dueDate: "2030-02-01", language: "en" }, now);
    expect(result.assessment.expiresAt).toBe("2030-02-16T00:00:00.000Z");
    expect(result.respondUrl).toMatch(RESPOND_LINK);
    expect((await resolveRespondentToken(tokenOf(result.respondUrl), new Date("2030-02-15T23:59:59Z"))).state).toBe("valid");
    expect(await resolveRespondentToken(tokenOf(result.respondUrl), new Date("2030-02-16T00:00:00Z"))).toMatchObject({ state: "gone", reason: "expired" });
    await expect(send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: "2030-01-09" }, now)).rejects.toThrow(InvalidInputError);
    await expect(send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: "2031-01-12" }, now)).rejects.toThrow(InvalidInputError);
    await expect(send(bank.actor, (await makeClient(bank.actor)).id, { dueDate: "2030-02-30" }, now)).rejects.toThrow(InvalidInputError);
  });
});

describe("resend and withdraw", () => {
  it("resend: the old link is revoked (gone → 410), a new link works, a new e-mail goes, and it is audited without tokens", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const first = await send(bank.actor, client.id, { language: "es" });
    const oldToken = tokenOf(first.respondUrl);
    const result = await settle(() =>
      assessmentAction({ request: formRequest(`/app/assessments/${first.assessment.id}`, { intent: "resend" }, bank.cookie), params: { assessmentId: first.assessment.id }, context: {} }),
    );
    expect(result.status).toBe(302);
    expect(await resolveRespondentToken(oldToken, new Date())).toMatchObject({ state: "gone", reason: "revoked" });
    expect(await openLink(oldToken)).toBe(410);
    const emails = await outboxOf(bank.institutionId);
    expect(emails).toHaveLength(2);
    const newToken = RESPOND_LINK.exec(deliverableBody(emails[1]!))![2]!;
    expect(newToken).not.toBe(oldToken);
    expect(emails[1]!.language).toBe("es");
    expect((await resolveRespondentToken(newToken, new Date())).state).toBe("valid");
    expect(await openLink(newToken)).toBe(302);
    const rows = await db().select().from(respondents).where(eq(respondents.assessmentId, first.assessment.id));
    expect(rows.filter((r) => r.revokedAt === null).map((r) => r.tokenHash)).toEqual([sha256Hex(newToken)]);
    const audit = JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.chain, bank.institutionId)));
    expect(audit).toContain("assessment.link-resent");
    expect(audit).not.toContain(oldToken);
    expect(audit).not.toContain(newToken);
  });

  it("withdraw: every link is gone (410), the gate goes back to closed, and a second withdraw is a 409", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const sent = await send(bank.actor, client.id);
    const token = tokenOf(sent.respondUrl);
    const params = { assessmentId: sent.assessment.id };
    const result = await settle(() => assessmentAction({ request: formRequest(`/app/assessments/${sent.assessment.id}`, { intent: "withdraw", reason: "wrong contact" }, bank.cookie), params, context: {} }));
    expect(result.status).toBe(302);
    expect(await resolveRespondentToken(token, new Date())).toMatchObject({ state: "gone", reason: "revoked" });
    expect(await openLink(token)).toBe(410);
    expect((await db().select().from(assessments).where(eq(assessments.id, sent.assessment.id)).limit(1))[0]!.status).toBe("withdrawn");
    expect((await db().select().from(clients).where(eq(clients.id, client.id)).limit(1))[0]).toMatchObject({ gate: "closed", gateReason: "never-assessed" });
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, sent.assessment.id), eq(auditEvents.action, "assessment.withdrawn"))).limit(1))[0]!;
    expect(event).toMatchObject({ reason: "wrong contact", before: { status: "sent" } });
    const again = await settle(() => assessmentAction({ request: formRequest(`/app/assessments/${sent.assessment.id}`, { intent: "withdraw" }, bank.cookie), params, context: {} }));
    expect(again.status).toBe(409);
    await expect(resendAssessment(bank.actor, sent.assessment.id, {}, new Date())).rejects.toThrow(ConflictError);
    // After a withdrawal a new questionnaire may be sent.
    expect((await send(bank.actor, client.id)).assessment.status).toBe("sent");
  });

  it("another institution's assessment answers 404 on the status page and every action, and changes nothing", async () => {
    const owner = await bankWithRm("Banco Dueño");
    const intruder = await bankWithRm("Banco Intruso");
    const sent = await send(owner.actor, (await makeClient(owner.actor)).id);
    const params = { assessmentId: sent.assessment.id };
    const path = `/app/assessments/${sent.assessment.id}`;
    expect((await settle(() => assessmentLoader({ request: getRequest(path, intruder.cookie), params, context: {} }))).status).toBe(404);
    for (const fields of [{ intent: "resend" }, { intent: "withdraw" }, { intent: "bogus" }]) {
      expect((await settle(() => assessmentAction({ request: formRequest(path, fields, intruder.cookie), params, context: {} }))).status).toBe(404);
    }
    await expect(withdrawAssessment(intruder.actor, sent.assessment.id, {}, new Date())).rejects.toThrow(NotFoundError);
    await expect(resendAssessment(intruder.actor, sent.assessment.id, {}, new Date())).rejects.toThrow(NotFoundError);
    await expect(send(intruder.actor, sent.assessment.clientId)).rejects.toThrow(NotFoundError);
    expect((await db().select().from(assessments).where(eq(assessments.id, sent.assessment.id)).limit(1))[0]!.status).toBe("sent");
    expect((await resolveRespondentToken(tokenOf(sent.respondUrl), new Date())).state).toBe("valid");
    const list = (await settle(() => listLoader({ request: getRequest("/app/assessments", intruder.cookie), params: {}, context: {} }))).response as Awaited<ReturnType<typeof listLoader>>;
    expect(list.total).toBe(0);
  });

  it("the status page lists respondents with last seen and offers resend and withdraw", async () => {
    const bank = await bankWithRm();
    const sent = await send(bank.actor, (await makeClient(bank.actor)).id);
    const page = (await settle(() => assessmentLoader({ request: getRequest(`/app/assessments/${sent.assessment.id}`, bank.cookie), params: { assessmentId: sent.assessment.id }, context: {} })))
      .response as Awaited<ReturnType<typeof assessmentLoader>>;
    expect(page.respondents).toEqual([expect.objectContaining({ email: "ana.quispe@textiles.example", isPrimary: true, lastSeenAt: null, revokedAt: null })]);
    expect(page).toMatchObject({ canResend: true, canWithdraw: true, canReview: false });
  });
});

describe("roles", () => {
  it("an auditor can read the client and the assessment but not send, resend or withdraw (403)", async () => {
    const bank = await bankWithRm();
    const auditor = await createUser(bank.institutionId, ["auditor"]);
    const cookie = await cookieFor(auditor);
    const client = await makeClient(bank.actor);
    const sent = await send(bank.actor, client.id);
    const sendFields = { intent: "send", questionnaire: "anti-trafficking/1", dueDate: isoDate(new Date(), 10), language: "en" };
    expect((await settle(() => clientAction({ request: formRequest(`/app/clients/${client.id}`, sendFields, cookie), params: { clientId: client.id }, context: {} }))).status).toBe(403);
    const params = { assessmentId: sent.assessment.id };
    for (const fields of [{ intent: "resend" }, { intent: "withdraw" }]) {
      expect((await settle(() => assessmentAction({ request: formRequest(`/app/assessments/${sent.assessment.id}`, fields, cookie), params, context: {} }))).status).toBe(403);
    }
    const page = await settle(() => assessmentLoader({ request: getRequest(`/app/assessments/${sent.assessment.id}`, cookie), params, context: {} }));
    expect(page.status).toBe(200);
    expect(page.response).toMatchObject({ canResend: false, canWithdraw: false });
    expect((await db().select().from(assessments).where(eq(assessments.id, sent.assessment.id)).limit(1))[0]!.status).toBe("sent");
  });
});

describe("the assessments list", () => {
  it("filters by status and client name and pages", async () => {
    const bank = await bankWithRm();
    const a = await makeClient(bank.actor, { name: "Alpha Mining" });
    const b = await makeClient(bank.actor, { name: "Beta Farms" });
    const sentA = await send(bank.actor, a.id);
    await send(bank.actor, b.id);
    await withdrawAssessment(bank.actor, sentA.assessment.id, {}, new Date());
    const list = async (qs: string) =>
      (await settle(() => listLoader({ request: getRequest(`/app/assessments${qs}`, bank.cookie), params: {}, context: {} }))).response as Awaited<ReturnType<typeof listLoader>>;
    expect((await list("")).rows.map((r) => r.clientName).sort()).toEqual(["Alpha Mining", "Beta Farms"]);
    expect((await list("?status=withdrawn")).rows.map((r) => r.clientName)).toEqual(["Alpha Mining"]);
    expect((await list("?q=beta")).rows.map((r) => r.status)).toEqual(["sent"]);
    expect((await list("?status=bogus&page=-3")).rows).toHaveLength(2);
    expect((await list("?page=2")).rows).toEqual([]);
  });
});

describe("re-assessment prefill", () => {
  it("starts the draft from the previous submitted answers, minus questions the version does not have", async () => {
    const bank = await bankWithRm();
    const client = await makeClient(bank.actor);
    const previous = await send(bank.actor, client.id);
    const ids = allQuestions(getQuestionnaire("anti-trafficking", 1)!.questionnaire).map((q) => q.id);
    const nowIso = new Date().toISOString();
    await db()
      .insert(answerSets)
      .values({
        id: "as-1",
        institutionId: bank.institutionId,
        assessmentId: previous.assessment.id,
        answers: { [ids[0]!]: { value: "yes", evidence: ["doc-x"], comment: "policy attached" }, [ids[1]!]: { value: "no" }, "retired-question": { value: "yes" } },
        signatory: { name: "Ana", title: "CEO", email: "ana@example.test" },
        attestationText: "I attest",
        questionnaireSha256: previous.assessment.questionnaireSha256,
        submittedAt: nowIso,
      });
    await setAssessmentStatus(bank.institutionId, previous.assessment.id, "decided", nowIso, db());
    const next = await send(bank.actor, client.id, { previousAssessmentId: previous.assessment.id });
    expect(next.prefilled).toBe(2);
    const drafts = await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, next.assessment.id));
    expect(drafts.map((d) => [d.questionId, d.value, d.evidence, d.comment]).sort()).toEqual(
      [
        [ids[0], "yes", [], "policy attached"],
        [ids[1], "no", [], null],
      ].sort(),
    );
    expect(next.assessment.previousAssessmentId).toBe(previous.assessment.id);

    const foreign = await bankWithRm("Banco Ajeno");
    const theirs = await send(foreign.actor, (await makeClient(foreign.actor)).id);
    await expect(send(bank.actor, (await makeClient(bank.actor, { name: "Nuevo" })).id, { previousAssessmentId: theirs.assessment.id })).rejects.toThrow(NotFoundError);
  });
});
