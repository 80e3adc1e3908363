// Attestation tampering (issue 13, area 7; contract L2): a real attestation PDF from the API, then
// more than 270 altered copies (flips spread over every byte region, flips inside the signature's
// /Contents, its zero padding included, appends, truncations, a ByteRange edit). Each goes to
// POST /api/v1/attestations/verify and through the offline verifier of `npm run verify` (its core
// over all files, and the real CLI on a sample). Neither may accept a single altered file.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, pool, send, Tally } from "./helpers/http";
import { startApp, type App } from "./helpers/server";

const run = promisify(execFile);
let app: App;
const tally = new Tally("attestations");
beforeAll(async () => {
  app = await startApp("attestations");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

function variants(pdf: Buffer): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  const flip = (at: number, to?: number) => {
    const b = Buffer.from(pdf);
    b[at] = to ?? b[at]! ^ 0x01;
    return b;
  };
  for (let i = 0; i < 200; i++) {
    const at = Math.min(pdf.length - 1, Math.floor((i * pdf.length) / 200) + 7);
    out.push({ name: `flip-${String(i).padStart(3, "0")}-at-${at}.pdf`, bytes: flip(at) });
  }
  const text = pdf.toString("latin1");
  const contents = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(text);
  if (!contents) throw new Error("no /Contents in the attestation");
  const start = contents.index + contents[0].indexOf("<") + 1;
  const len = contents[1]!.length;
  const hex = "0123456789abcdef";
  for (let i = 0; i < 64; i++) {
    const at = start + Math.floor((i * len) / 64) + (i % 3);
    const d = hex.indexOf(text[at]!.toLowerCase());
    out.push({ name: `contents-${String(i).padStart(2, "0")}-at-${at}.pdf`, bytes: flip(at, hex.charCodeAt((d + 1) % 16)) });
  }
  // The zero padding after the DER: its last digits, which no DER reader needs.
  const lastNonZero = contents[1]!.search(/0+$/);
  for (const off of [1, 2, 10]) {
    const at = start + (lastNonZero > 0 ? Math.min(len - 1, lastNonZero + off) : len - off);
    out.push({ name: `padding-${off}.pdf`, bytes: flip(at, "1".charCodeAt(0)) });
  }
  out.push({ name: "append-newline.pdf", bytes: Buffer.concat([pdf, Buffer.from("\n")]) });
  out.push({ name: "append-eof.pdf", bytes: Buffer.concat([pdf, Buffer.from("%%EOF\n")]) });
  out.push({ name: "append-object.pdf", bytes: Buffer.concat([pdf, Buffer.from("1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")]) });
  for (const cut of [1, 10, 100, 1000, Math.floor(pdf.length / 2), pdf.length - 1]) out.push({ name: `truncate-${cut}.pdf`, bytes: pdf.subarray(0, pdf.length - cut) });
  const br = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (br) {
    const edited = text.replace(br[0], br[0].replace(new RegExp(`\\b${br[4]}\\b`), String(Number(br[4]) - 1).padStart(br[4]!.length, "0")));
    out.push({ name: "byterange-edit.pdf", bytes: Buffer.from(edited, "latin1") });
  }
  out.push({ name: "prefix.pdf", bytes: Buffer.concat([Buffer.from("%PDF-1.7\n"), pdf]) });
  return out;
}

// Accepted = taken as the authentic issued copy (a declined client's attestation is authentic but
// not in force, status "not-approved": the tampering question is authenticity).
const accepted = (r: { status?: string; valid?: boolean; authentic?: boolean }) => r.status === "valid" || r.valid === true || r.authentic === true;

test("no altered attestation is accepted by the server's verify API or by the offline verifier", async () => {
  const key = app.seed.keys.bRw;
  const list = JSON.parse((await send(app, "/api/v1/attestations?limit=50", { headers: bearer(key) }, tally)).text) as { data: Array<{ id: string; revoked: boolean }> };
  const live = list.data.find((a) => !a.revoked);
  expect(live, "a live attestation in the seed").toBeDefined();
  const pdfRes = await send(app, `/api/v1/attestations/${live!.id}/pdf`, { headers: bearer(key) }, tally);
  expect(pdfRes.status).toBe(200);
  const pdf = pdfRes.body;
  const keysDoc = (await send(app, "/.well-known/provenant-keys.json", {}, tally)).text;
  const dir = path.join(app.dir, "tampered");
  fs.mkdirSync(dir, { recursive: true });
  const keysFile = path.join(app.dir, "keys.json");
  fs.writeFileSync(keysFile, keysDoc);
  const all = variants(pdf);
  fs.writeFileSync(path.join(dir, "original.pdf"), pdf);
  for (const v of all) fs.writeFileSync(path.join(dir, v.name), v.bytes);

  const verifyApi = async (bytes: Buffer) => {
    const r = await send(app, "/api/v1/attestations/verify", { method: "POST", headers: { "Content-Type": "application/pdf" }, body: bytes }, tally);
    return { status: r.status, body: JSON.parse(r.text) as { status?: string; valid?: boolean; authentic?: boolean } };
  };
  const original = await verifyApi(pdf);
  expect(original.status).toBe(200);
  expect(accepted(original.body), "the untouched attestation verifies on the server").toBe(true);
  const serverAccepted: string[] = [];
  await pool(all, 4, async (v) => {
    const r = await verifyApi(v.bytes);
    if (r.status === 429) tally.fail(`verify API rate-limited ${v.name}`);
    if (accepted(r.body)) serverAccepted.push(v.name);
  });

  const core = await run(path.resolve("node_modules/.bin/tsx"), ["tests/security/helpers/offline-verify.ts", dir, keysFile], { env: { ...process.env, ...app.env }, timeout: 60_000, maxBuffer: 10_000_000 });
  const offline = JSON.parse(core.stdout.trim()) as Record<string, string>;
  expect(offline["original.pdf"], "the untouched attestation verifies offline").toBe("valid");
  const offlineAccepted = all.filter((v) => offline[v.name] === "valid").map((v) => v.name);
  for (const v of all) if (offline[v.name]?.startsWith("threw")) tally.fail(`offline verifier threw on ${v.name}: ${offline[v.name]}`);

  // The real CLI, on the original and a sample across regions.
  const sample = ["original.pdf", all[0]!.name, all[137]!.name, all.find((v) => v.name.startsWith("contents-40"))!.name, "padding-10.pdf", "append-object.pdf"];
  const cliAccepted: string[] = [];
  for (const name of sample) {
    const res = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/verify.ts", path.join(dir, name), "--keys", keysFile], { timeout: 30_000 }).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
    if (name === "original.pdf") expect(res, "the CLI accepts the untouched file").toBe(0);
    else if (res === 0) cliAccepted.push(name);
  }
  tally.count("altered files", all.length);
  tally.count("accepted by the server", serverAccepted.length);
  tally.count("accepted offline", offlineAccepted.length);
  tally.count("accepted by the CLI (sample)", cliAccepted.length);
  expect(serverAccepted).toEqual([]);
  expect(offlineAccepted).toEqual([]);
  expect(cliAccepted).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.failures).toEqual([]);
});
