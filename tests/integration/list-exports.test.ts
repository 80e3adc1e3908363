// The clients and assessments exports a banker opens (issue 14, F25): human headers in the
// user's language, labels instead of codes, score, red flags by title, decision, validity and
// open conditions; in the XLSX, dates are date cells (a serial number with a date format). Also
// the red-flag filter offers the flags present by title.
import { loader as clientsLoader } from "~/routes/app+/clients+/index";
import { loader as clientsExport } from "~/routes/app+/portfolio+/clients_.export";
import { loader as assessmentsExport } from "~/routes/app+/portfolio+/assessments_.export";
import { parseCsv } from "~/exports/csv";
import { cookieFor, createInstitution, createUser } from "../helpers/factories";
import { settle } from "../helpers/requests";
import { addAssessment, addClient, addCondition, addDecision, addResult } from "../helpers/portfolio-factories";
import { readSheet, serialDate } from "../helpers/xlsx-read";

async function setup() {
  const inst = await createInstitution("Banco Exporta");
  const rm = await createUser(inst, ["rm"], { name: "Rita RM" });
  const cookie = await cookieFor(rm);
  const nandu = await addClient(inst, { name: "Café Ñandú S.A.", residualRisk: "high", gate: "conditional", gateReason: "approved-with-conditions", rmUserId: rm.id, country: "PY", sector: "01" });
  await addClient(inst, { name: "Beta Farms", gate: "closed", country: "HN", sector: "01" });
  const a = await addAssessment(inst, nandu, rm.id, { status: "decided", submittedAt: "2026-01-09T15:30:00.000Z", dueDate: "2026-02-01", language: "es" });
  const { resultId } = await addResult(inst, a, { sections: { gov: 70, rec: 50 }, redFlags: [{ code: "RF-PASSPORT-RETENTION", severity: "critical" }, { code: "RF-NO-GRIEVANCE-CHANNEL", severity: "major" }], residualRisk: "high" });
  const decision = await addDecision(inst, nandu, a, resultId, rm.id, { outcome: "approve-with-conditions", validUntil: "2027-01-12" });
  await addCondition(inst, nandu, decision, { dueDate: "2026-06-01" });
  await addCondition(inst, nandu, decision, { dueDate: "2026-04-15" });
  await addCondition(inst, nandu, decision, { status: "met" });
  return { inst, cookie };
}

function request(path: string, cookie: string, lang: "en" | "es") {
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie, "Accept-Language": lang } });
}

async function download(fn: typeof clientsExport, path: string, cookie: string, lang: "en" | "es") {
  const r = await settle(() => fn({ request: request(path, cookie, lang), params: {}, context: {} }));
  expect(r.status).toBe(200);
  return r.response as Response;
}

function byHeader(header: readonly string[], row: readonly string[]): Record<string, string> {
  return Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""]));
}

