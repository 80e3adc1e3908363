// Attestations end to end below the browser (issue 8 "Tests"): issue from an approved decision,
// then verify through the pure core, the API route, the public pages and the offline CLI;
// a flipped byte, appended bytes, another institution's key, revocation, an unknown id, key
// rotation, reproducible bytes, the PDF's text (pdftotext) and Poppler's own verdict (pdfsig).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import http from "node:http";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { attestations, auditEvents, clients, signingKeys, webhookDeliveries, webhooks } from "../../db/tables";
import { knownKeysFromDocument, verifySignedPdf } from "~/domain/pdf-signature";
import { action as verifyApi } from "~/routes/api+/v1+/attestations.verify";
import { loader as verifyIdLoader } from "~/routes/verify+/$attestationId";
import { action as verifyPageAction } from "~/routes/verify+/_index";
import { loader as keysLoader } from "~/routes/[.well-known]+/provenant-keys[.]json";
import { issueAttestation, prepareAttestation, revokeAttestation, storeAttestation, verifyAttestationPdf, VerifyResponseSchema } from "~/services/attestations.server";
import { knownKeys, publicKeysDocument, rotateSigningKey } from "~/services/signing-keys.server";
import { reads, write } from "~/db.server";
import { verifyInstitutionChain } from "~/repositories/audit-events.server";
import { CLIENT_NAME, createApprovedDecision, createBank, type Bank } from "../helpers/attestation-factories";
import { db } from "../helpers/factories";
import { settle } from "../helpers/requests";

const NOW = new Date("2026-11-26T10:00:00.000Z");
const TMP = path.resolve(process.cwd(), `.tmp/attestations-${process.pid}`);
fs.mkdirSync(TMP, { recursive: true });

let bank: Bank;
let issued: { attestationId: string; pdf: Buffer; clientId: string };

beforeAll(async () => {
  bank = await createBank();
  const decision = await createApprovedDecision(bank, { now: NOW });
  const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "es", now: NOW });
  issued = { ...out, clientId: decision.clientId };
});

async function core(pdf: Buffer) {
  return verifySignedPdf(pdf, await knownKeys(db()));
}

/** A byte inside the signed range (not in the /Contents hex), away from the header line. */
function flipSignedByte(pdf: Buffer, where: "start" | "end"): Buffer {
  const [, b, c] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString("latin1"))!.slice(1).map(Number) as [number, number, number, number];
  const copy = Buffer.from(pdf);
  const index = where === "start" ? Math.floor(b / 2) : c + Math.floor((pdf.length - c) / 2);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

function writeTmp(name: string, bytes: Buffer | string): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function cli(pdfFile: string, keysFile?: string) {
  return spawnSync("npx", ["tsx", "scripts/verify.ts", pdfFile, ...(keysFile ? ["--keys", keysFile] : [])], { encoding: "utf8", env: { ...process.env } });
}

function apiRequest(body: Buffer, type = "application/pdf") {
  return new Request("http://localhost/api/v1/attestations/verify", { method: "POST", body: new Uint8Array(body), headers: { "Content-Type": type, "Content-Length": String(body.length) } });
}


/** `npm run verify -- <file> --online <server>` against a stand-in server that hands the request to the real route action. */
async function verifyWithCliOnline(pdf: Buffer, name: string): Promise<{ code: number; stdout: string }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://localhost${req.url}`, { method: req.method, body: new Uint8Array(Buffer.concat(chunks)), headers: { "Content-Type": String(req.headers["content-type"]) } });
      void verifyApi({ request, params: {}, context: {} }).then(async (response) => {
        res.writeHead(response.status, { "Content-Type": "application/json" });
        res.end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const file = writeTmp(name, pdf);
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile("npx", ["tsx", "scripts/verify.ts", file, "--online", `http://127.0.0.1:${port}`], { encoding: "utf8" }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }));
  });
  server.close();
  return result;
}

