import { inlinePreviewKind } from "~/domain/file-type";
import { contentDisposition } from "~/domain/file-name";
import { et, evidenceUi, formatDate, formatFileSize } from "~/i18n/evidence";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("evidence catalogue", () => {
  it("has the same keys and placeholders in English and Spanish, and no empty string", () => {
    expect(Object.keys(evidenceUi.es).sort()).toEqual(Object.keys(evidenceUi.en).sort());
    for (const key of Object.keys(evidenceUi.en) as Array<keyof typeof evidenceUi.en>) {
      expect(placeholders(evidenceUi.es[key]), key).toEqual(placeholders(evidenceUi.en[key]));
      expect(evidenceUi.es[key].trim(), key).not.toBe("");
    }
    expect(et("es", "doc.page", { page: 2, pages: 5 })).toBe("Página 2 de 5");
  });
});

describe("formatFileSize", () => {
  it.each([
    [0, "en", "0 bytes"],
    [660, "en", "660 bytes"],
    [1023, "es", "1,023 bytes"],
    [1024, "en", "1 KB"],
    [12_800, "es", "13 KB"],
    [1024 * 1024 - 1, "en", "1 MB"],
    [1024 * 1024, "en", "1 MB"],
    [1_468_006, "en", "1.4 MB"],
    [10 * 1024 * 1024, "es", "10 MB"],
  ] as const)("%d bytes in %s is %s", (bytes, lang, expected) => {
    expect(formatFileSize(bytes, lang)).toBe(expected);
  });
});

describe("formatDate", () => {
  it("writes the UTC calendar date in words in each language", () => {
    expect(formatDate("2026-12-01T23:59:00.000Z", "en")).toBe("December 1, 2026");
    expect(formatDate("2026-12-01T23:59:00.000Z", "es")).toBe("1 de diciembre de 2026");
    expect(formatDate("not a date", "en")).toBe("not a date");
  });
});

describe("inline previews", () => {
  it("are PDFs and PNG or JPEG images only", () => {
    expect(inlinePreviewKind("application/pdf")).toBe("pdf");
    expect(inlinePreviewKind("image/png")).toBe("image");
    expect(inlinePreviewKind("image/jpeg")).toBe("image");
    for (const type of ["image/svg+xml", "text/html", "image/gif", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""]) expect(inlinePreviewKind(type)).toBeNull();
  });

  it("name the file the same way inline and as an attachment", () => {
    expect(contentDisposition("inline", "Acta\u202E ñ.pdf")).toBe(`inline; filename="Acta _.pdf"; filename*=UTF-8''Acta%20%C3%B1.pdf`);
    expect(contentDisposition("attachment", "a.pdf")).toBe(`attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`);
  });
});
