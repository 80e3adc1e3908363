import { attachmentDisposition, cleanFileName, MAX_FILE_NAME_CHARS } from "~/domain/file-name";

const codePoints = (s: string) => [...s].length;

describe("cleanFileName (security review L8)", () => {
  it("drops the right-to-left override that makes invoice‮fdp.exe read as invoiceexe.pdf", () => {
    expect(cleanFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  });

  it.each([
    ["LRE, RLE, PDF, LRO, RLO", "a\u202A\u202B\u202C\u202D\u202Eb.pdf"],
    ["LRI, RLI, FSI, PDI", "a\u2066\u2067\u2068\u2069b.pdf"],
    ["LRM, RLM, ALM", "a\u200E\u200F\u061Cb.pdf"],
    ["zero-width space, non-joiner, joiner, word joiner, BOM", "a\u200B\u200C\u200D\u2060\uFEFFb.pdf"],
    ["NUL and other C0 controls", "a\u0000\u0001\u001B\u007Fb.pdf"],
    ["C1 controls", "a\u0080\u009B\u009Fb.pdf"],
    ["double quotes", 'a"b".pdf'],
    ["an unpaired surrogate", "a\uD800b.pdf"],
  ])("strips %s", (_label, name) => {
    expect(cleanFileName(name)).toBe("ab.pdf");
  });

  it("turns CR, LF and tabs into one space, so a name cannot inject a header line", () => {
    expect(cleanFileName("report\r\nfinal.pdf")).toBe("report final.pdf");
    expect(cleanFileName("report\r\n\r\nX-Injected: 1\r\n.pdf")).toBe("report X-Injected: 1 .pdf");
    expect(cleanFileName("a\tb\u2028c.pdf")).toBe("a b c.pdf");
  });

  it("keeps only the last path segment", () => {
    expect(cleanFileName("../../etc/pwned-upload.pdf")).toBe("pwned-upload.pdf");
    expect(cleanFileName("..\\..\\windows\\pwned.pdf")).toBe("pwned.pdf");
    expect(cleanFileName("../")).toBe("document");
    expect(cleanFileName("..")).toBe("document");
  });

  it("normalises to NFC", () => {
    const decomposed = "pol\u0069\u0301tica.pdf";
    expect(cleanFileName(decomposed)).toBe("pol\u00edtica.pdf");
    expect(cleanFileName(decomposed)).toBe(cleanFileName("política.pdf"));
  });

  it("keeps emoji and letters of every script", () => {
    expect(cleanFileName("📄 informe año 2026 — 監査.pdf")).toBe("📄 informe año 2026 — 監査.pdf");
    // A family emoji loses its joiners (U+200D is zero-width) but keeps its people.
    expect(cleanFileName("👩\u200D👧.pdf")).toBe("👩👧.pdf");
  });

  it("falls back to 'document' when nothing readable is left", () => {
    expect(cleanFileName("")).toBe("document");
    expect(cleanFileName("\u202E\u200B\u0000  ")).toBe("document");
  });

  it("caps a 5,000-character name at 200 code points, keeping the extension", () => {
    const cleaned = cleanFileName(`${"a".repeat(5000)}.pdf`);
    expect(cleaned).toBe(`${"a".repeat(MAX_FILE_NAME_CHARS - 4)}.pdf`);
    expect(codePoints(cleanFileName("b".repeat(5000)))).toBe(MAX_FILE_NAME_CHARS);
  });

  it("never cuts an emoji or a letter and its accent in half", () => {
    const emoji = cleanFileName(`${"😀".repeat(300)}.xlsx`);
    expect(emoji).toBe(`${"😀".repeat(MAX_FILE_NAME_CHARS - 5)}.xlsx`);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    // "e" + COMBINING ACUTE has no precomposed form with a second mark: kept whole or dropped whole.
    const accented = cleanFileName(`${"e\u0301\u0323".repeat(100)}.pdf`);
    expect(codePoints(accented)).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
    expect(accented.endsWith(".pdf")).toBe(true);
    expect(accented.normalize("NFD").replace(".pdf", "")).toMatch(/^(e\u0323\u0301)+$/);
  });
});

describe("attachmentDisposition", () => {
  it("uses the cleaned name in both filename and filename*", () => {
    const header = attachmentDisposition("invoice\u202Efdp.exe");
    expect(header).toBe(`attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`);
    expect(header).not.toMatch(/%E2%80%AE/i);
  });

  it("keeps CR/LF out of the header and encodes the RFC 5987 specials", () => {
    const header = attachmentDisposition("it's (final)*\r\nSet-Cookie: x=1.pdf");
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="it's (final)* Set-Cookie: x=1.pdf"; filename*=UTF-8''it%27s%20%28final%29%2A%20Set-Cookie%3A%20x%3D1.pdf`);
  });

  it("gives old clients an ASCII name and new ones the UTF-8 name", () => {
    expect(attachmentDisposition("política 📄.pdf")).toBe(`attachment; filename="pol_tica _.pdf"; filename*=UTF-8''pol%C3%ADtica%20%F0%9F%93%84.pdf`);
    expect(attachmentDisposition('a\\b"c.pdf')).toBe(`attachment; filename="bc.pdf"; filename*=UTF-8''bc.pdf`);
  });
});
