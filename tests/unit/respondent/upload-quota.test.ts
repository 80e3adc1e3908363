import { quotaRefusal, quotaRefusalMessage, rateWindowStart, UPLOAD_QUOTA, type UploadUsage } from "~/domain/upload-quota";

const MB = 1024 * 1024;
const now = new Date("2026-12-01T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const empty: UploadUsage = { assessmentDocuments: 0, assessmentBytes: 0, recent: [] };

describe("upload quota (security review M5)", () => {
  it("states its limits in one place: 200 documents and 200 MB per assessment, 30 uploads or 100 MB per respondent per 10 minutes", () => {
    expect(UPLOAD_QUOTA).toEqual({ assessmentDocuments: 200, assessmentBytes: 200 * MB, respondentWindowMinutes: 10, respondentUploads: 30, respondentBytes: 100 * MB });
    expect(rateWindowStart(now).toISOString()).toBe(minutesAgo(10));
  });

  it("lets a file in when everything fits, up to each limit exactly", () => {
    expect(quotaRefusal(empty, 10 * MB, now)).toBeNull();
    expect(quotaRefusal({ assessmentDocuments: 199, assessmentBytes: 190 * MB, recent: [] }, 10 * MB, now)).toBeNull();
    const recent = Array.from({ length: 29 }, () => ({ uploadedAt: minutesAgo(1), size: MB }));
    expect(quotaRefusal({ ...empty, recent }, 10 * MB, now)).toBeNull();
  });

  it("refuses the 201st document and the byte past 200 MB", () => {
    expect(quotaRefusal({ ...empty, assessmentDocuments: 200 }, 1, now)).toEqual({ kind: "assessment-documents", limit: 200 });
    expect(quotaRefusal({ ...empty, assessmentDocuments: 20, assessmentBytes: 200 * MB - 10 }, 11, now)).toEqual({ kind: "assessment-bytes", limitMb: 200 });
  });

  it("names the assessment limit before the rate: waiting would not help", () => {
    const recent = Array.from({ length: 30 }, () => ({ uploadedAt: minutesAgo(1), size: MB }));
    expect(quotaRefusal({ assessmentDocuments: 200, assessmentBytes: 0, recent }, 1, now)?.kind).toBe("assessment-documents");
  });

  it("refuses the 31st upload in 10 minutes, retrying when the oldest leaves the window", () => {
    const recent = [{ uploadedAt: minutesAgo(9), size: MB }, ...Array.from({ length: 29 }, () => ({ uploadedAt: minutesAgo(2), size: MB }))];
    expect(quotaRefusal({ ...empty, recent }, MB, now)).toEqual({ kind: "respondent-uploads", limit: 30, minutes: 10, retryAfterSeconds: 60 });
  });

  it("refuses more than 100 MB in 10 minutes, retrying when enough bytes have left the window", () => {
    const recent = [
      { uploadedAt: minutesAgo(8), size: 5 * MB },
      { uploadedAt: minutesAgo(6), size: 5 * MB },
      ...Array.from({ length: 9 }, () => ({ uploadedAt: minutesAgo(1), size: 10 * MB })),
    ];
    // 100 MB in the window: a 10 MB file fits once both 5 MB uploads have left (in 4 minutes).
    expect(quotaRefusal({ ...empty, recent }, 10 * MB, now)).toEqual({ kind: "respondent-bytes", limitMb: 100, minutes: 10, retryAfterSeconds: 240 });
    // A 5 MB file fits as soon as the first has left (in 2 minutes).
    expect(quotaRefusal({ ...empty, recent }, 5 * MB, now)).toEqual({ kind: "respondent-bytes", limitMb: 100, minutes: 10, retryAfterSeconds: 120 });
  });

  it("words each refusal for the API, naming the limit", () => {
    expect(quotaRefusalMessage({ kind: "assessment-documents", limit: 200 })).toMatch(/200 documents/);
    expect(quotaRefusalMessage({ kind: "assessment-bytes", limitMb: 200 })).toMatch(/200 MB/);
    expect(quotaRefusalMessage({ kind: "respondent-uploads", limit: 30, minutes: 10, retryAfterSeconds: 60 })).toBe("At most 30 uploads per 10 minutes; retry in 60 s");
    expect(quotaRefusalMessage({ kind: "respondent-bytes", limitMb: 100, minutes: 10, retryAfterSeconds: 5 })).toBe("At most 100 MB of uploads per 10 minutes; retry in 5 s");
  });
});
