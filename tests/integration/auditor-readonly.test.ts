// The auditor reads everything of the institution and changes nothing (PRODUCT.md "Rules that
// matter"; issue 7): every `action` of every route module under app/routes/app+ is called with an
// auditor's session and plausible form bodies (one per intent the module handles) and must answer
// 403 without writing an audit event. The route files are discovered from disk, so routes other
// areas add later are covered without editing this test.
import fs from "node:fs";
import type { ActionFunctionArgs } from "@remix-run/node";
import path from "node:path";
import { eq } from "drizzle-orm";
import { auditEvents, financialObservations } from "../../db/tables";
import { newId } from "~/ids.server";
import { addDays, todayOf } from "~/domain/portfolio";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { formRequest, settle } from "../helpers/requests";
import { addAssessment, addClient, addCondition, addDecision, addDocument, addResult } from "../helpers/portfolio-factories";

const ROUTES_DIR = path.resolve(process.cwd(), "app/routes/app+");

/**
 * Actions an auditor may use because they change only their own session or their own inbox, not
 * institution data: switching between the institutions they belong to, marking their own
 * notifications read and choosing which of them also come by e-mail (issue 17).
 */
const SELF_SERVICE = new Set(["switch-institution.tsx", "notifications.tsx", "account.tsx"]);

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (/\.(tsx|ts)$/.test(entry.name) && !entry.name.startsWith("__") && !entry.name.startsWith(".") && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** The intents a module dispatches on, read from its source; "" stands for "no intent field". */
function intentsOf(source: string): string[] {
  const found = new Set<string>([""]);
  const patterns = [
    /intent\s*===\s*["']([a-z][a-z0-9-]*)["']/g,
    /["']([a-z][a-z0-9-]*)["']\s*===\s*intent/g,
    /name=["']intent["'][^>]*value=["']([a-z][a-z0-9-]*)["']/g,
    /value=["']([a-z][a-z0-9-]*)["'][^>]*name=["']intent["']/g,
    /intent:\s*z\.literal\(["']([a-z][a-z0-9-]*)["']\)/g,
    /case\s+["']([a-z][a-z0-9-]*)["']\s*:/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

describe("auditor role is read-only", () => {
  it("refuses every action of every staff route with 403 and writes nothing", async () => {
    const inst = await createInstitution("Banco Auditado");
    const rm = await createUser(inst, ["rm"]);
    const auditor = await createUser(inst, ["auditor"]);
    const cookie = await cookieFor(auditor);
    const today = todayOf(new Date());
    const clientId = await addClient(inst, { gate: "conditional", gateReason: "approved-with-conditions", residualRisk: "medium" });
    const assessmentId = await addAssessment(inst, clientId, rm.id, { status: "submitted", submittedAt: "2026-01-09T00:00:00.000Z" });
    const { resultId } = await addResult(inst, assessmentId);
    const decisionId = await addDecision(inst, clientId, assessmentId, resultId, rm.id, { status: "proposed", reviewedAt: null, validUntil: null });
    const conditionId = await addCondition(inst, clientId, decisionId, { dueDate: addDays(today, 30) });
    const documentId = await addDocument(inst, assessmentId);
    const observationId = newId();
    await db().insert(financialObservations).values({ id: observationId, institutionId: inst, clientId, codes: ["cash-wages"], note: "", createdBy: rm.id, createdAt: new Date().toISOString(), referredTo: null, referral: null });
    const params: Record<string, string> = { clientId, assessmentId, decisionId, conditionId, documentId, observationId, id: decisionId, key: "anti-trafficking", version: "1", userId: rm.id };
    const body = {
      clientId,
      assessmentId,
      decisionId,
      conditionId,
      documentId,
      userId: rm.id,
      institutionId: inst,
      name: "Auditor Attempt",
      email: "attempt@example.test",
      roles: "rm",
      codes: "cash-wages",
      note: "auditor attempt to change something",
      reason: "auditor attempt to change something",
      comment: "auditor attempt",
      rationale: "auditor attempt",
      outcome: "approve",
      dueDate: addDays(today, 30),
      language: "en",
      questionnaire: "anti-trafficking/1",
      country: "GT",
      sector: "14",
      contactEmail: "contact@example.test",
      url: "https://example.test/hook",
      scope: "read",
      "recommendation.low": "approve",
      "validityMonths.low": "24",
    };
    const eventsBefore = (await db().select().from(auditEvents).where(eq(auditEvents.chain, inst))).length;

    const covered: string[] = [];
    const failures: string[] = [];
    let requests = 0;
    for (const file of routeFiles(ROUTES_DIR)) {
      const relative = path.relative(ROUTES_DIR, file);
      const mod = (await import(file)) as { action?: (args: ActionFunctionArgs) => Promise<unknown> };
      if (typeof mod.action !== "function" || SELF_SERVICE.has(relative)) continue;
      covered.push(relative);
      const action = mod.action;
      for (const intent of intentsOf(fs.readFileSync(file, "utf8"))) {
        const fields: Record<string, string> = intent ? { ...body, intent } : { ...body };
        requests += 1;
        const result = await settle(() => action({ request: formRequest(`/app/${relative}`, fields, cookie), params, context: {} }));
        if (result.status !== 403) failures.push(`${relative} intent=${intent || "(none)"} → ${result.status}`);
      }
    }
    process.stdout.write(`auditor-readonly: ${covered.length} route modules with actions covered (${requests} POSTs, one per intent):\n${covered.map((c) => `  app/routes/app+/${c}`).join("\n")}\n`);
    expect(failures).toEqual([]);
    expect(covered.length).toBeGreaterThanOrEqual(5);
    expect(covered).toEqual(expect.arrayContaining(["admin+/policy.tsx", "clients+/$clientId.observations.tsx", "reassessment+/index.tsx"]));
    expect(await db().select().from(auditEvents).where(eq(auditEvents.chain, inst))).toHaveLength(eventsBefore);
  });
});

describe("auditor role reads the portfolio", () => {
  it("opens the dashboard, lists, exports, observations, policy and re-assessment pages without write controls", async () => {
    const { loader: dashboard } = await import("~/routes/app+/index");
    const { loader: clientsList } = await import("~/routes/app+/clients+/index");
    const { loader: clientsExport } = await import("~/routes/app+/portfolio+/clients_.export");
    const { loader: observations } = await import("~/routes/app+/clients+/$clientId.observations");
    const { loader: policy } = await import("~/routes/app+/admin+/policy");
    const { loader: reassessment } = await import("~/routes/app+/reassessment+/index");
    const { getRequest } = await import("../helpers/requests");
    const inst = await createInstitution("Banco Leído");
    const auditor = await createUser(inst, ["auditor"]);
    const cookie = await cookieFor(auditor);
    const clientId = await addClient(inst, { name: "Read Only Co" });
    const args = (p: string, params: Record<string, string> = {}) => ({ request: getRequest(p, cookie), params, context: {} });
    const home = await settle(() => dashboard(args("/app")));
    expect((home.response as { dashboard: { totalClients: number } }).dashboard.totalClients).toBe(1);
    expect((await settle(() => clientsList(args("/app/portfolio/clients")))).status).toBe(200);
    expect((await settle(() => clientsExport(args("/app/portfolio/clients/export?format=csv")))).status).toBe(200);
    expect((await settle(() => observations(args(`/app/clients/${clientId}/observations`, { clientId })))).response).toMatchObject({ canRecord: false });
    expect((await settle(() => policy(args("/app/admin/policy")))).response).toMatchObject({ canManage: false });
    expect((await settle(() => reassessment(args("/app/reassessment")))).response).toMatchObject({ canSend: false });
  });
});
