import fs from "node:fs";
import path from "node:path";
import { EVIDENCE_TYPES, sniffEvidenceType, zipEntryNames } from "~/domain/file-type";

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", name)));

describe("evidence type by content", () => {
  it.each([
    ["policy.pdf", EVIDENCE_TYPES.pdf],
    ["photo.png", EVIDENCE_TYPES.png],
    ["photo.jpg", EVIDENCE_TYPES.jpg],
    ["statement.docx", EVIDENCE_TYPES.docx],
    ["audits.xlsx", EVIDENCE_TYPES.xlsx],
  ])("recognises %s", (name, expected) => {
    expect(sniffEvidenceType(fixture(name))).toEqual(expected);
  });

  it("refuses a Windows executable renamed .pdf (MZ header)", () => {
    const bytes = fixture("setup.exe.pdf");
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("MZ");
    expect(sniffEvidenceType(bytes)).toBeNull();
  });

  it("refuses a ZIP file that is not a Word or Excel package", () => {
    expect(zipEntryNames(fixture("archive.zip"))).toEqual(["readme.txt"]);
    expect(sniffEvidenceType(fixture("archive.zip"))).toBeNull();
  });

  it("reads the central directory of a deflated package", () => {
    expect(zipEntryNames(fixture("audits.xlsx"))).toContain("xl/workbook.xml");
  });

  it("refuses empty, short, text and truncated input", () => {
    expect(sniffEvidenceType(new Uint8Array())).toBeNull();
    expect(sniffEvidenceType(new Uint8Array([0x25, 0x50, 0x44]))).toBeNull();
    expect(sniffEvidenceType(new TextEncoder().encode("hello, world"))).toBeNull();
    const docx = fixture("statement.docx");
    expect(sniffEvidenceType(docx.subarray(0, docx.length - 30))).toBeNull();
  });

  it("does not trust a PDF signature that starts late, nor a PNG signature missing its last byte", () => {
    expect(sniffEvidenceType(new TextEncoder().encode(" %PDF-1.7"))).toBeNull();
    expect(sniffEvidenceType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]))).toBeNull();
  });
});
