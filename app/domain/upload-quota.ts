// Upload quotas (security review M5): what one assessment may hold and how fast one respondent
// may upload, so that a respondent link cannot fill the disk. The service counts the usage from
// the documents table inside the transaction that inserts the new row (so concurrent uploads
// cannot race past a limit) and asks quotaRefusal whether one more file of `size` bytes fits.
// Every limit lives here; the respondent's message and the API error name the one that applied.

const MB = 1024 * 1024;

export const UPLOAD_QUOTA = {
  /** Documents an assessment holds at once (removed documents do not count). */
  assessmentDocuments: 200,
  /** Their total size (each file at most 10 MB: MAX_DOCUMENT_BYTES). */
  assessmentBytes: 200 * MB,
  /** The respondent's rate window, counting every upload in it (removed ones too). */
  respondentWindowMinutes: 10,
  respondentUploads: 30,
  respondentBytes: 100 * MB,
} as const;

export type UploadQuota = { [K in keyof typeof UPLOAD_QUOTA]: number };

/**
 * Stored files that no document references are deleted by the periodic sweep once their file is
 * older than this: an upload writes its file before the transaction that inserts its row.
 */
export const UNREFERENCED_FILE_GRACE_MINUTES = 60;

export type UploadUsage = {
  /** The assessment's documents that are not removed: how many, and their total size. */
  assessmentDocuments: number;
  assessmentBytes: number;
  /** This respondent's uploads in the window, oldest first. */
  recent: Array<{ uploadedAt: string; size: number }>;
};

export type QuotaRefusal =
  | { kind: "assessment-documents"; limit: number }
  | { kind: "assessment-bytes"; limitMb: number }
  | { kind: "respondent-uploads"; limit: number; minutes: number; retryAfterSeconds: number }
  | { kind: "respondent-bytes"; limitMb: number; minutes: number; retryAfterSeconds: number };

/** The instant from which this respondent's uploads count against the rate. */
export function rateWindowStart(now: Date, quota: UploadQuota = UPLOAD_QUOTA): Date {
  return new Date(now.getTime() - quota.respondentWindowMinutes * 60_000);
}

/**
 * Seconds until enough of the window's uploads have left it for one more upload of `size` bytes
 * to fit both rate limits (at least 1).
 */
function secondsUntilItFits(usage: UploadUsage, size: number, now: Date, quota: UploadQuota): number {
  const windowMs = quota.respondentWindowMinutes * 60_000;
  let count = usage.recent.length;
  let bytes = usage.recent.reduce((sum, r) => sum + r.size, 0);
  for (const upload of usage.recent) {
    count -= 1;
    bytes -= upload.size;
    if (count + 1 <= quota.respondentUploads && bytes + size <= quota.respondentBytes) {
      const leavesAt = Date.parse(upload.uploadedAt) + windowMs;
      return Math.max(1, Math.ceil((leavesAt - now.getTime()) / 1000));
    }
  }
  return Math.max(1, Math.ceil(windowMs / 1000));
}

/** Why one more file of `size` bytes may not be stored now, or null when it fits. */
export function quotaRefusal(usage: UploadUsage, size: number, now: Date, quota: UploadQuota = UPLOAD_QUOTA): QuotaRefusal | null {
  // What the assessment holds first: waiting does not help there, removing a document does.
  if (usage.assessmentDocuments + 1 > quota.assessmentDocuments) return { kind: "assessment-documents", limit: quota.assessmentDocuments };
  if (usage.assessmentBytes + size > quota.assessmentBytes) return { kind: "assessment-bytes", limitMb: Math.round(quota.assessmentBytes / MB) };
  const recentBytes = usage.recent.reduce((sum, r) => sum + r.size, 0);
  const minutes = quota.respondentWindowMinutes;
  if (usage.recent.length + 1 > quota.respondentUploads) {
    return { kind: "respondent-uploads", limit: quota.respondentUploads, minutes, retryAfterSeconds: secondsUntilItFits(usage, size, now, quota) };
  }
  if (recentBytes + size > quota.respondentBytes) {
    return { kind: "respondent-bytes", limitMb: Math.round(quota.respondentBytes / MB), minutes, retryAfterSeconds: secondsUntilItFits(usage, size, now, quota) };
  }
  return null;
}

/** The API's wording of a refusal (English, like every API message). */
export function quotaRefusalMessage(refusal: QuotaRefusal): string {
  switch (refusal.kind) {
    case "assessment-documents":
      return `This assessment already holds ${refusal.limit} documents, the most it can hold; remove one before uploading another`;
    case "assessment-bytes":
      return `This assessment's documents would exceed ${refusal.limitMb} MB in total, the most it can hold; remove one before uploading another`;
    case "respondent-uploads":
      return `At most ${refusal.limit} uploads per ${refusal.minutes} minutes; retry in ${refusal.retryAfterSeconds} s`;
    case "respondent-bytes":
      return `At most ${refusal.limitMb} MB of uploads per ${refusal.minutes} minutes; retry in ${refusal.retryAfterSeconds} s`;
  }
}