describe("issuing an attestation", () => {
  it("stores the signed PDF, audits it, creates the key on first use and opens the gate (conditional)", async () => {
    const row = (await db().select().from(attestations).where(eq(attestations.id, issued.attestationId)).limit(1))[0]!;
    expect(Buffer.from(row.pdf).equals(issued.pdf)).toBe(true);
    expect(row.sha256).toBe(crypto.createHash("sha256").update(issued.pdf).digest("hex"));
    expect(row.language).toBe("es");
    const actions = (await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, bank.institutionId)).orderBy(asc(auditEvents.seq))).map((e) => e.action);
    expect(actions).toContain("signing-key.created");
    expect(actions).toContain("attestation.issued");
    const key = (await db().select().from(signingKeys).where(eq(signingKeys.institutionId, bank.institutionId)).limit(1))[0]!;
    expect(key.encryptedPrivateKey.startsWith("v1.")).toBe(true);
    expect(key.encryptedPrivateKey).not.toContain("PRIVATE KEY");
    const client = (await db().select({ gate: clients.gate }).from(clients).where(eq(clients.id, issued.clientId)).limit(1))[0]!;
    expect(client.gate).toBe("conditional");
    expect((await verifyInstitutionChain(bank.institutionId, db())).ok).toBe(true);
  });

  it("refuses a second attestation for the same decision", async () => {
    const decisionId = (await db().select({ d: attestations.decisionId }).from(attestations).where(eq(attestations.id, issued.attestationId)).limit(1))[0]!.d;
    await expect(prepareAttestation({ institutionId: bank.institutionId, decisionId, language: "en", now: NOW })).rejects.toThrow(/already has an attestation/);
  });

  it("yields byte-identical PDFs for the same decision, id and time", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW });
    const input = { institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en" as const, now: NOW, attestationId: "fixed-id-for-reproducibility" };
    const first = await prepareAttestation(input);
    const second = await prepareAttestation(input);
    expect(first.pdf.equals(second.pdf)).toBe(true);
    expect(first.sha256).toBe(second.sha256);
    const later = await prepareAttestation({ ...input, now: new Date(NOW.getTime() + 1000) });
    expect(later.pdf.equals(first.pdf)).toBe(false);
  });

  it("stores a prepared attestation inside the approval's own transaction, and re-checks the decision there", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW });
    const prepared = await prepareAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW, approval: { approverId: bank.approver.id, validUntil: "2030-01-01" } });
    await expect(write({ institutionId: null }, async (tx) => storeAttestation(prepared, tx))).rejects.toThrow(/changed while its attestation was being prepared/);
    const ok = await prepareAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    expect((await write({ institutionId: null }, async (tx) => storeAttestation(ok, tx))).attestationId).toBe(ok.attestationId);
  });
});

describe("the PDF itself", () => {
  it("has real text with the client's accents, the scores and the attestation id (pdftotext)", () => {
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", writeTmp("text.pdf", issued.pdf), "-"], { encoding: "utf8" });
    expect(text).toContain(CLIENT_NAME);
    expect(text).toContain("Atestación de debida diligencia");
    // What was decided comes first (F03): two conditions, gate conditional.
    expect(text.replace(/\s+/g, " ")).toContain("Aprobado con 2 condición(es): la compuerta de crédito queda condicional");
    expect(text).toMatch(/General: \d{1,3}\.\d · (sólido|adecuado|débil|deficiente)/);
    expect(text).toContain("Puntajes por sección");
    expect(text).toContain("Publicar la política de contratación responsable");
    expect(text).toContain("Íñigo Aprobador");
    expect(text).toContain(issued.attestationId);
    const info = execFileSync("pdfinfo", [path.join(TMP, "text.pdf")], { encoding: "utf8" });
    expect(info).toMatch(/Title:\s+Atestación de debida diligencia: Café Ñandú S\.A\./);
    expect(issued.pdf.toString("latin1")).toContain("/Lang (es)");
  });

  it("is accepted by Poppler: pdfsig says the signature is valid, and not after a flipped byte", () => {
    const good = execFileSync("pdfsig", [writeTmp("good.pdf", issued.pdf)], { encoding: "utf8" });
    expect(good).toContain("Signature is Valid");
    expect(good).toContain("ETSI.CAdES.detached");
    expect(good).toContain("Total document signed");
    const bad = spawnSync("pdfsig", [writeTmp("bad.pdf", flipSignedByte(issued.pdf, "end"))], { encoding: "utf8" }).stdout;
    expect(bad).not.toContain("Signature is Valid");
  });
});

