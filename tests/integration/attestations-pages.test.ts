// The staff side of attestations (issue 8): the list with its filters, the audited PDF download
// and CSV export, revocation (permission, step-up, reason), signing-key rotation, and the audit
// log's new filters, first-broken-event display and CSV export.
import { and, eq } from "drizzle-orm";
import { auditEvents } from "../../db/tables";
import { loader as listLoader } from "~/routes/app+/attestations+/_index";
import { loader as pdfLoader } from "~/routes/app+/attestations+/$id[.]pdf";
import { loader as csvLoader } from "~/routes/app+/attestations+/export[.]csv";
import { action as detailAction, loader as detailLoader } from "~/routes/app+/attestations+/$id";
import { action as keysAction, loader as keysLoader } from "~/routes/app+/admin+/signing-keys";
import { loader as auditLoader } from "~/routes/app+/admin+/audit";
import { loader as auditCsvLoader } from "~/routes/app+/admin+/audit[.]csv";
import { issueAttestation } from "~/services/attestations.server";
import { createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { cookieFor, db, PASSWORD } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

const NOW = new Date("2026-11-20T10:00:00.000Z");
let bank: Bank;
let first: { attestationId: string; pdf: Buffer };
let second: { attestationId: string; pdf: Buffer };

beforeAll(async () => {
  bank = await createBank("Banco Pampa");
  const a = await createApprovedDecision(bank, { now: NOW });
  first = await issueAttestation({ institutionId: bank.institutionId, decisionId: a.decisionId, language: "es", now: NOW });
  const b = await createApprovedDecision(bank, { now: NOW, clientName: "Textiles Ñemby S.R.L." });
  second = await issueAttestation({ institutionId: bank.institutionId, decisionId: b.decisionId, language: "en", now: new Date("2026-11-22T10:00:00.000Z") });
});

async function eventsNamed(action: string) {
  return await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, action)));
}

type ListData = { rows: Array<{ id: string; clientName: string }> };

