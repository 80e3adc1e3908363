// Verify an attestation PDF offline (issue 8), with no database and no network:
//
//   npm run verify -- attestation.pdf [--keys keys.json] [--json]
//
// keys.json is the document the server publishes at /.well-known/provenant-keys.json. The same
// core as the /verify page and the verify API checks the byte range, the digest and the signature
// and matches the certificate to a published key. Revocation is online only: the output says so.
// Prints status, institution, key and attestation id; exit 0 when valid, 1 otherwise, 2 on a
// usage error.
import { readFileSync } from "node:fs";
import { KeysDocumentSchema, knownKeysFromDocument, verifySignedPdf, type KnownKey } from "~/domain/pdf-signature";

const USAGE = "usage: npm run verify -- <file.pdf> [--keys keys.json] [--json]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let keysFile: string | undefined;
let json = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--keys") keysFile = args[++i] ?? fail("--keys needs a file");
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
if (keysFile === undefined && verdict.status === "unknown-key") details.push("no --keys given: pass the institution's /.well-known/provenant-keys.json to check who signed it");
if (verdict.status === "valid") details.push("revocation and expiry are checked online, at /verify/<attestation id>");

if (json) {
  process.stdout.write(`${JSON.stringify({ ...verdict, details }, null, 2)}\n`);
} else {
  const lines = [
    `status:         ${verdict.status}`,
    `institution:    ${verdict.institution ? `${verdict.institution.name} (${verdict.institution.id})` : "-"}`,
    `key:            ${verdict.keyId ?? "-"}${verdict.fingerprint ? ` (SHA-256 ${verdict.fingerprint})` : ""}`,
    `attestation id: ${verdict.attestationId ?? "-"}`,
    `signed at:      ${verdict.signingTime ?? "-"}`,
    ...details.map((d) => `note:           ${d}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
process.exit(verdict.status === "valid" ? 0 : 1);