describe("verification", () => {
  it("the core says valid, with the institution, key and attestation id", async () => {
    const verdict = await core(issued.pdf);
    expect(verdict.status).toBe("valid");
    expect(verdict.institution?.id).toBe(bank.institutionId);
    expect(verdict.attestationId).toBe(issued.attestationId);
    expect(verdict.signingTime).toBe(NOW.toISOString());
  });

  it("any changed byte in the signed range makes it altered (before and after the signature)", async () => {
    expect((await core(flipSignedByte(issued.pdf, "start"))).status).toBe("altered");
    const after = await core(flipSignedByte(issued.pdf, "end"));
    expect(after.status).toBe("altered");
  });

  it("bytes appended after the signature are reported", async () => {
    const verdict = await core(Buffer.concat([issued.pdf, Buffer.from("\n1 0 obj\n<<>>\nendobj\n%%EOF\n")]));
    expect(verdict.status).toBe("altered");
    expect(verdict.details.join(" ")).toMatch(/bytes appended after signature/);
  });

  it("a PDF without a signature is not-signed; a key nobody published is unknown-key", async () => {
    expect((await core(Buffer.from("%PDF-1.7\n%%EOF\n"))).status).toBe("not-signed");
    expect(verifySignedPdf(issued.pdf, []).status).toBe("unknown-key");
  });

  it("the API route answers with the shared response schema; 415 and 413 otherwise", async () => {
    const ok = await verifyApi({ request: apiRequest(issued.pdf), params: {}, context: {} });
    expect(ok.status).toBe(200);
    const body = VerifyResponseSchema.parse(await ok.json());
    expect(body).toMatchObject({ valid: true, authentic: true, status: "valid", attestationId: issued.attestationId, revoked: false, clientName: CLIENT_NAME });
    expect(body.institution?.id).toBe(bank.institutionId);
    const altered = VerifyResponseSchema.parse(await (await verifyApi({ request: apiRequest(flipSignedByte(issued.pdf, "start")), params: {}, context: {} })).json());
    expect(altered).toMatchObject({ valid: false, authentic: false, status: "altered" });
    expect((await verifyApi({ request: apiRequest(issued.pdf, "application/json"), params: {}, context: {} })).status).toBe(415);
    const big = new Request("http://localhost/api/v1/attestations/verify", { method: "POST", body: new Uint8Array(10 * 1024 * 1024 + 1), headers: { "Content-Type": "application/pdf" } });
    const tooLarge = await verifyApi({ request: big, params: {}, context: {} });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("the public upload page verifies a multipart upload", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(issued.pdf)], "attestation.pdf", { type: "application/pdf" }));
    const result = await settle(() => verifyPageAction({ request: new Request("http://localhost/verify", { method: "POST", body: form }), params: {}, context: {} }));
    expect(result.status).toBe(200);
    expect(result.response).toMatchObject({ result: { status: "valid", attestationId: issued.attestationId } });
    const empty = new FormData();
    const missing = await settle(() => verifyPageAction({ request: new Request("http://localhost/verify", { method: "POST", body: empty }), params: {}, context: {} }));
    expect(missing.status).toBe(400);
  });

  it("the offline CLI says valid with the published keys (exit 0), and altered or unknown otherwise (exit 1)", async () => {
    const keysFile = writeTmp("keys.json", JSON.stringify(await publicKeysDocument(db())));
    const valid = cli(writeTmp("cli-valid.pdf", issued.pdf), keysFile);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/status:\s+valid/);
    expect(valid.stdout).toContain(issued.attestationId);
    expect(valid.stdout).toContain("Banco Austral");
    const altered = cli(writeTmp("cli-altered.pdf", flipSignedByte(issued.pdf, "start")), keysFile);
    expect(altered.status).toBe(1);
    expect(altered.stdout).toMatch(/status:\s+altered/);
    const noKeys = cli(path.join(TMP, "cli-valid.pdf"));
    expect(noKeys.status).toBe(1);
    expect(noKeys.stdout).toMatch(/status:\s+unknown-key/);
  });

  it("the keys document is what the well-known route serves, and the offline core trusts it", async () => {
    const response = await keysLoader();
    const document = (await response.json()) as Awaited<ReturnType<typeof publicKeysDocument>>;
    expect(document.keys.some((k) => k.institution.id === bank.institutionId && k.retiredAt === null)).toBe(true);
    expect(JSON.stringify(document)).not.toMatch(/PRIVATE KEY|encrypted/i);
    expect(verifySignedPdf(issued.pdf, knownKeysFromDocument(document)).status).toBe("valid");
  });

  it("a PDF signed by another institution's key is reported with that institution; its id is unknown to the wrong QR page", async () => {
    const other = await createBank("Banco Boreal");
    const decision = await createApprovedDecision(other, { now: NOW, clientName: "Exportadora Ñuble Ltda." });
    const theirs = await issueAttestation({ institutionId: other.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    const verdict = await verifyAttestationPdf(theirs.pdf, NOW);
    expect(verdict.status).toBe("valid");
    expect(verdict.institution).toEqual({ id: other.institutionId, name: "Banco Boreal" });
    const wrong = await settle(() => verifyIdLoader({ request: new Request("http://localhost/verify/not-an-attestation"), params: { attestationId: "not-an-attestation" }, context: {} }));
    expect(wrong.status).toBe(404);
    expect(wrong.response).toMatchObject({ result: { status: "unknown", authentic: false } });
    const right = await settle(() => verifyIdLoader({ request: new Request(`http://localhost/verify/${theirs.attestationId}`), params: { attestationId: theirs.attestationId }, context: {} }));
    expect(right.response).toMatchObject({ result: { status: "valid", institution: { name: "Banco Boreal" }, clientName: "Exportadora Ñuble Ltda." } });
  });

  it("an authentic signature over an id that was never issued is unknown", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW });
    const unissued = await prepareAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    expect((await core(unissued.pdf)).status).toBe("valid");
    const verdict = await verifyAttestationPdf(unissued.pdf, NOW);
    expect(verdict).toMatchObject({ status: "unknown", valid: false, attestationId: unissued.attestationId });
  });

  it("an expired attestation is authentic but expired", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW, validUntil: "2026-12-31" });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    expect(await verifyAttestationPdf(out.pdf, new Date("2027-01-01T00:00:00Z"))).toMatchObject({ status: "expired", authentic: true, valid: false, validUntil: "2026-12-31" });
    expect((await verifyAttestationPdf(out.pdf, new Date("2026-12-31T23:00:00Z"))).status).toBe("valid");
  });
});

