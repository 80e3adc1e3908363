// GET /.well-known/provenant-keys.json: every institution's signing certificates, current and
// retired, so anyone can verify an attestation offline (`npm run verify -- file.pdf --keys …`).
import { reads } from "~/db.server";
import { publicKeysDocument } from "~/services/signing-keys.server";

export async function loader() {
  return Response.json(await publicKeysDocument(reads()), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
