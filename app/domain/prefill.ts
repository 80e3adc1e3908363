// Re-assessment prefill (PRODUCT.md golden path step 7: "re-assess" sends the latest questionnaire
// version with the previous answers pre-filled for the respondent to confirm).
// Rules fixed here:
// - the source is the previous assessment's latest submitted answer set;
// - answers to question ids the new version no longer has are dropped (a removed question must
//   not leak into scoring or the respondent's draft);
// - evidence references are dropped: documents belong to one assessment and are served only to
//   its respondents, so the respondent re-attaches what is still current;
// - comments are kept with their answer.
export type PrefillAnswer = { questionId: string; value: unknown; comment: string | null };

export function prefillDraft(previousAnswers: Readonly<Record<string, unknown>>, questionIds: ReadonlySet<string> | readonly string[]): PrefillAnswer[] {
  const ids = questionIds instanceof Set ? questionIds : new Set(questionIds as readonly string[]);
  const out: PrefillAnswer[] = [];
  for (const [questionId, raw] of Object.entries(previousAnswers)) {
    if (!ids.has(questionId)) continue;
    if (typeof raw !== "object" || raw === null || !("value" in raw)) continue;
    const answer = raw as { value: unknown; comment?: unknown };
    out.push({ questionId, value: answer.value, comment: typeof answer.comment === "string" && answer.comment !== "" ? answer.comment : null });
  }
  return out.sort((a, b) => (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0));
}