describe("revocation and rotation", () => {
  it("a revoked attestation verifies as authentic but revoked, with date and reason, everywhere; the gate closes", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    const revokedAt = new Date("2026-12-01T09:00:00.000Z");
    await revokeAttestation({ institutionId: bank.institutionId, userId: bank.approver.id }, out.attestationId, "Forced-labour finding at the main supplier", revokedAt);
    const verdict = await verifyAttestationPdf(out.pdf, revokedAt);
    expect(verdict).toMatchObject({ status: "revoked", authentic: true, valid: false, revoked: true, revokedAt: revokedAt.toISOString(), reason: "Forced-labour finding at the main supplier" });
    expect((await core(out.pdf)).status).toBe("valid");
    const page = await settle(() => verifyIdLoader({ request: new Request(`http://localhost/verify/${out.attestationId}`), params: { attestationId: out.attestationId }, context: {} }));
    expect(page.response).toMatchObject({ result: { status: "revoked", reason: "Forced-labour finding at the main supplier" } });
    expect((await db().select({ gate: clients.gate, reason: clients.gateReason }).from(clients).where(eq(clients.id, decision.clientId)).limit(1))[0]).toEqual({ gate: "closed", reason: "revoked" });
    const event = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, "attestation.revoked"))).limit(1))[0]!;
    expect(event).toMatchObject({ subjectId: out.attestationId, actorId: bank.approver.id, reason: "Forced-labour finding at the main supplier" });
    await expect(revokeAttestation({ institutionId: bank.institutionId, userId: bank.approver.id }, out.attestationId, "Again, twice", revokedAt)).rejects.toThrow(/already revoked/);
  });

  it("the CLI with --online reports a revoked attestation with its date and reason (exit 1)", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    await revokeAttestation({ institutionId: bank.institutionId, userId: bank.admin.id }, out.attestationId, "Supplier audit failed", new Date("2026-12-02T08:00:00.000Z"));
    const result = await verifyWithCliOnline(out.pdf, "cli-revoked.pdf");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/status:\s+revoked/);
    expect(result.stdout).toMatch(/revoked at:\s+2026-12-02T08:00:00.000Z/);
    expect(result.stdout).toMatch(/reason:\s+Supplier audit failed/);
  });

  it("revocation queues the attestation.revoked webhook for subscribed endpoints", async () => {
    const webhookId = `wh-${issued.attestationId}`;
    await write({ institutionId: null }, async (tx) =>
      await tx.insert(webhooks).values({ id: webhookId, institutionId: bank.institutionId, url: "https://bank.example/hooks", events: ["attestation.revoked"], encryptedSecret: "sealed", isActive: true, createdBy: bank.admin.id, createdAt: NOW.toISOString() }),
    );
    const decision = await createApprovedDecision(bank, { now: NOW });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    await revokeAttestation({ institutionId: bank.institutionId, userId: bank.admin.id }, out.attestationId, "Sanctions screening hit", NOW);
    const deliveries = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.payload)).toMatchObject({ type: "attestation.revoked", data: { attestationId: out.attestationId, clientId: decision.clientId, reason: "Sanctions screening hit" } });
  });

  it("revoking another institution's attestation is not found", async () => {
    const other = await createBank("Banco Tercero");
    await expect(revokeAttestation({ institutionId: other.institutionId, userId: other.admin.id }, issued.attestationId, "Not mine to revoke", NOW)).rejects.toThrow(/not found/);
  });

  it("after a rotation new attestations use the new key and old ones still verify", async () => {
    const before = await reads().select().from(signingKeys).where(eq(signingKeys.institutionId, bank.institutionId));
    const fresh = await rotateSigningKey({ institutionId: bank.institutionId, userId: bank.admin.id }, new Date("2026-11-27T00:00:00Z"));
    const keys = await reads().select().from(signingKeys).where(eq(signingKeys.institutionId, bank.institutionId));
    expect(keys).toHaveLength(before.length + 1);
    expect(keys.filter((k) => k.retiredAt === null).map((k) => k.id)).toEqual([fresh.id]);
    expect(await core(issued.pdf)).toMatchObject({ status: "valid", keyId: before[0]!.id });
    const decision = await createApprovedDecision(bank, { now: NOW });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: new Date("2026-11-28T00:00:00Z") });
    expect(await core(out.pdf)).toMatchObject({ status: "valid", keyId: fresh.id });
    const rotated = (await db().select().from(auditEvents).where(and(eq(auditEvents.chain, bank.institutionId), eq(auditEvents.action, "signing-key.rotated"))).limit(1))[0]!;
    expect(rotated.after).toEqual({ keyId: fresh.id, fingerprint: fresh.fingerprint });
    expect(JSON.stringify(rotated)).not.toMatch(/PRIVATE KEY/);
  });
});

