import type { LoaderFunctionArgs } from "@remix-run/node";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { auditEvents, clients } from "../../db/tables";
import { loader as dashboardLoader } from "~/routes/app+/index";
import { loader as clientsLoader } from "~/routes/app+/clients+/index";
import { loader as assessmentsLoader } from "~/routes/app+/portfolio+/assessments";
import { loader as clientsExport } from "~/routes/app+/portfolio+/clients_.export";
import { loader as assessmentsExport } from "~/routes/app+/portfolio+/assessments_.export";
import { loader as assessmentExport } from "~/routes/app+/exports+/assessments.$assessmentId";
import { parseCsv } from "~/exports/csv";
import { addDays, GATE_RANK, GATES, RISK_RANK, todayOf } from "~/domain/portfolio";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { getRequest, settle } from "../helpers/requests";
import { addAssessment, addClient, addCondition, addDecision, addDocument, addResult } from "../helpers/portfolio-factories";

const today = todayOf(new Date());

async function setup() {
  const inst = await createInstitution("Banco Cartera");
  const rm = await createUser(inst, ["rm"], { name: "Rita RM" });
  const cookie = await cookieFor(rm);
  // 2 low/open, 1 high/conditional, 1 critical/closed, 2 unassessed/closed (one pending).
  const a = await addClient(inst, { name: "Alfa Textiles", residualRisk: "low", gate: "open", rmUserId: rm.id, country: "GT", sector: "14" });
  const b = await addClient(inst, { name: "Beta Farms", residualRisk: "low", gate: "open", country: "HN", sector: "01" });
  const c = await addClient(inst, { name: "Gamma Mining", residualRisk: "high", gate: "conditional", gateReason: "approved-with-conditions", country: "PE", sector: "07" });
  const d = await addClient(inst, { name: "Delta Fishing", residualRisk: "critical", gate: "closed", gateReason: "declined", country: "EC", sector: "03" });
  const e = await addClient(inst, { name: "Epsilon Bricks", gate: "closed" });
  const f = await addClient(inst, { name: "Zeta Garments", gate: "pending", gateReason: "assessment-under-way" });
  // Assessments: f overdue (sent), e expiring (in-progress), a decided with results.
  await addAssessment(inst, f, rm.id, { status: "sent", dueDate: addDays(today, -3) });
  await addAssessment(inst, e, rm.id, { status: "in-progress", dueDate: addDays(today, 5) });
  await addAssessment(inst, b, rm.id, { status: "returned", dueDate: addDays(today, 40) });
  const aa = await addAssessment(inst, a, rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z" });
  const ca = await addAssessment(inst, c, rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z" });
  const da = await addAssessment(inst, d, rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z" });
  // a: an older result with a flag, then a newer one without: only the latest counts.
  await addResult(inst, aa, { sections: { gov: 40, rec: 20 }, redFlags: [{ code: "RF-FEES", severity: "major" }], residualRisk: "medium", createdAt: "2026-01-09T00:00:00.000Z" });
  const ar = await addResult(inst, aa, { sections: { gov: 90, rec: 70 }, residualRisk: "low", createdAt: "2026-01-10T00:00:00.000Z" });
  const cr = await addResult(inst, ca, { sections: { gov: 60, rec: 40 }, redFlags: [{ code: "RF-FEES", severity: "major" }], residualRisk: "high" });
  await addResult(inst, da, { sections: { gov: 30, rec: null }, redFlags: [{ code: "RF-PASSPORT", severity: "critical" }, { code: "RF-FEES", severity: "major" }], residualRisk: "critical" });
  await addDecision(inst, a, aa, ar.resultId, rm.id);
  const cd = await addDecision(inst, c, ca, cr.resultId, rm.id);
  await addCondition(inst, c, cd, { dueDate: addDays(today, -1) });
  await addCondition(inst, c, cd, { dueDate: addDays(today, 30) });
  await addCondition(inst, c, cd, { dueDate: addDays(today, -10), status: "met" });
  return { inst, rm, cookie, ids: { a, b, c, d, e, f }, assessments: { aa, ca, da } };
}

async function call(fn: (args: LoaderFunctionArgs) => Promise<unknown>, pathname: string, cookie: string, params: Record<string, string> = {}) {
  return await settle(() => fn({ request: getRequest(pathname, cookie), params, context: {} }));
}

describe("portfolio dashboard", () => {
  it("counts clients by residual risk and gate, overdue and expiring assessments, conditions, red flags and sections", async () => {
    const s = await setup();
    const other = await createInstitution("Other Bank");
    await addClient(other, { residualRisk: "critical", gate: "closed" });
    const res = await call(dashboardLoader, "/app", s.cookie);
    expect(res.status).toBe(200);
    const d = (res.response as { dashboard: Record<string, unknown> }).dashboard as {
      totalClients: number;
      byResidual: Array<{ key: string; n: number }>;
      byGate: Array<{ key: string; n: number }>;
      overdue: number;
      expiring: number;
      conditions: { open: number; overdue: number; clients: number };
      redFlags: Array<{ code: string; clients: number }>;
      sections: Array<{ key: string; average: number; clients: number }>;
      assessed: number;
    };
    expect(d.totalClients).toBe(6);
    expect(Object.fromEntries(d.byResidual.map((r) => [r.key, r.n]))).toEqual({ low: 2, medium: 0, high: 1, critical: 1, none: 2 });
    expect(Object.fromEntries(d.byGate.map((r) => [r.key, r.n]))).toEqual({ open: 2, conditional: 1, pending: 1, closed: 2 });
    expect(d.overdue).toBe(1);
    expect(d.expiring).toBe(1);
    expect(d.conditions).toEqual({ open: 2, overdue: 1, clients: 1 });
    // Latest result per client: a has none, c RF-FEES, d RF-FEES + RF-PASSPORT.
    expect(d.redFlags).toEqual([
      { code: "RF-FEES", severity: "major", clients: 2 },
      { code: "RF-PASSPORT", severity: "critical", clients: 1 },
    ]);
    expect(d.assessed).toBe(3);
    // gov: (90 + 60 + 30) / 3 = 60; rec: (70 + 40) / 2 = 55 (d's null section is left out).
    expect(d.sections).toEqual([
      { key: "gov", average: 60, clients: 3 },
      { key: "rec", average: 55, clients: 2 },
    ]);
  });

  it("sees a new result at once (the memo follows the results fingerprint)", async () => {
    const s = await setup();
    await call(dashboardLoader, "/app", s.cookie);
    const e2 = await addAssessment(s.inst, s.ids.e, s.rm.id, { status: "submitted" });
    await addResult(s.inst, e2, { sections: { gov: 0 }, redFlags: [{ code: "RF-NEW", severity: "major" }], createdAt: "2026-02-01T00:00:00.000Z" });
    const res = await call(dashboardLoader, "/app", s.cookie);
    const d = (res.response as { dashboard: { redFlags: Array<{ code: string }> } }).dashboard;
    expect(d.redFlags.map((f) => f.code)).toContain("RF-NEW");
  });
});

describe("portfolio lists", () => {
  it("filters by gate and residual risk, and each dashboard figure's link gives the figure's count", async () => {
    const s = await setup();
    const closedHigh = await call(clientsLoader, "/app/portfolio/clients?gate=closed&residualRisk=critical", s.cookie);
    const page = (closedHigh.response as { page: { rows: Array<{ name: string }>; total: number } }).page;
    expect(page.rows.map((r) => r.name)).toEqual(["Delta Fishing"]);
    const unassessed = await call(clientsLoader, "/app/portfolio/clients?residualRisk=none", s.cookie);
    expect((unassessed.response as { page: { total: number } }).page.total).toBe(2);
    const flagged = await call(clientsLoader, "/app/portfolio/clients?redFlag=RF-FEES", s.cookie);
    expect((flagged.response as { page: { rows: Array<{ name: string }> } }).page.rows.map((r) => r.name)).toEqual(["Delta Fishing", "Gamma Mining"]);
    const overdueConditions = await call(clientsLoader, "/app/portfolio/clients?conditions=overdue", s.cookie);
    expect((overdueConditions.response as { page: { rows: Array<{ name: string }> } }).page.rows.map((r) => r.name)).toEqual(["Gamma Mining"]);
    const search = await call(clientsLoader, "/app/portfolio/clients?q=fish", s.cookie);
    expect((search.response as { page: { rows: Array<{ name: string }> } }).page.rows.map((r) => r.name)).toEqual(["Delta Fishing"]);
    const byRm = await call(clientsLoader, `/app/portfolio/clients?rm=${s.rm.id}`, s.cookie);
    expect((byRm.response as { page: { rows: Array<{ name: string; rmName: string | null }> } }).page.rows).toMatchObject([{ name: "Alfa Textiles", rmName: "Rita RM" }]);
    const overdue = await call(assessmentsLoader, "/app/portfolio/assessments?due=overdue", s.cookie);
    expect((overdue.response as { page: { rows: Array<{ clientName: string }> } }).page.rows.map((r) => r.clientName)).toEqual(["Zeta Garments"]);
    const expiring = await call(assessmentsLoader, "/app/portfolio/assessments?due=expiring", s.cookie);
    expect((expiring.response as { page: { rows: Array<{ clientName: string }> } }).page.rows.map((r) => r.clientName)).toEqual(["Epsilon Bricks"]);
    const decided = await call(assessmentsLoader, "/app/portfolio/assessments?status=decided&country=PE", s.cookie);
    expect((decided.response as { page: { rows: Array<{ clientName: string }> } }).page.rows.map((r) => r.clientName)).toEqual(["Gamma Mining"]);
  });

  it("refuses a bad filter with 400 naming it", async () => {
    const s = await setup();
    const bad = await call(clientsLoader, "/app/portfolio/clients?gate=ajar", s.cookie);
    expect(bad.status).toBe(400);
    expect(await (bad.response as Response).text()).toContain("gate");
    const cursor = await call(clientsLoader, "/app/portfolio/clients?after=nonsense", s.cookie);
    expect(cursor.status).toBe(400);
    expect(await (cursor.response as Response).text()).toContain("after");
    const sort = await call(assessmentsLoader, "/app/portfolio/assessments?sort=price", s.cookie);
    expect(sort.status).toBe(400);
  });

  for (const sort of ["name", "residualRisk", "gate", "updated"] as const) {
    for (const dir of ["asc", "desc"] as const) {
      it(`pages by keyset without repeats or gaps (sort ${sort} ${dir}), even with equal sort keys`, async () => {
        const s = await setup();
        for (let i = 0; i < 9; i++) await addClient(s.inst, { name: "Same Name", residualRisk: i % 2 ? "high" : null, gate: i % 3 ? "open" : "closed", updatedAt: "2026-01-01T00:00:00.000Z" });
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const qs = new URLSearchParams({ sort, dir, limit: "4", ...(after ? { after } : {}) });
          const res = await call(clientsLoader, `/app/portfolio/clients?${qs}`, s.cookie);
          const page = (res.response as { page: { rows: Array<{ id: string; sortKey: string | number }>; next: string | null; total: number } }).page;
          seen.push(...page.rows.map((r) => r.id));
          expect(page.total).toBe(15);
          after = page.next;
          pages += 1;
        } while (after && pages < 10);
        expect(seen).toHaveLength(15);
        expect(new Set(seen).size).toBe(15);
        expect(pages).toBe(4);
      });
    }
  }

  // The rank sorts are read one level at a time (repositories/portfolio.server.ts); the pages
  // together must be exactly `order by rank, id` (both descending for desc).
  for (const sort of ["residualRisk", "gate"] as const) {
    for (const dir of ["asc", "desc"] as const) {
      it(`orders the ${sort} ${dir} list by rank then id across pages, as one ORDER BY would`, async () => {
        const s = await setup();
        const levels = [null, "low", "medium", "high", "critical"] as const;
        for (let i = 0; i < 14; i++) await addClient(s.inst, { residualRisk: levels[i % 5], gate: GATES[i % 4] });
        const rank = (c: { residualRisk: string | null; gate: string }) => (sort === "residualRisk" ? RISK_RANK[(c.residualRisk ?? "none") as keyof typeof RISK_RANK] : GATE_RANK[c.gate as keyof typeof GATE_RANK]);
        const rows = await db().select().from(clients).where(eq(clients.institutionId, s.inst));
        const expected = rows.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((c) => [c.id, rank(c)]);
        if (dir === "desc") expected.reverse();
        const seen: Array<[string, string | number]> = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const qs = new URLSearchParams({ sort, dir, limit: "3", ...(after ? { after } : {}) });
          const res = await call(clientsLoader, `/app/portfolio/clients?${qs}`, s.cookie);
          const page = (res.response as { page: { rows: Array<{ id: string; sortKey: string | number }>; next: string | null } }).page;
          seen.push(...page.rows.map((r): [string, string | number] => [r.id, r.sortKey]));
          after = page.next;
          pages += 1;
        } while (after && pages < 20);
        expect(seen).toEqual(expected);
        // With a filter on the same column only that level is read.
        const closed = await call(clientsLoader, `/app/portfolio/clients?${new URLSearchParams({ sort, dir, gate: "closed" })}`, s.cookie);
        const closedIds = expected.filter(([id]) => rows.find((c) => c.id === id)!.gate === "closed").map(([id]) => id);
        expect((closed.response as { page: { rows: Array<{ id: string }> } }).page.rows.map((r) => r.id)).toEqual(closedIds);
      });
    }
  }

  it("reads a hand-made rank cursor as the single ORDER BY did (a text key sorts after every rank, a null key matches nothing)", async () => {
    const s = await setup();
    const page = async (qs: Record<string, string>) =>
      ((await call(clientsLoader, `/app/portfolio/clients?${new URLSearchParams(qs)}`, s.cookie)).response as { page: { rows: unknown[] } }).page.rows.length;
    expect(await page({ sort: "residualRisk", dir: "desc", after: JSON.stringify(["x", "zzz"]) })).toBe(6);
    expect(await page({ sort: "residualRisk", dir: "asc", after: JSON.stringify(["x", "a"]) })).toBe(0);
    expect(await page({ sort: "gate", dir: "desc", after: JSON.stringify([null, "zzz"]) })).toBe(0);
    expect(await page({ sort: "gate", dir: "asc", after: JSON.stringify([2.5, "a"]) })).toBe(3);
  });
});

function xlsxPart(bytes: Buffer, part: string): string {
  const file = path.resolve(process.cwd(), `.tmp/xlsx-${process.pid}-${Math.random().toString(16).slice(2)}.xlsx`);
  fs.writeFileSync(file, bytes);
  try {
    execFileSync("unzip", ["-tq", file]);
    return execFileSync("unzip", ["-p", file, part]).toString("utf8");
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe("portfolio exports", () => {
  it("exports the filtered client list as CSV and XLSX, as attachments, and audits each export", async () => {
    const s = await setup();
    const csv = await call(clientsExport, "/app/portfolio/clients/export?gate=open&format=csv", s.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="clients-\d{4}-\d\d-\d\d\.csv"$/);
    const rows = parseCsv(await (csv.response as Response).text());
    expect(rows[0]!.slice(0, 3)).toEqual(["Client", "Registration number", "Country"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["Alfa Textiles", "Beta Farms"]);
    const xlsx = await call(clientsExport, "/app/portfolio/clients/export?gate=open&format=xlsx", s.cookie);
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const sheet = xlsxPart(Buffer.from(await (xlsx.response as Response).arrayBuffer()), "xl/worksheets/sheet1.xml");
    expect(sheet).toContain("Alfa Textiles");
    expect(sheet).toContain("Beta Farms");
    expect(sheet).not.toContain("Gamma Mining");
    const assess = await call(assessmentsExport, "/app/portfolio/assessments/export?due=overdue&format=csv", s.cookie);
    expect(parseCsv(await (assess.response as Response).text()).slice(1).map((r) => r[0])).toEqual(["Zeta Garments"]);
    const events = (await db().select().from(auditEvents).where(eq(auditEvents.chain, s.inst))).filter((e) => e.action.startsWith("export."));
    expect(events.map((e) => e.action)).toEqual(["export.clients", "export.clients", "export.assessments"]);
    expect(events[0]!.after).toMatchObject({ format: "csv", rows: 2, filters: { gate: "open" } });
  });

  it("exports one assessment's answers, scores, evidence and decision history", async () => {
    const s = await setup();
    await addDocument(s.inst, s.assessments.aa, { fileName: "code-of-conduct.pdf", reviewState: "rejected", reviewReason: "Expired in 2019" });
    const csv = await call(assessmentExport, `/app/exports/assessments/${s.assessments.aa}?format=csv`, s.cookie, { assessmentId: s.assessments.aa });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toContain("attachment;");
    const rows = parseCsv(await (csv.response as Response).text());
    const blocks = rows.filter((r) => r[0]?.startsWith("# ")).map((r) => r[0]);
    expect(blocks).toEqual(["# Summary", "# Answers", "# Sections", "# Red flags", "# Evidence", "# Decisions", "# Conditions", "# Results"]);
    const answer = rows.find((r) => r[1] === "gov.policy" || (r[0] === "gov" && r[3] === "yes"));
    expect(answer).toBeDefined();
    expect(answer![4]).toBe("Board-approved policy");
    expect(answer![7]).toBe("4");
    expect(rows.some((r) => r[1] === "code-of-conduct.pdf" && r[6] === "rejected" && r[7] === "Expired in 2019")).toBe(true);
    expect(rows.some((r) => r[1] === "approved" && r[2] === "approve-with-conditions")).toBe(true);
    // Both results, oldest first.
    const resultsBlock = rows.slice(rows.findIndex((r) => r[0] === "# Results") + 2).filter((r) => r.length > 1);
    expect(resultsBlock.map((r) => r[4] ?? r[3])).toHaveLength(2);
    const xlsx = await call(assessmentExport, `/app/exports/assessments/${s.assessments.aa}?format=xlsx`, s.cookie, { assessmentId: s.assessments.aa });
    const bytes = Buffer.from(await (xlsx.response as Response).arrayBuffer());
    expect(xlsxPart(bytes, "xl/workbook.xml")).toContain('name="Decisions"');
    expect(xlsxPart(bytes, "xl/worksheets/sheet5.xml")).toContain("code-of-conduct.pdf");
    expect((await db().select().from(auditEvents).where(eq(auditEvents.chain, s.inst))).filter((e) => e.action === "export.assessment")).toHaveLength(2);
  });

  it("answers 404 for another institution's assessment and writes no audit event", async () => {
    const s = await setup();
    const other = await createInstitution("Other Bank");
    const otherUser = await createUser(other, ["rm"]);
    const otherCookie = await cookieFor(otherUser);
    const res = await call(assessmentExport, `/app/exports/assessments/${s.assessments.aa}?format=csv`, otherCookie, { assessmentId: s.assessments.aa });
    expect(res.status).toBe(404);
    expect((await db().select().from(auditEvents).where(eq(auditEvents.chain, other))).filter((e) => e.action.startsWith("export."))).toHaveLength(0);
    // Lists are scoped too: the other bank sees none of these clients.
    const list = await call(clientsLoader, "/app/portfolio/clients", otherCookie);
    expect((list.response as { page: { total: number } }).page.total).toBe(0);
  });
});
