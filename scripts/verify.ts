// Verify an attestation PDF offline (issue 8), with no database and no network:
//
//   npm run verify -- attestation.pdf [--keys keys.json] [--online https://provenant.example.com] [--json]
//
// keys.json is the document the server publishes at /.well-known/provenant-keys.json. The same
// core as the /verify page and the verify API checks the byte range, the digest and the signature
// and matches the certificate to a published key. Revocation and expiry live on the server:
// --online also asks <url>/api/v1/attestations/verify (the PDF is sent, nothing else) and reports
// "revoked", "expired" or "not-approved" (an attestation of a decline or of enhanced due
// diligence: authentic, never in force) when the signature is intact. Prints status, institution, key and
// attestation id; exit 0 when valid, 1 otherwise, 2 on a usage error or an unreachable server.
import { readFileSync } from "node:fs";
import { KeysDocumentSchema, knownKeysFromDocument, verifySignedPdf, type KnownKey } from "~/domain/pdf-signature";

const USAGE = "usage: npm run verify -- <file.pdf> [--keys keys.json] [--online <server url>] [--json]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let keysFile: string | undefined;
let online: string | undefined;
let json = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--keys") keysFile = args[++i] ?? fail("--keys needs a file");
  else if (arg === "--online") online = args[++i] ?? fail("--online needs the server's address");
  else if (arg === "--json") json = true;
  else if (arg.startsWith("--")) fail(`unknown option ${arg}`);
  else if (file === undefined) file = arg;
  else fail(`unexpected argument ${arg}`);
}
if (file === undefined) fail("give the PDF to verify");

let pdf: Buffer;
try {
  pdf = readFileSync(file);
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

let keys: KnownKey[] = [];
if (keysFile !== undefined) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(keysFile, "utf8"));
  } catch (error) {
    fail(`cannot read ${keysFile}: ${(error as Error).message}`);
  }
  const parsed = KeysDocumentSchema.safeParse(raw);
  if (!parsed.success) fail(`${keysFile} is not a provenant-keys.json document: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  keys = knownKeysFromDocument(parsed.data);
}

const verdict = verifySignedPdf(pdf, keys);
const details = [...verdict.details];
let status: string = verdict.status;
let revocation: { revokedAt: string | null; reason: string | null; validUntil: string | null } | undefined;
type Decision = { outcome: string; decidedAt: string | null; gate: string };
let decision: Decision | null = null;
if (keysFile === undefined && verdict.status === "unknown-key") details.push("no --keys given: pass the institution's /.well-known/provenant-keys.json to check who signed it");
if (online !== undefined && (verdict.status === "valid" || verdict.status === "unknown-key")) {
  let answer: { status?: string; revokedAt?: string | null; reason?: string | null; validUntil?: string | null; decision?: Decision | null; details?: string[] };
  try {
    const response = await fetch(new URL("/api/v1/attestations/verify", online), { method: "POST", body: new Uint8Array(pdf), headers: { "Content-Type": "application/pdf" } });
    answer = (await response.json()) as typeof answer;
    if (!response.ok || typeof answer.status !== "string") throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    fail(`cannot ask ${online}: ${(error as Error).message}`);
  }
  // The offline verdict stands for integrity; the server adds what only it knows.
  if (verdict.status === "valid" || answer.status === "valid" || answer.status === "revoked" || answer.status === "expired" || answer.status === "not-approved") status = answer.status!;
  decision = answer.decision ?? null;
  revocation = { revokedAt: answer.revokedAt ?? null, reason: answer.reason ?? null, validUntil: answer.validUntil ?? null };
  details.push(...(answer.details ?? []).map((d) => `server: ${d}`));
} else if (verdict.status === "valid") {
  details.push("what was decided (an attestation of a decline is authentic but not in force), revocation and expiry are checked online: add --online <server url>, or open /verify/<attestation id>");
}

if (json) {
  process.stdout.write(`${JSON.stringify({ ...verdict, status, ...(revocation ?? {}), ...(decision ? { decision } : {}), details }, null, 2)}\n`);
} else {
  const lines = [
    `status:         ${status}`,
    `institution:    ${verdict.institution ? `${verdict.institution.name} (${verdict.institution.id})` : "-"}`,
    `key:            ${verdict.keyId ?? "-"}${verdict.fingerprint ? ` (SHA-256 ${verdict.fingerprint})` : ""}`,
    `attestation id: ${verdict.attestationId ?? "-"}`,
    `signed at:      ${verdict.signingTime ?? "-"}`,
    ...(decision ? [`decision:       ${decision.outcome} on ${decision.decidedAt?.slice(0, 10) ?? "-"}; gate ${decision.gate}`] : []),
    ...(revocation ? [`valid until:    ${revocation.validUntil ?? "-"}`] : []),
    ...(revocation?.revokedAt ? [`revoked at:     ${revocation.revokedAt}`, `reason:         ${revocation.reason ?? "-"}`] : []),
    ...details.map((d) => `note:           ${d}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
process.exit(status === "valid" ? 0 : 1);