describe("verification says what was decided (issue 14, F03)", () => {
  it("an attestation of a decline or of enhanced due diligence is authentic but never in force, on the PDF check, the id check and the API", async () => {
    for (const outcome of ["decline", "enhanced-due-diligence"] as const) {
      const decision = await createApprovedDecision(bank, { now: NOW, outcome, clientName: `Cliente ${outcome} S.A.` });
      const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "es", now: NOW });
      const expected = { valid: false, authentic: true, status: "not-approved", decision: { outcome, decidedAt: NOW.toISOString(), gate: "closed" } };
      expect(await verifyAttestationPdf(out.pdf, NOW)).toMatchObject(expected);
      const byId = await settle(() => verifyIdLoader({ request: new Request(`http://localhost/verify/${out.attestationId}`), params: { attestationId: out.attestationId }, context: {} }));
      expect(JSON.stringify(byId.response)).toContain('"status":"not-approved"');
      const api = VerifyResponseSchema.parse(await (await verifyApi({ request: new Request("http://localhost/api/v1/attestations/verify", { method: "POST", headers: { "Content-Type": "application/pdf" }, body: new Uint8Array(out.pdf) }), params: {}, context: {} })).json());
      expect(api).toMatchObject(expected);
      // …and the PDF itself says so first, not in a table further down.
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", writeTmp(`${outcome}.pdf`, out.pdf), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(text).toContain(outcome === "decline" ? "Rechazado: la compuerta de crédito sigue cerrada" : "Se requiere debida diligencia reforzada: la compuerta de crédito sigue cerrada");
    }
  });

  it("the CLI with --online says a declined client's attestation is not in force (exit 1)", async () => {
    const decision = await createApprovedDecision(bank, { now: NOW, outcome: "decline", clientName: "Cliente rechazado CLI S.A." });
    const out = await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "en", now: NOW });
    const result = await verifyWithCliOnline(out.pdf, "cli-declined.pdf");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/status:\s+not-approved/);
    expect(result.stdout).toMatch(/decision:\s+decline on 2026-11-26; gate closed/);
  });

  it("an approval is in force and names its outcome and the gate it opened", async () => {
    expect(await verifyAttestationPdf(issued.pdf, NOW)).toMatchObject({ valid: true, status: "valid", decision: { outcome: "approve-with-conditions", gate: "conditional" } });
  });
});
