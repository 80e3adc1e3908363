// What the section page tells the respondent about an upload, attach or removal it refused, in
// the respondent's language: shared by the page and its tests. Names are the cleaned file names
// (never an id); a document of another assessment is never named.
import type { QuotaRefusal } from "~/domain/upload-quota";
import type { Lang } from "~/i18n";
import { rt } from "~/i18n/respondent";

import type { UploadProblem } from "~/services/section-post.server";

export type { UploadProblem };

export function uploadProblemMessage(problem: UploadProblem, lang: Lang): string {
  const name = problem.fileName;
  switch (problem.error) {
    case "unsupported":
      return rt(lang, "evidence.unsupported", { name });
    case "too-large":
      return rt(lang, "evidence.tooLarge");
    case "choose-file":
      return rt(lang, "evidence.chooseFile");
    case "unavailable-attach":
      return name ? rt(lang, "evidence.unavailableAttachNamed", { name }) : rt(lang, "evidence.unavailableAttach");
    case "unavailable-remove":
      return name ? rt(lang, "evidence.unavailableRemoveNamed", { name }) : rt(lang, "evidence.unavailableRemove");
    case "quota":
      return problem.quota ? quotaMessage(problem.quota, name, lang) : rt(lang, "evidence.tooLarge");
  }
}

function quotaMessage(quota: QuotaRefusal, name: string, lang: Lang): string {
  switch (quota.kind) {
    case "assessment-documents":
      return rt(lang, "evidence.quotaDocuments", { name, limit: quota.limit });
    case "assessment-bytes":
      return rt(lang, "evidence.quotaBytes", { name, limit: quota.limitMb });
    case "respondent-uploads":
      return rt(lang, "evidence.rateUploads", { name, limit: quota.limit, minutes: quota.minutes, wait: Math.max(1, Math.ceil(quota.retryAfterSeconds / 60)) });
    case "respondent-bytes":
      return rt(lang, "evidence.rateBytes", { name, limit: quota.limitMb, minutes: quota.minutes, wait: Math.max(1, Math.ceil(quota.retryAfterSeconds / 60)) });
  }
}

/** The HTTP status (and Retry-After) of a refused upload, for the section page and the upload route. */
export function uploadStatus(problem: UploadProblem): { status: number; headers: Record<string, string> } {
  switch (problem.error) {
    case "quota":
      return problem.quota ? quotaStatus(problem.quota) : { status: 413, headers: {} };
    case "too-large":
      return { status: 413, headers: {} };
    case "unsupported":
      return { status: 415, headers: {} };
    case "choose-file":
      return { status: 400, headers: {} };
    case "unavailable-attach":
    case "unavailable-remove":
      return { status: 409, headers: {} };
  }
}

function quotaStatus(refusal: QuotaRefusal): { status: number; headers: Record<string, string> } {
  return refusal.kind === "respondent-uploads" || refusal.kind === "respondent-bytes"
    ? { status: 429, headers: { "Retry-After": String(refusal.retryAfterSeconds) } }
    : { status: 413, headers: {} };
}