describe("the attestations list", () => {
  it("lists for auditors, filters by client name, revocation and dates, and refuses bad dates", async () => {
    const cookie = await cookieFor(bank.auditor);
    const all = (await listLoader({ request: getRequest("/app/attestations", cookie), params: {}, context: {} })) as ListData;
    expect(all.rows.map((r) => r.id).sort()).toEqual([first.attestationId, second.attestationId].sort());
    const byName = (await listLoader({ request: getRequest(`/app/attestations?q=${encodeURIComponent("ñemby")}`, cookie), params: {}, context: {} })) as ListData;
    expect(byName.rows.map((r) => r.id)).toEqual([second.attestationId]);
    const byDate = (await listLoader({ request: getRequest("/app/attestations?from=2026-11-21&to=2026-11-30", cookie), params: {}, context: {} })) as ListData;
    expect(byDate.rows.map((r) => r.id)).toEqual([second.attestationId]);
    const revoked = (await listLoader({ request: getRequest("/app/attestations?revoked=yes", cookie), params: {}, context: {} })) as ListData;
    expect(revoked.rows).toEqual([]);
    const bad = await settle(() => listLoader({ request: getRequest("/app/attestations?from=yesterday", cookie), params: {}, context: {} }));
    expect(bad.status).toBe(400);
  });

  it("another institution sees none of them, and gets 404 for the PDF", async () => {
    const other = await createBank("Banco Ajeno");
    const cookie = await cookieFor(other.auditor);
    const list = (await listLoader({ request: getRequest("/app/attestations", cookie), params: {}, context: {} })) as ListData;
    expect(list.rows).toEqual([]);
    const pdf = await settle(() => pdfLoader({ request: getRequest(`/app/attestations/${first.attestationId}.pdf`, cookie), params: { id: first.attestationId }, context: {} }));
    expect(pdf.status).toBe(404);
  });

  it("downloads the issued bytes as an attachment, audited as an export", async () => {
    const cookie = await cookieFor(bank.auditor);
    const response = (await pdfLoader({ request: getRequest(`/app/attestations/${first.attestationId}.pdf`, cookie), params: { id: first.attestationId }, context: {} })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="attestation-${first.attestationId}.pdf"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(first.pdf)).toBe(true);
    expect((await eventsNamed("attestation.downloaded")).some((e) => e.subjectId === first.attestationId && e.actorId === bank.auditor.id)).toBe(true);
  });

  it("exports the filtered list as CSV, audited with its filter", async () => {
    const cookie = await cookieFor(bank.auditor);
    const response = (await csvLoader({ request: getRequest("/app/attestations/export.csv?q=Caf", cookie), params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="attestations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toMatch(/^attestation_id,client_id,client_name,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Café Ñandú S.A.");
    expect((await eventsNamed("attestation.exported")).at(-1)?.after).toEqual({ filter: { q: "Caf" }, rows: 1 });
  });
});

describe("revocation from the attestation page", () => {
  it("is refused to auditors and RMs (403) and needs the password in the same post (step-up)", async () => {
    const auditor = await cookieFor(bank.auditor);
    const refused = await settle(() => detailAction({ request: formRequest(`/app/attestations/${second.attestationId}`, { reason: "Because I say so", password: PASSWORD }, auditor), params: { id: second.attestationId }, context: {} }));
    expect(refused.status).toBe(403);
    const recent = await cookieFor(bank.approver, { verifiedAt: new Date(Date.now() - 60_000) });
    const stepUp = await settle(() => detailAction({ request: formRequest(`/app/attestations/${second.attestationId}`, { reason: "Supplier audit failed" }, recent), params: { id: second.attestationId }, context: {} }));
    expect(stepUp.status).toBe(400);
    expect((await eventsNamed("attestation.revoked")).filter((e) => e.subjectId === second.attestationId)).toEqual([]);
  });

  it("needs a reason, then revokes: the page and the list show it", async () => {
    const approver = await cookieFor(bank.approver);
    const empty = await settle(() => detailAction({ request: formRequest(`/app/attestations/${second.attestationId}`, { reason: " " }, approver), params: { id: second.attestationId }, context: {} }));
    expect(empty.status).toBe(400);
    const done = await settle(() => detailAction({ request: formRequest(`/app/attestations/${second.attestationId}`, { reason: "Supplier audit failed", password: PASSWORD }, approver), params: { id: second.attestationId }, context: {} }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/app/attestations/${second.attestationId}?flash=revoked`);
    const page = (await detailLoader({ request: getRequest(`/app/attestations/${second.attestationId}`, approver), params: { id: second.attestationId }, context: {} })) as { attestation: { revokedAt: string | null; revocationReason: string | null } };
    expect(page.attestation.revocationReason).toBe("Supplier audit failed");
    const list = (await listLoader({ request: getRequest("/app/attestations?revoked=yes", approver), params: {}, context: {} })) as ListData;
    expect(list.rows.map((r) => r.id)).toEqual([second.attestationId]);
    const again = await settle(() => detailAction({ request: formRequest(`/app/attestations/${second.attestationId}`, { reason: "Supplier audit failed", password: PASSWORD }, approver), params: { id: second.attestationId }, context: {} }));
    expect(again.status).toBe(409);
  });
});

describe("signing keys page", () => {
  it("lists keys for admins only, and rotation needs the confirmation, the password in the same post, and is audited", async () => {
    const admin = await cookieFor(bank.admin);
    const auditor = await cookieFor(bank.auditor);
    expect((await settle(() => keysLoader({ request: getRequest("/app/admin/signing-keys", auditor), params: {}, context: {} }))).status).toBe(403);
    const before = (await keysLoader({ request: getRequest("/app/admin/signing-keys", admin), params: {}, context: {} })) as { keys: Array<{ id: string; retiredAt: string | null }> };
    expect(before.keys).toHaveLength(1);
    const unconfirmed = await settle(() => keysAction({ request: formRequest("/app/admin/signing-keys", {}, admin), params: {}, context: {} }));
    expect(unconfirmed.status).toBe(400);
    const recent = await cookieFor(bank.admin, { verifiedAt: new Date(Date.now() - 60_000) });
    const stepUp = await settle(() => keysAction({ request: formRequest("/app/admin/signing-keys", { confirm: "on" }, recent), params: {}, context: {} }));
    expect(stepUp.status).toBe(400);
    const wrong = await settle(() => keysAction({ request: formRequest("/app/admin/signing-keys", { confirm: "on", password: "not it" }, admin), params: {}, context: {} }));
    expect(wrong.status).toBe(401);
    expect(((await keysLoader({ request: getRequest("/app/admin/signing-keys", admin), params: {}, context: {} })) as { keys: unknown[] }).keys).toHaveLength(1);
    const rotated = await settle(() => keysAction({ request: formRequest("/app/admin/signing-keys", { confirm: "on", password: PASSWORD }, admin), params: {}, context: {} }));
    expect(rotated.status).toBe(302);
    const after = (await keysLoader({ request: getRequest("/app/admin/signing-keys", admin), params: {}, context: {} })) as { keys: Array<{ id: string; retiredAt: string | null }> };
    expect(after.keys).toHaveLength(2);
    expect(after.keys.filter((k) => k.retiredAt === null)).toHaveLength(1);
    expect(after.keys.find((k) => k.id === before.keys[0]!.id)?.retiredAt).not.toBeNull();
    expect((await eventsNamed("signing-key.rotated")).at(-1)?.actorId).toBe(bank.admin.id);
  });
});

describe("the audit log page", () => {
  type AuditData = { events: Array<{ action: string; subjectId: string | null; actorId: string | null }>; verdict: { ok: boolean } | null };

  it("filters by action prefix, actor, subject and dates, and verifies the chain", async () => {
    const cookie = await cookieFor(bank.auditor);
    const load = async (query: string) => (await auditLoader({ request: getRequest(`/app/admin/audit?${query}`, cookie), params: {}, context: {} })) as AuditData;
    const issuedEvents = await load("action=attestation.iss");
    expect(issuedEvents.events.length).toBeGreaterThanOrEqual(2);
    expect(issuedEvents.events.every((e) => e.action === "attestation.issued")).toBe(true);
    const bySubject = await load(`subject=${first.attestationId}`);
    expect(bySubject.events.length).toBeGreaterThan(0);
    expect(bySubject.events.every((e) => e.subjectId === first.attestationId)).toBe(true);
    const byActor = await load(`actor=${bank.approver.id}`);
    expect(byActor.events.every((e) => e.actorId === bank.approver.id)).toBe(true);
    expect((await load("from=2000-01-01&to=2000-01-02")).events).toEqual([]);
    expect((await load("verify=1")).verdict?.ok).toBe(true);
    expect((await settle(() => auditLoader({ request: getRequest("/app/admin/audit?from=31-12-2026", cookie), params: {}, context: {} }))).status).toBe(400);
  });

  it("exports the filtered log as CSV with hashes, audited as audit.exported; RMs may not", async () => {
    const cookie = await cookieFor(bank.auditor);
    const response = (await auditCsvLoader({ request: getRequest("/app/admin/audit.csv?action=attestation.", cookie), params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("seq,id,created_at,actor_type,actor_id,action,subject_type,subject_id,reason,before,after,prev_hash,hash");
    expect(lines.slice(1).every((l) => l.split(",")[5]!.startsWith("attestation."))).toBe(true);
    expect(lines.some((l) => l.includes("attestation.revoked") && l.includes("Supplier audit failed"))).toBe(true);
    expect((await eventsNamed("audit.exported")).at(-1)?.actorId).toBe(bank.auditor.id);
    const rm = await cookieFor(bank.rm);
    expect((await settle(() => auditCsvLoader({ request: getRequest("/app/admin/audit.csv", rm), params: {}, context: {} }))).status).toBe(403);
  });
});
