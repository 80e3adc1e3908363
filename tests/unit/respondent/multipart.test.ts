import { multipartBoundary, quoteLineBreaksAsSpaces } from "~/domain/multipart";

const B = "----formdata-test-7MA4YWxk";
const part = (disposition: string, content: string, type?: string) =>
  `--${B}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n${content}\r\n`;
const body = (...parts: string[]) => Buffer.from(`${parts.join("")}--${B}--\r\n`, "latin1");

async function parse(bytes: Uint8Array<ArrayBuffer>): Promise<FormData> {
  return new Response(bytes, { headers: { "Content-Type": `multipart/form-data; boundary=${B}` } }).formData();
}

describe("multipart header values with raw line breaks (security review L1)", () => {
  it("reads the boundary of a Content-Type", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
  });

  it("turns a CRLF inside a quoted file name into spaces, leaving every other byte alone", async () => {
    const raw = body(
      part('form-data; name="answer"', "kept\r\nas typed"),
      part('form-data; name="file:q"; filename="invoice\r\nfinal.pdf"', "%PDF-1.4 \r\n\"quoted\" body\r\n", "application/pdf"),
      part('form-data; name="intent"', "save"),
    );
    const repaired = quoteLineBreaksAsSpaces(raw, B);
    expect(repaired.length).toBe(raw.length);
    expect(Buffer.from(repaired).toString("latin1")).toBe(raw.toString("latin1").replace('filename="invoice\r\nfinal.pdf"', 'filename="invoice  final.pdf"'));
    const form = await parse(repaired);
    expect(form.get("answer")).toBe("kept\r\nas typed");
    expect((form.get("file:q") as File).name).toBe("invoice  final.pdf");
    expect(await (form.get("file:q") as File).text()).toBe('%PDF-1.4 \r\n"quoted" body\r\n');
    expect(form.get("intent")).toBe("save");
  });

  it("handles a lone LF or CR, several parts and escaped quotes", () => {
    const raw = body(part('form-data; name="a"; filename="x\ny.pdf"', "1"), part('form-data; name="b"; filename="say \\"hi\\"\rz.pdf"', "2"));
    const text = Buffer.from(quoteLineBreaksAsSpaces(raw, B)).toString("latin1");
    expect(text).toContain('filename="x y.pdf"');
    expect(text).toContain('filename="say \\"hi\\" z.pdf"');
  });

  it("returns the same bytes when nothing needs repair, or when a quote never closes", () => {
    const clean = body(part('form-data; name="a"', "1"));
    expect(quoteLineBreaksAsSpaces(clean, B)).toBe(clean);
    const broken = Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"; filename="open\r\n\r\n${"x".repeat(20_000)}`, "latin1");
    expect(quoteLineBreaksAsSpaces(broken, B)).toBe(broken);
  });

  it("repairs nothing when a repaired quoted string would not end a header value, or runs long", () => {
    // An unescaped quote before the line break: the break is outside the quotes, then a quote
    // opens that would swallow the following header lines and the content.
    const unbalanced = body(part('form-data; name="a"; filename="x"y\r\nz.pdf"', "line one\r\nline \"two\"", "application/pdf"));
    expect(quoteLineBreaksAsSpaces(unbalanced, B)).toBe(unbalanced);
    const trailing = body(part('form-data; name="a"; filename="x\r\ny.pdf"junk', "1"));
    expect(quoteLineBreaksAsSpaces(trailing, B)).toBe(trailing);
    const long = body(part(`form-data; name="a"; filename="${"n".repeat(3000)}\r\n.pdf"`, "1"));
    expect(quoteLineBreaksAsSpaces(long, B)).toBe(long);
  });

  it("finds the first part after a preamble", () => {
    const raw = Buffer.concat([Buffer.from("preamble\r\n", "latin1"), body(part('form-data; name="a"; filename="p\r\nq.pdf"', "1"))]);
    expect(Buffer.from(quoteLineBreaksAsSpaces(raw, B)).toString("latin1")).toContain('filename="p  q.pdf"');
  });
});
