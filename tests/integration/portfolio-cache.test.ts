// The dashboard, the filter options and the list totals are memoised per institution revision
// (the change clock, services/portfolio.server.ts): these tests prove a memo is served while
// nothing was written for the institution, and that a write (through the app's services, or
// committed by another app instance in another process) shows in the very next read.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { execFileSync } from "node:child_process";
import { loader as dashboardLoader } from "~/routes/app+/index";
import { loader as clientsLoader } from "~/routes/app+/clients+/index";
import { addDays, todayOf } from "~/domain/portfolio";
import { createClient } from "~/services/clients.server";
import { portfolioDashboard, portfolioFilterOptions } from "~/services/portfolio.server";
import { cookieFor, createInstitution, createUser } from "../helpers/factories";
import { getRequest, settle } from "../helpers/requests";
import { meetCondition } from "../helpers/condition-plan-factories";
import { addAssessment, addClient, addCondition, addDecision, addResult } from "../helpers/portfolio-factories";

type DashboardData = {
  totalClients: number;
  byGate: Array<{ key: string; n: number }>;
  conditions: { open: number; overdue: number; clients: number };
};

const today = todayOf(new Date());

async function setup() {
  const inst = await createInstitution("Banco Memo");
  const rm = await createUser(inst, ["rm"], { name: "Rosa RM" });
  const cookie = await cookieFor(rm);
  const client = await addClient(inst, { name: "Gamma Mining", residualRisk: "high", gate: "conditional", gateReason: "approved-with-conditions", country: "PE" });
  await addClient(inst, { name: "Alfa Textiles", residualRisk: "low", gate: "open", country: "GT" });
  const assessment = await addAssessment(inst, client, rm.id, { status: "decided", submittedAt: "2026-01-09T00:00:00.000Z" });
  const result = await addResult(inst, assessment, { sections: { gov: 60 }, residualRisk: "high" });
  const decision = await addDecision(inst, client, assessment, result.resultId, rm.id);
  const overdue = await addCondition(inst, client, decision, { dueDate: addDays(today, -1) });
  await addCondition(inst, client, decision, { dueDate: addDays(today, 30) });
  return { inst, rm, cookie, client, overdue, decision };
}

async function dashboard(cookie: string): Promise<DashboardData> {
  const res = await settle(() => dashboardLoader({ request: getRequest("/app", cookie), params: {}, context: {} } as LoaderFunctionArgs));
  expect(res.status).toBe(200);
  return (res.response as { dashboard: DashboardData }).dashboard;
}

async function clientsTotal(cookie: string, qs: string): Promise<number> {
  const res = await settle(() => clientsLoader({ request: getRequest(`/app/portfolio/clients?${qs}`, cookie), params: {}, context: {} } as LoaderFunctionArgs));
  expect(res.status).toBe(200);
  return (res.response as { page: { total: number } }).page.total;
}

describe("portfolio memos", () => {
  it("serves the same dashboard and filter options while nothing is written, and fresh ones after any write", async () => {
    const s = await setup();
    const now = new Date();
    const first = await portfolioDashboard(s.inst, now);
    expect(await portfolioDashboard(s.inst, now)).toBe(first);
    const options = await portfolioFilterOptions(s.inst);
    expect(await portfolioFilterOptions(s.inst)).toBe(options);
    // Another institution's write keeps this one's memos…
    await addClient(await createInstitution("Other Bank"));
    expect(await portfolioDashboard(s.inst, now)).toBe(first);
    expect(await portfolioFilterOptions(s.inst)).toBe(options);
    // …a write for this institution drops them: computed again, same figures.
    await addClient(s.inst, { name: "Delta Foods" });
    const second = await portfolioDashboard(s.inst, now);
    expect(second).not.toBe(first);
    expect(second).toEqual({ ...first, totalClients: first.totalClients + 1, byResidual: second.byResidual, byGate: second.byGate });
    expect(await portfolioFilterOptions(s.inst)).not.toBe(options);
    // Another day is another memo (overdue figures depend on the date).
    expect(await portfolioDashboard(s.inst, new Date(now.getTime() + 86_400_000))).not.toBe(second);
  });

  it("shows a condition the user just marked met, and the gate it changed, on the next dashboard", async () => {
    const s = await setup();
    const before = await dashboard(s.cookie);
    expect(before.conditions).toEqual({ open: 2, overdue: 1, clients: 1 });
    expect(await clientsTotal(s.cookie, "conditions=overdue")).toBe(1);
    const approver = await createUser(s.inst, ["approver"], { name: "Alba Approver" });
    await meetCondition({ institutionId: s.inst, decisionId: s.decision, clientId: s.client, conditionId: s.overdue, rmId: s.rm.id, approverId: approver.id });
    const after = await dashboard(s.cookie);
    expect(after.conditions).toEqual({ open: 1, overdue: 0, clients: 1 });
    expect(await clientsTotal(s.cookie, "conditions=overdue")).toBe(0);
    expect(await clientsTotal(s.cookie, "conditions=open")).toBe(1);
  });

  it("counts a client the user just created in the dashboard, the list total and the country filter", async () => {
    const s = await setup();
    expect((await dashboard(s.cookie)).totalClients).toBe(2);
    expect(await clientsTotal(s.cookie, "gate=closed")).toBe(0);
    expect((await portfolioFilterOptions(s.inst)).countries).toEqual(["GT", "PE"]);
    await createClient({ institutionId: s.inst, userId: s.rm.id }, { name: "Nuevo Cliente", country: "HN", sector: "14", contactEmail: "ana@nuevo.example" }, new Date());
    const after = await dashboard(s.cookie);
    expect(after.totalClients).toBe(3);
    expect(after.byGate.find((g) => g.key === "closed")?.n).toBe(1);
    expect(await clientsTotal(s.cookie, "gate=closed")).toBe(1);
    expect((await portfolioFilterOptions(s.inst)).countries).toEqual(["GT", "HN", "PE"]);
  });

  it("sees a write committed by another app instance (another process) at once", async () => {
    const s = await setup();
    expect((await dashboard(s.cookie)).byGate.find((g) => g.key === "open")?.n).toBe(1);
    expect(await clientsTotal(s.cookie, "gate=open")).toBe(1);
    execFileSync("node_modules/.bin/tsx", ["tests/helpers/other-instance-write.ts", s.inst, s.client], { env: process.env, stdio: "pipe" });
    expect((await dashboard(s.cookie)).byGate.find((g) => g.key === "open")?.n).toBe(2);
    expect(await clientsTotal(s.cookie, "gate=open")).toBe(2);
  });
});
