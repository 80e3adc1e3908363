// Every export goes through the one formula guard (issue 13, L5): a client named
// `a;=HYPERLINK("http://evil.example")` and a revocation reason with a formula after a comma come
// out guarded in the clients CSV and XLSX, the attestations CSV and the audit-log CSV (the report
// saw the first unguarded in clients.csv and the audit CSV).
import { inflateRawSync } from "node:zlib";
import { parseCsv } from "~/exports/csv";
import { loader as auditCsv } from "~/routes/app+/admin+/audit[.]csv";
import { attestationsCsv, issueAttestation, revokeAttestation } from "~/services/attestations.server";
import { exportClients, parseClientQuery } from "~/services/portfolio.server";
import { createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { cookieFor } from "../helpers/factories";
import { getRequest } from "../helpers/requests";

const NOW = new Date("2026-11-26T10:00:00.000Z");
const NAME = 'a;=HYPERLINK("http://evil.example")';
const REASON = "Supplier audit failed,+1+cmd|' /C calc'!A0";

let bank: Bank;

beforeAll(async () => {
  bank = await createBank("Banco Fórmula");
  const decision = await createApprovedDecision(bank, { now: NOW, clientName: NAME });
  const { attestationId } = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
  await revokeAttestation({ institutionId: bank.institutionId, userId: bank.admin.id }, attestationId, REASON, NOW);
});

/** No cell, nor any piece of one split at ; , tab or newline, starts with a formula trigger. */
function unguarded(rows: string[][]): string[] {
  return rows.flat().flatMap((cell) => cell.split(/[;,\t\r\n]/)).filter((piece) => /^[ ]*[=+\-@＝＋－＠]/.test(piece));
}

describe("exports guard formulas after a separator", () => {
  it("the clients CSV and XLSX", async () => {
    const actor = { institutionId: bank.institutionId, userId: bank.admin.id };
    const csv = await exportClients(actor, parseClientQuery(new URLSearchParams()), "csv", NOW);
    const rows = parseCsv(String(csv.body));
    expect(rows.flat()).toContain(`'a;'=HYPERLINK("http://evil.example")`);
    expect(unguarded(rows)).toEqual([]);
    const xlsx = (await exportClients(actor, parseClientQuery(new URLSearchParams()), "xlsx", NOW)).body as Buffer;
    // The name is the first column (issue 14: the client export starts with the client).
    expect(sheetOf(xlsx)).toMatch(/<c r="A2" s="2" t="inlineStr"><is><t xml:space="preserve">a;=HYPERLINK\(&quot;http:\/\/evil.example&quot;\)<\/t>/);
  });

  it("the attestations CSV", async () => {
    const rows = parseCsv(await attestationsCsv({ institutionId: bank.institutionId, userId: bank.admin.id }, {}, NOW));
    expect(rows.flat()).toContain(`'a;'=HYPERLINK("http://evil.example")`);
    expect(rows.flat()).toContain(`'Supplier audit failed,'+1+cmd|' /C calc'!A0`);
    expect(unguarded(rows)).toEqual([]);
  });

  it("the audit-log CSV", async () => {
    const response = await auditCsv({ request: getRequest("/app/admin/audit.csv", await cookieFor(bank.admin)), params: {}, context: {} });
    const rows = parseCsv(await response.text());
    expect(rows.some((r) => r.includes(`'Supplier audit failed,'+1+cmd|' /C calc'!A0`))).toBe(true);
    expect(unguarded(rows)).toEqual([]);
  });
});

function sheetOf(zip: Buffer): string {
  const name = "xl/worksheets/sheet1.xml";
  for (let p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])); p >= 0; p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), p + 4)) {
    const size = zip.readUInt32LE(p + 18);
    const nameLength = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    if (zip.subarray(p + 30, p + 30 + nameLength).toString("utf8") === name) return inflateRawSync(zip.subarray(p + 30 + nameLength + extra, p + 30 + nameLength + extra + size)).toString("utf8");
  }
  throw new Error(`no ${name}`);
}
