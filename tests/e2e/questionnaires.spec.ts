import fs from "node:fs";
import { expect, signInAs, test } from "./fixtures";

const file = JSON.parse(fs.readFileSync("questionnaires/anti-trafficking/1.json", "utf8")) as {
  sections: Array<{ questions: Array<{ id: string; text: { en: string; es: string } }> }>;
};
const questions = file.sections.flatMap((s) => s.questions);

for (const lang of ["en", "es"] as const) {
  test(`the version page renders every question of anti-trafficking v1 in ${lang}`, async ({ page }) => {
    await signInAs(page, "rm");
    await page.goto(`/app/questionnaires/anti-trafficking/1?lang=${lang}`);
    const content = page.getByTestId("questionnaire-content");
    await expect(content).toHaveAttribute("lang", lang);
    await expect(content.locator("[data-question-id]")).toHaveCount(questions.length);
    for (const q of [questions[0]!, questions[Math.floor(questions.length / 2)]!, questions.at(-1)!]) {
      await expect(content.locator(`[data-question-id="${q.id}"]`)).toContainText(q.text[lang]);
    }
  });
}

test("the library lists both questionnaires", async ({ page }) => {
  await signInAs(page, "auditor");
  await page.goto("/app/questionnaires");
  await expect(page.getByRole("link", { name: /anti-trafficking-sme|1/ }).first()).toBeVisible();
  await expect(page.getByText("anti-trafficking-sme").first()).toBeVisible();
});
