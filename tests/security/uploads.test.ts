// Upload matrix (issue 13, area 6; H2, L1, L8): through the respondent API and the section form:
// EXE/HTML/SVG named .pdf are refused; exactly 10 MB is accepted, 10 MB + 1 byte is 413; 0 bytes
// is refused; traversal, CRLF, bidi and zero-width names are cleaned; polyglots, if accepted, are
// only ever served as downloads. Every stored file downloads (respondent and bank) as an
// attachment with nosniff and exactly its bytes.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, multipart, respondent, send, signIn, Tally, type Client } from "./helpers/http";
import { startApp, type App } from "./helpers/server";
import { respondView, validValue } from "./helpers/respond";

let app: App;
const tally = new Tally("uploads");
beforeAll(async () => {
  app = await startApp("uploads");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

const MB10 = 10 * 1024 * 1024;
const pdf = (size?: number) => {
  const head = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
  const tail = Buffer.from("\n%%EOF\n");
  if (size === undefined) return Buffer.concat([head, Buffer.from("Evidence document\n"), tail]);
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
};

type Case = { label: string; name: string; data: Buffer; want: "accept" | "refuse" | "413" | "either" };
const CASES: Case[] = [
  { label: "small pdf", name: "policy.pdf", data: pdf(), want: "accept" },
  { label: "exe named .pdf", name: "invoice.pdf", data: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(200, 1)]), want: "refuse" },
  { label: "html named .pdf", name: "report.pdf", data: Buffer.from("<!doctype html><html><script>alert(1)</script></html>"), want: "refuse" },
  { label: "svg named .pdf", name: "chart.pdf", data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), want: "refuse" },
  { label: "zero bytes", name: "empty.pdf", data: Buffer.alloc(0), want: "refuse" },
  { label: "polyglot pdf+html", name: "poly.pdf", data: Buffer.from("%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"), want: "either" },
  { label: "exactly 10 MB", name: "big.pdf", data: pdf(MB10), want: "accept" },
  { label: "10 MB + 1", name: "too-big.pdf", data: pdf(MB10 + 1), want: "413" },
  { label: "traversal", name: "../../../etc/pwned-upload.pdf", data: pdf(), want: "accept" },
  { label: "windows traversal", name: "..\\..\\win-upload.pdf", data: pdf(), want: "accept" },
  { label: "CRLF name", name: "crlf\r\nX-Injected: 1.pdf", data: pdf(), want: "either" },
  { label: "bidi name", name: "invoice\u202Efdp.exe.pdf", data: pdf(), want: "accept" },
  { label: "zero-width name", name: "zero\u200Bwidth\u200D.pdf", data: pdf(), want: "accept" },
];

