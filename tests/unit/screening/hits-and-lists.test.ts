import { computeGate } from "~/domain/gate";
import { namedParties, reconcile, screeningStanding, type FoundMatch, type StoredHit } from "~/domain/screening/hits";
import { countryCode, ListImportError, parseCbpWro, parseFtmJsonLines, parseListaSuja, parseOpenSanctionsSimpleCsv, parseUflpa } from "~/domain/screening/lists";

describe("list formats", () => {
  it("reads the UFLPA CSV with aliases, country names and dates", () => {
    const { entries } = parseUflpa('name,aliases,address,country,date_added\n"Sample One Co., Ltd.","Sample 1; S-One",,China,2024-06-11\n', "u.csv");
    expect(entries).toEqual([expect.objectContaining({ name: "Sample One Co., Ltd.", aliases: ["Sample 1", "S-One"], country: "CN", listedDate: "2024-06-11" })]);
  });
  it("leaves revoked WROs out", () => {
    const out = parseCbpWro("date,country,merchandise,entity,status,type\n2023-01-02,Mexico,Tomatoes,Sample A,Active,WRO\n2021-01-02,Malaysia,Gloves,Sample B,Revoked,WRO\n", "w.csv");
    expect(out.entries.map((e) => e.name)).toEqual(["Sample A"]);
    expect(out.skipped).toBe(1);
  });
  it("reads the lista suja's ';'-separated Portuguese columns and DD/MM/YYYY dates", () => {
    const { entries } = parseListaSuja("Empregador;CNPJ/CPF;UF;Inclusão no Cadastro de Empregadores\nFazenda Exemplo;00.000.000/0001-00;MG;09/04/2025\n", "s.csv");
    expect(entries[0]).toMatchObject({ name: "Fazenda Exemplo", country: "BR", listedDate: "2025-04-09" });
    expect(entries[0]!.key.startsWith("00000000000100|")).toBe(true);
  });
  it("reads FtM JSON lines (named parties only) and OpenSanctions targets.simple.csv", () => {
    const ftm = parseFtmJsonLines('{"id":"a","schema":"Company","properties":{"name":["Sample Co"],"country":["cn"]},"first_seen":"2024-07-01T00:00:00"}\n{"id":"b","schema":"Sanction","properties":{}}\n', "f.jsonl");
    expect(ftm.entries).toEqual([expect.objectContaining({ key: "a", name: "Sample Co", country: "CN", listedDate: "2024-07-01" })]);
    expect(ftm.skipped).toBe(1);
    const os = parseOpenSanctionsSimpleCsv("id,schema,name,aliases,countries,first_seen\nx1,Person,Sample Person,S. Person;SP,mx;us,2024-05-01T00:00:00\n", "t.csv");
    expect(os.entries[0]).toMatchObject({ key: "x1", aliases: ["S. Person", "SP"], country: "MX", listedDate: "2024-05-01" });
  });
  it("fails the whole file naming line and field", () => {
    expect(() => parseUflpa("name,country,date_added\nA Sample,Atlantis,2024-01-01\n", "u.csv")).toThrow(/u\.csv, line 2: field country/);
    expect(() => parseUflpa("name,country\nA,CN\n", "u.csv")).toThrow(ListImportError);
    expect(() => parseFtmJsonLines("{not json}\n", "f.jsonl")).toThrow(/line 1/);
  });
  it("maps country names and codes", () => {
    expect([countryCode("People's Republic of China"), countryCode("br"), countryCode("México"), countryCode(""), countryCode("Atlantis")]).toEqual(["CN", "BR", "MX", null, undefined]);
  });
});

describe("named parties", () => {
  it("reads one agency per line, with its country when given", () => {
    const parties = namedParties("c1", "a1", { "rec.agency-list": { value: "1. Agencia Sample Uno, Guatemala, recruitment\n- Transportes Sample; Otra Agencia Sample - Honduras" } });
    expect(parties.map((p) => [p.name, p.country])).toEqual([["Agencia Sample Uno", "GT"], ["Transportes Sample", null], ["Otra Agencia Sample", "HN"]]);
  });
  it("ignores answers that are not text and questions that name nobody", () => {
    expect(namedParties("c1", "a1", { "rec.agency-list": { value: ["x"] }, "gov.policy": { value: "Sample text" } })).toEqual([]);
  });
});

describe("reconcile and standing", () => {
  const subject = { clientId: "c1", kind: "client" as const, name: "Sample Firm", country: "CN", assessmentId: null };
  const found = (entryKey: string): FoundMatch => ({ subject, listId: "L", listKind: "uflpa", listName: "UFLPA", entryKey, listedName: "Sample Firm", matchedName: "Sample Firm", listedCountry: "CN", listedDate: "2024-06-11", score: 100 });
  const stored = (id: string, entryKey: string, extra: Partial<StoredHit> = {}): StoredHit => ({ id, clientId: "c1", subjectKind: "client", subjectKey: "sample firm", listId: "L", entryKey, score: 100, isCurrent: true, status: "pending", ...extra });
  it("keeps a hit found again, adds a new one, clears one in scope not found", () => {
    const plan = reconcile([stored("h1", "e1"), stored("h2", "e2"), stored("h3", "e3", { clientId: "c2" })], [found("e1"), found("e4")], (h) => h.clientId === "c1");
    expect(plan.refreshed.map((r) => r.id)).toEqual(["h1"]);
    expect(plan.inserts.map((m) => m.entryKey)).toEqual(["e4"]);
    expect(plan.cleared).toEqual(["h2"]);
  });
  it("counts only current hits: pending blocks, true matches close the gate", () => {
    const row = (status: StoredHit["status"], isCurrent: boolean) => ({ status, isCurrent, listName: "UFLPA Entity List", listKind: "uflpa", listedName: "Sample Firm", listedDate: "2024-06-11", subjectName: "Sample Firm", subjectKind: "client" as const });
    const standing = screeningStanding([row("pending", true), row("pending", false), row("true-match", false), row("false-positive", true)]);
    expect(standing).toEqual({ confirmed: [], pendingCount: 1 });
    expect(screeningStanding([row("true-match", true)]).confirmed).toHaveLength(1);
  });
});

describe("gate", () => {
  const approved = { id: "d1", status: "approved" as const, outcome: "approve" as const, reviewedAt: "2026-01-01T00:00:00.000Z", validUntil: "2027-12-31" };
  it("a confirmed listing closes even an approved client's gate, and says which list and since when", () => {
    const base = { now: "2026-12-01T00:00:00.000Z", decisions: [approved], conditions: [], attestations: [], assessments: [] };
    expect(computeGate(base).gate).toBe("open");
    const closed = computeGate({ ...base, listings: [{ listName: "UFLPA Entity List", listedName: "Sample Firm", listedDate: "2024-06-11" }] });
    expect(closed).toMatchObject({ gate: "closed", reasonCode: "listed-entity" });
    expect(closed.reason).toContain("listed on the UFLPA Entity List since 2024-06-11");
  });
});