describe("list exports a banker can read", () => {
  it("the clients CSV has labelled columns, score, flags by title, decision, validity and open conditions (English)", async () => {
    const { cookie } = await setup();
    const rows = parseCsv(await (await download(clientsExport, "/app/portfolio/clients/export?format=csv", cookie, "en")).text());
    const header = rows[0]!;
    expect(header).toEqual(expect.arrayContaining(["Client", "Registration number", "Residual risk", "Score (0–100)", "Red flags", "Decision", "Decision status", "Valid until", "Open conditions", "Next condition due", "Gate"]));
    expect(header.filter((h) => /^[a-z]+(_[a-z]+)+$/.test(h))).toEqual([]);
    const nandu = byHeader(header, rows.find((r) => r[0] === "Café Ñandú S.A.")!);
    expect(nandu).toMatchObject({
      Country: "Paraguay",
      "Residual risk": "High",
      "Score (0–100)": "60",
      Decision: "Approve with conditions",
      "Decision status": "Approved",
      "Valid until": "2027-01-12",
      "Open conditions": "2",
      "Next condition due": "2026-04-15",
      Gate: "Conditional",
    });
    expect(nandu["Red flags"]!.split("; ").sort()).toEqual(["Identity documents retained", "No grievance channel"]);
    const beta = byHeader(header, rows.find((r) => r[0] === "Beta Farms")!);
    expect(beta).toMatchObject({ "Residual risk": "Not yet assessed", "Score (0–100)": "", Decision: "", "Open conditions": "0" });
    // No machine code anywhere in the file.
    expect(rows.flat().filter((v) => /^(RF-|approve-with|very-high$|never-assessed$)/.test(v))).toEqual([]);
  });

  it("the clients XLSX in Spanish has Spanish headers and real date cells", async () => {
    const { cookie } = await setup();
    const bytes = Buffer.from(await (await download(clientsExport, "/app/portfolio/clients/export?format=xlsx", cookie, "es")).arrayBuffer());
    const sheet = readSheet(bytes);
    const header = sheet[0]!.map((c) => c.text ?? "");
    expect(header).toEqual(expect.arrayContaining(["Cliente", "Riesgo residual", "Puntaje (0–100)", "Alertas", "Decisión", "Vigente hasta", "Condiciones abiertas"]));
    const col = (name: string) => header.indexOf(name);
    const nandu = sheet.find((r) => r[0]?.text === "Café Ñandú S.A.")!;
    expect(nandu[col("Riesgo residual")]!.text).toBe("Alto");
    expect(nandu[col("Decisión")]!.text).toBe("Aprobar con condiciones");
    expect(nandu[col("Alertas")]!.text).toContain("Retención de documentos de identidad");
    expect(nandu[col("Puntaje (0–100)")]!.number).toBe(60);
    expect(nandu[col("Condiciones abiertas")]!.number).toBe(2);
    const valid = nandu[col("Vigente hasta")]!;
    expect(valid.text).toBeNull();
    expect(valid.format).toBe("yyyy-mm-dd");
    expect(serialDate(valid.number!)).toBe("2027-01-12");
    const updated = nandu[col("Última actualización")]!;
    expect(updated.format).toBe("yyyy-mm-dd hh:mm");
    expect(serialDate(updated.number!)).toBe("2026-01-01");
  });

  it("the assessments export carries questionnaire, status, score, flags, decision and dates as dates", async () => {
    const { cookie } = await setup();
    const csv = parseCsv(await (await download(assessmentsExport, "/app/portfolio/assessments/export?format=csv", cookie, "en")).text());
    const row = byHeader(csv[0]!, csv[1]!);
    expect(row).toMatchObject({ Client: "Café Ñandú S.A.", Status: "Decided", Language: "Spanish", "Due date": "2026-02-01", Submitted: "2026-01-09 15:30", Decision: "Approve with conditions", "Valid until": "2027-01-12", "Open conditions": "2", "Score (0–100)": "60" });
    expect(row.Questionnaire).toMatch(/^Anti-trafficking .* \(v\d+\)$/);
    expect(row["Red flags"]).toContain("Identity documents retained");
    const sheet = readSheet(Buffer.from(await (await download(assessmentsExport, "/app/portfolio/assessments/export?format=xlsx", cookie, "en")).arrayBuffer()));
    const header = sheet[0]!.map((c) => c.text ?? "");
    const submitted = sheet[1]![header.indexOf("Submitted")]!;
    expect(submitted.format).toBe("yyyy-mm-dd hh:mm");
    expect(submitted.number).toBeCloseTo(46031 + 15.5 / 24, 6);
    expect(sheet[1]![header.indexOf("Due date")]!.format).toBe("yyyy-mm-dd");
  });

  it("the clients list's red-flag filter offers the flags present, by title, and filters by them", async () => {
    const { cookie } = await setup();
    const load = async (qs: string, lang: "en" | "es") => (await settle(() => clientsLoader({ request: request(`/app/clients${qs}`, cookie, lang), params: {}, context: {} }))).response as Awaited<ReturnType<typeof clientsLoader>>;
    const en = await load("", "en");
    expect(en.options.flags).toEqual([
      { value: "RF-PASSPORT-RETENTION", label: "Identity documents retained" },
      { value: "RF-NO-GRIEVANCE-CHANNEL", label: "No grievance channel" },
    ]);
    expect((await load("", "es")).options.flags.map((f) => f.label)).toEqual(["Retención de documentos de identidad", "Sin canal de quejas"]);
    expect((await load("?redFlag=RF-NO-GRIEVANCE-CHANNEL", "en")).page.rows.map((r) => r.name)).toEqual(["Café Ñandú S.A."]);
    expect((await load("?redFlag=RF-CHILD-LABOUR", "en")).page.rows).toEqual([]);
    const bad = await settle(() => clientsLoader({ request: request("/app/clients?redFlag=passport", cookie, "en"), params: {}, context: {} }));
    expect(bad.status).toBe(400);
  });
});
