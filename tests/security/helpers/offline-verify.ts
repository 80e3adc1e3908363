// The offline verifier's core (the one `npm run verify` uses) over a directory of PDFs, run by
// the attestation test with tsx: prints one JSON object { fileName: status }.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { KeysDocumentSchema, knownKeysFromDocument, verifySignedPdf } from "../../../app/domain/pdf-signature";

const [dir, keysFile] = process.argv.slice(2);
const keys = knownKeysFromDocument(KeysDocumentSchema.parse(JSON.parse(readFileSync(keysFile!, "utf8"))));
const out: Record<string, string> = {};
for (const name of readdirSync(dir!).filter((n) => n.endsWith(".pdf"))) {
  try {
    out[name] = verifySignedPdf(readFileSync(path.join(dir!, name)), keys).status;
  } catch (error) {
    out[name] = `threw: ${(error as Error).message}`;
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