const BAD_NAME = /[\\/\r\n\u0000-\u001f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;

test("uploads through the API and the section form: refused, accepted, cleaned and served as the matrix says", async () => {
  const sent = app.seed.respondentsB.upload;
  const view = await respondView(app, sent.token, tally);
  const withEvidence = view.questionnaire.sections.flatMap((s) => s.questions.filter((q) => q.evidence && !q.showIf).map((q) => ({ ...q, section: s.key })));
  expect(withEvidence.length).toBeGreaterThan(0);
  const q = withEvidence[0]!;
  const resp = await respondent(app, sent.token, tally);
  const problems: string[] = [];
  const stored: Array<{ id: string; data: Buffer; via: string }> = [];
  const attachedWithContent = (questionId: string, data: Buffer): string[] => {
    const row = app.db().prepare("SELECT evidence FROM draft_answers WHERE assessment_id = ? AND question_id = ?").get(sent.assessmentId, questionId) as { evidence: string } | undefined;
    const sha256 = crypto.createHash("sha256").update(data).digest("hex");
    const ids = JSON.parse(row?.evidence ?? "[]") as string[];
    return ids.filter((id) => (app.db().prepare("SELECT sha256 FROM documents WHERE id = ? AND removed_at IS NULL").get(id) as { sha256: string } | undefined)?.sha256 === sha256);
  };
  const docIds = () => new Set((app.db().prepare("SELECT id FROM documents WHERE assessment_id = ?").all(sent.assessmentId) as Array<{ id: string }>).map((r) => r.id));

  for (const c of CASES) {
    // The API.
    {
      const before = docIds();
      const mp = multipart([{ name: "file", fileName: c.name, contentType: "application/pdf", data: c.data }]);
      const r = await send(app, "/api/v1/respond/documents", { method: "POST", headers: { ...bearer(sent.token), "Content-Type": mp.contentType }, body: mp.body }, tally);
      const added = [...docIds()].filter((id) => !before.has(id));
      check(`API ${c.label}`, c, r.status, added.length > 0 || r.status === 201, problems);
      if (r.status === 201) stored.push({ id: (JSON.parse(r.text) as { documentId: string }).documentId, data: c.data, via: `API ${c.label}` });
    }
    // The section form.
    {
      const before = docIds();
      const v = validValue(q);
      const mp = multipart([
        { name: "q", value: q.id },
        { name: `v:${q.id}`, value: String(Array.isArray(v) ? v[0] : v) },
        { name: "intent", value: `attach:${q.id}` },
        { name: `file:${q.id}`, fileName: c.name, contentType: "application/pdf", data: c.data },
      ]);
      const r = await resp.send(`/respond/section/${q.section}`, { method: "POST", headers: { "Content-Type": mp.contentType }, body: mp.body });
      const added = [...docIds()].filter((id) => !before.has(id));
      // Content the API already stored for this assessment is attached as that document, not
      // copied (F02): accepted means a new row, or the question now names a document of that content.
      const reused = added.length === 0 ? attachedWithContent(q.id, c.data) : [];
      check(`form ${c.label}`, c, r.status, added.length > 0 || reused.length > 0, problems);
      for (const id of [...added, ...reused]) stored.push({ id, data: c.data, via: `form ${c.label}` });
    }
  }
  // Names as stored.
  for (const row of app.db().prepare("SELECT id, file_name AS name FROM documents WHERE assessment_id = ?").all(sent.assessmentId) as Array<{ id: string; name: string }>) {
    if (BAD_NAME.test(row.name) || row.name.includes("..")) problems.push(`stored file name not cleaned: ${JSON.stringify(row.name)}`);
  }
  // Downloads, by the respondent and by the bank.
  const rm = await signIn(app, app.seed.users.bRm, app.seed.password, tally);
  const downloads = async (who: Client, path: string, s: { data: Buffer; via: string }) => {
    const r = await who.send(path);
    const cd = String(r.headers["content-disposition"] ?? "");
    if (r.status !== 200) return problems.push(`${path} (${s.via}): ${r.status}`);
    if (!cd.toLowerCase().startsWith("attachment")) problems.push(`${path} (${s.via}): Content-Disposition ${JSON.stringify(cd)}`);
    if (/[\r\n\u202e]/.test(decodeURIComponent(cd.replace(/%(?![0-9A-Fa-f]{2})/g, "%25")))) problems.push(`${path} (${s.via}): unsafe characters in Content-Disposition`);
    if (!/^nosniff(\s*,\s*nosniff)*$/i.test(String(r.headers["x-content-type-options"] ?? ""))) problems.push(`${path} (${s.via}): no nosniff`);
    if (!r.body.equals(s.data)) problems.push(`${path} (${s.via}): ${r.body.length} bytes, not the ${s.data.length} uploaded (${String(r.headers["content-type"])})`);
  };
  for (const s of stored) {
    await downloads(resp, `/respond/documents/${s.id}`, s);
    await downloads(rm, `/app/assessments/${sent.assessmentId}/documents/${s.id}`, s);
  }
  tally.count("upload cases", CASES.length * 2);
  tally.count("stored files downloaded twice", stored.length);
  for (const p of problems) tally.fail(p);
  expect(problems).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.unshaped).toEqual([]);
});

function check(label: string, c: Case, status: number, storedOne: boolean, problems: string[]) {
  if (status >= 500) return; // counted by the Tally
  if (c.want === "accept" && (!storedOne || status >= 400)) problems.push(`${label}: refused (${status}), should be accepted`);
  if (c.want === "refuse" && (storedOne || status < 400)) problems.push(`${label}: accepted (${status}), should be refused`);
  if (c.want === "413" && (status !== 413 || storedOne)) problems.push(`${label}: ${status}, should be 413`);
}
