// One POST of a respondent's section form (the page without JavaScript): the answers, a file
// per question, an already uploaded document attached, or a document detached. The whole post is
// one write: its answers, documents, attachments and audit events commit together or not at all.
// A refused file (type, size, quota) is not an error: the answers of the post are kept and the
// problem is reported on the question, as a person would expect.
//
// A browser posts every file input and picker of the form, whichever button was pressed (F02: a
// file still chosen on one question was uploaded again by "Attach" on the next). So "Attach" on a
// question takes only that question's file or picked document, a removal takes none, and only the
// plain save (the page without JavaScript) takes every question's. A file whose content is already
// a document of the assessment attaches that document rather than a copy of it.
import { write } from "~/db.server";
import { cleanFileName } from "~/domain/file-name";
import type { QuotaRefusal } from "~/domain/upload-quota";
import type { Lang } from "~/i18n";
import type { RespondentContext } from "~/auth/respondent.server";
import { attachDocument, detachDocument, uploadOrReuseDocument } from "./documents.server";
import { saveFormAnswers } from "./respondent.server";

export type UploadProblem = {
  questionId: string | null;
  error: "too-large" | "unsupported" | "choose-file" | "quota" | "unavailable-attach" | "unavailable-remove";
  /** The cleaned name of the file or document concerned ("" when unknown). */
  fileName: string;
  quota?: QuotaRefusal;
};

/** A file field of the post: the bytes, or only the name of a file the reader found too large. */
export type PostedFile = { fileName: string; bytes: Uint8Array } | { fileName: string; tooLarge: true };

export type SectionPost = {
  sectionKey: string;
  /** "save", "attach:<questionId>" or "detach|<questionId>|<documentId>". */
  intent: string;
  /** The form's fields (answers, `attach:<questionId>` document ids). */
  form: { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[] };
  /** The file chosen for each question, when one was. */
  files: (questionId: string) => Promise<PostedFile | null>;
};

export type SectionPostResult = NonNullable<Awaited<ReturnType<typeof saveFormAnswers>>> & { upload: UploadProblem | null };

/** Saves the post in one write; null when the section does not exist. */
export async function saveSectionPost(respondent: RespondentContext, post: SectionPost, now: Date, lang: Lang): Promise<SectionPostResult | null> {
  return write({ institutionId: respondent.institutionId }, async () => {
    const result = await saveFormAnswers(respondent, post.form, now, lang, post.sectionKey);
    if (!result) return null;
    let upload: UploadProblem | null = null;
    const attachFor = post.intent.startsWith("attach:") ? post.intent.slice("attach:".length) : null;
    const takesFiles = attachFor !== null ? result.questionIds.filter((id) => id === attachFor) : post.intent.startsWith("detach|") ? [] : result.questionIds;
    for (const questionId of takesFiles) {
      const file = await post.files(questionId);
      const existing = post.form.get(`attach:${questionId}`);
      if (file && "tooLarge" in file) {
        upload = { questionId, error: "too-large", fileName: cleanFileName(file.fileName) };
      } else if (file) {
        const uploaded = await uploadOrReuseDocument(respondent, { fileName: file.fileName, bytes: file.bytes }, now);
        if (!("error" in uploaded)) {
          await attachDocument(respondent, uploaded.documentId, questionId, now);
        } else if (uploaded.error === "quota") {
          upload = { questionId, error: "quota", fileName: cleanFileName(file.fileName), quota: uploaded.refusal };
        } else {
          upload = { questionId, error: uploaded.error === "too-large" ? "too-large" : "unsupported", fileName: cleanFileName(file.fileName) };
        }
      } else if (typeof existing === "string" && existing !== "") {
        const refused = await attachDocument(respondent, existing, questionId, now);
        if (refused) upload = { questionId, error: "unavailable-attach", fileName: refused.fileName ?? "" };
      } else if (attachFor === questionId) {
        upload = { questionId, error: "choose-file", fileName: "" };
      }
    }
    if (post.intent.startsWith("detach|")) {
      const [, questionId = "", documentId = ""] = post.intent.split("|");
      const detached = await detachDocument(respondent, documentId, questionId, now);
      if ("unavailable" in detached) {
        upload = { questionId: result.questionIds.includes(questionId) ? questionId : null, error: "unavailable-remove", fileName: detached.fileName ?? "" };
      }
    }
    return { ...result, upload };
  });
}
