// Engine-2 optional modules on the respondent side (issue 16): the fishing module appears for a
// client in ISIC 03 (the client's profile is read), the gold module when an answer opens it; a
// module that does not apply is not listed, has no page, and is not required at submission.
import { respondentWorkspace as workspace, sectionPage, saveAnswers } from "~/services/respondent.server";
import { submitAssessment } from "~/services/submission.server";
import { bestValue } from "../helpers/review-factories";
import { createSentAssessment } from "../helpers/respondent-factories";

const keys = async (f: Awaited<ReturnType<typeof createSentAssessment>>) => (await workspace(f.context, "en")).sections.map((s) => s.key);
const signatory = { name: "Ana Quispe", title: "Gerente general", email: "ana@textiles.example" };

function answersWithout(f: Awaited<ReturnType<typeof createSentAssessment>>, modules: string[], overrides: Record<string, unknown> = {}) {
  const answers: Record<string, { value: never }> = {};
  for (const section of f.questionnaire.sections) {
    if (modules.includes(section.key)) continue;
    for (const q of section.questions) answers[q.id] = { value: (overrides[q.id] ?? bestValue(q)) as never };
  }
  return answers;
}

describe("engine-2 modules on the respondent side", () => {
  it("a garment maker (ISIC 14) sees neither module; its pages are 404s; it submits without them", async () => {
    const f = await createSentAssessment({ version: 2, sector: "14" });
    const shown = await keys(f);
    expect(shown).not.toContain("fishing");
    expect(shown).not.toContain("gold");
    expect((await workspace(f.context, "en")).sections.map((s) => s.index)).toEqual(shown.map((_, i) => i + 1));
    expect(await sectionPage(f.context, "fishing", "en")).toBeNull();
    expect((await saveAnswers(f.context, answersWithout(f, ["fishing", "gold"]), new Date())).issues).toEqual([]);
    expect(await submitAssessment(f.context, { signatory, attest: true }, new Date())).toEqual({ status: "submitted" });
  });

  it("a fishing company (ISIC 03) is asked the fishing module, and cannot submit without it", async () => {
    const f = await createSentAssessment({ version: 2, sector: "03" });
    expect(await keys(f)).toContain("fishing");
    const page = await sectionPage(f.context, "fishing", "es");
    expect(page?.questions.map((q) => q.id)).toEqual(["fish.crew-documents", "fish.crew-wages", "fish.shore-contact"]);
    await saveAnswers(f.context, answersWithout(f, ["fishing", "gold"]), new Date());
    const refused = await submitAssessment(f.context, { signatory, attest: true }, new Date());
    expect(refused).toMatchObject({ error: "required-unanswered" });
    expect("missing" in refused ? refused.missing : []).toEqual(expect.arrayContaining(["fish.crew-documents", "fish.crew-wages", "fish.shore-contact"]));
  });

  it("an answer opens the gold module for a client of any sector", async () => {
    const f = await createSentAssessment({ version: 2, sector: "14" });
    expect(await keys(f)).not.toContain("gold");
    await saveAnswers(f.context, { "risk.activities": { value: ["artisanal-gold"] as never } }, new Date());
    expect(await keys(f)).toContain("gold");
  });
});
