// Walkthrough F02: attaching a file to one question must never re-send another question's file.
// The section is one form, so a browser posts every file input in it: after "Attach" on the first
// question its input kept the file, and "Attach" on the next question uploaded it again. Only the
// question whose button was pressed takes a file or a picked document; the same content uploaded
// again is the same document, listed once with the questions it supports.
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { documents, draftAnswers } from "../../db/tables";
import { PRESENT_FIELD } from "~/domain/answer-form";
import { action as sectionAction } from "~/routes/respond+/section.$sectionKey";
import { sectionPage } from "~/services/respondent.server";
import { createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { settle } from "../helpers/requests";

const fixture = (name: string) => fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", name));
const POLICY = "gov.policy";
const APPROVAL = "gov.policy-approval";

type Posted = { files?: Record<string, { name: string; bytes: Uint8Array }>; picked?: Record<string, string>; intent: string };

/** The gov section form as a browser posts it: every question's fields, whichever button was pressed. */
function sectionForm(cookie: string, { files = {}, picked = {}, intent }: Posted): Request {
  const body = new FormData();
  for (const id of [POLICY, APPROVAL]) {
    body.append(PRESENT_FIELD, id);
    const file = files[id];
    body.append(`file:${id}`, file ? new File([new Uint8Array(file.bytes)], file.name) : new File([], ""));
    if (picked[id] !== undefined) body.append(`attach:${id}`, picked[id]);
  }
  body.append("intent", intent);
  return new Request("http://localhost/respond/section/gov", { method: "POST", body, headers: { Cookie: cookie } });
}

async function post(request: Request) {
  return await settle(() => sectionAction({ request, params: { sectionKey: "gov" }, context: {} }));
}

async function evidence(assessmentId: string, questionId: string): Promise<string[]> {
  return (await db().select().from(draftAnswers).where(eq(draftAnswers.assessmentId, assessmentId))).find((r) => r.questionId === questionId)?.evidence ?? [];
}

async function liveDocuments(assessmentId: string) {
  return await db().select().from(documents).where(and(eq(documents.assessmentId, assessmentId), isNull(documents.removedAt)));
}

describe("attaching evidence to one question (F02)", () => {
  it("does not re-send the file still chosen on another question", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const policy = { name: "politica.pdf", bytes: fixture("policy.pdf") };
    expect((await post(sectionForm(cookie, { files: { [POLICY]: policy }, intent: `attach:${POLICY}` }))).status).toBe(302);
    const [first] = await evidence(f.assessmentId, POLICY);
    expect(first).toBeDefined();

    // The first question's input still holds the policy when "Attach" is pressed on the second.
    const photo = { name: "acta.png", bytes: fixture("photo.png") };
    const second = await post(sectionForm(cookie, { files: { [POLICY]: policy, [APPROVAL]: photo }, intent: `attach:${APPROVAL}` }));
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(`/respond/section/gov#q-${APPROVAL}`);
    expect(await evidence(f.assessmentId, POLICY)).toEqual([first]);
    const approval = await evidence(f.assessmentId, APPROVAL);
    expect(approval).toHaveLength(1);
    const docs = await liveDocuments(f.assessmentId);
    expect(docs.map((d) => d.fileName).sort()).toEqual(["acta.png", "politica.pdf"]);
  });

  it("ignores a document picked on another question than the one attached to", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await post(sectionForm(cookie, { files: { [POLICY]: { name: "politica.pdf", bytes: fixture("policy.pdf") } }, intent: `attach:${POLICY}` }));
    const [policyDoc] = await evidence(f.assessmentId, POLICY);
    await post(sectionForm(cookie, { files: { [POLICY]: { name: "acta.png", bytes: fixture("photo.png") } }, intent: `attach:${POLICY}` }));
    const photoDoc = (await evidence(f.assessmentId, POLICY))[1]!;
    // Picked on the second question, but "Attach" pressed on the first: the first takes nothing new.
    const res = await post(sectionForm(cookie, { picked: { [APPROVAL]: photoDoc }, intent: `attach:${POLICY}` }));
    expect(res.status).toBe(400);
    expect(await evidence(f.assessmentId, APPROVAL)).toEqual([]);
    expect(await evidence(f.assessmentId, POLICY)).toEqual([policyDoc, photoDoc]);
  });

  it("attaches the same content uploaded on a second question as the one document it already is", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    await post(sectionForm(cookie, { files: { [POLICY]: { name: "politica.pdf", bytes: fixture("policy.pdf") } }, intent: `attach:${POLICY}` }));
    await post(sectionForm(cookie, { files: { [APPROVAL]: { name: "politica (1).pdf", bytes: fixture("policy.pdf") } }, intent: `attach:${APPROVAL}` }));
    // Twice on the same question, too: still one document, attached once.
    await post(sectionForm(cookie, { files: { [POLICY]: { name: "politica.pdf", bytes: fixture("policy.pdf") } }, intent: `attach:${POLICY}` }));
    const docs = await liveDocuments(f.assessmentId);
    expect(docs).toHaveLength(1);
    expect(await evidence(f.assessmentId, POLICY)).toEqual([docs[0]!.id]);
    expect(await evidence(f.assessmentId, APPROVAL)).toEqual([docs[0]!.id]);

    // The page lists it once, naming the questions it supports, in the respondent's language.
    const page = await sectionPage(f.context, "gov", "es");
    expect(page?.documents).toEqual([
      expect.objectContaining({ id: docs[0]!.id, fileName: "politica.pdf", supports: [expect.objectContaining({ questionId: POLICY }), expect.objectContaining({ questionId: APPROVAL })] }),
    ]);
    expect(page?.documents[0]?.supports.every((s) => s.text.length > 0 && s.text !== s.questionId)).toBe(true);
  });

  it("still takes every chosen file and picked document on a plain save (no JavaScript)", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const res = await post(sectionForm(cookie, { files: { [POLICY]: { name: "politica.pdf", bytes: fixture("policy.pdf") }, [APPROVAL]: { name: "acta.png", bytes: fixture("photo.png") } }, intent: "save" }));
    expect(res.status).toBe(302);
    expect(await evidence(f.assessmentId, POLICY)).toHaveLength(1);
    expect(await evidence(f.assessmentId, APPROVAL)).toHaveLength(1);
  });
});
