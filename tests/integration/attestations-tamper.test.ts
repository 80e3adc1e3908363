// Attestation tampering over every byte region (issue 13, L2): one real attestation issued
// through the service, then altered copies: single-byte flips spread evenly over the whole file,
// flips inside /Contents (in the CMS DER, where structure bytes sit, and in the unsigned zero
// padding after it), a hex digit's case changed, appends (junk and a real-looking incremental
// update), truncations, ByteRange edits and prefixes. The offline core of `npm run verify` (with
// the keys document the server publishes, exactly as the CLI reads it) and the server's verifier
// (what POST /api/v1/attestations/verify and the /verify page call) must both call every altered
// copy not valid, the original valid, and give the same status for every file. The real CLI runs
// once on a padding flip, the case it used to accept.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { KeysDocumentSchema, knownKeysFromDocument, verifySignedPdf, type KnownKey } from "~/domain/pdf-signature";
import { issueAttestation, verifyAttestationPdf } from "~/services/attestations.server";
import { publicKeysDocument } from "~/services/signing-keys.server";
import { createApprovedDecision, createBank } from "../helpers/attestation-factories";
import { db } from "../helpers/factories";

const NOW = new Date("2026-11-26T10:00:00.000Z");
const TMP = path.resolve(process.cwd(), `.tmp/attestations-tamper-${process.pid}`);
fs.mkdirSync(TMP, { recursive: true });

type Variant = { name: string; pdf: Buffer };

let original: Buffer;
let offlineKeys: KnownKey[];
let keysJson: string;
let range: { a: number; b: number; c: number; d: number; derHexEnd: number };
let variants: Variant[];

function flip(pdf: Buffer, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(pdf);
  copy[index] = copy[index]! ^ mask;
  return copy;
}

/** n indexes spread evenly over [from, to). */
function spread(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + Math.floor(((to - from) * i) / n));
}

/** The same ByteRange array with one number replaced, padded so the file keeps its length. */
function editByteRange(pdf: Buffer, edit: (r: number[]) => number[]): Buffer {
  const text = pdf.toString("latin1");
  const m = /\/ByteRange \[[^\]]*\]/.exec(text)!;
  const numbers = /\[(\d+) +(\d+) +(\d+) +(\d+) *\]/.exec(m[0])!.slice(1).map(Number);
  const replaced = `/ByteRange [${edit(numbers).join(" ")}`;
  const padded = `${replaced.padEnd(m[0].length - 1, " ")}]`;
  expect(padded.length).toBe(m[0].length);
  return Buffer.concat([pdf.subarray(0, m.index), Buffer.from(padded, "latin1"), pdf.subarray(m.index + m[0].length)]);
}

beforeAll(async () => {
  const bank = await createBank("Banco Íntegro");
  const decision = await createApprovedDecision(bank, { now: NOW });
  original = (await issueAttestation({ institutionId: bank.institutionId, decisionId: decision.decisionId, language: "es", now: NOW })).pdf;
  keysJson = JSON.stringify(await publicKeysDocument(db()));
  offlineKeys = knownKeysFromDocument(KeysDocumentSchema.parse(JSON.parse(keysJson)));

  const text = original.toString("latin1");
  const [a, b, c, d] = /\/ByteRange \[(\d+) +(\d+) +(\d+) +(\d+) *\]/.exec(text)!.slice(1).map(Number) as [number, number, number, number];
  // The CMS is what comes before the zero padding (its last bytes are RSA signature, never all
  // zero at the end in practice; the check below keeps the split honest).
  const hex = text.slice(b + 1, c - 1);
  const derHexEnd = hex.replace(/(00)+$/, "").length;
  expect(derHexEnd).toBeGreaterThan(2000);
  expect(hex.length - derHexEnd).toBeGreaterThan(2000);
  range = { a, b, c, d, derHexEnd };

  const out: Variant[] = [];
  // ≥ 200 single-byte flips spread evenly over the whole file, with masks that also turn a hex
  // digit into another hex digit and a letter into its other case.
  const masks = [0x01, 0x02, 0x20, 0x80];
  spread(0, original.length, 240).forEach((index, i) => out.push({ name: `flip byte ${index} ^${masks[i % masks.length]}`, pdf: flip(original, index, masks[i % masks.length]) }));
  // Inside /Contents: the CMS DER's hex digits (structure bytes at the start, then everything up
  // to the signature value) and the padding's zeros, which nobody signed.
  const derStart = b + 1;
  const padStart = b + 1 + derHexEnd;
  for (const index of [...spread(derStart, derStart + 64, 32), ...spread(derStart, padStart, 48)]) out.push({ name: `flip CMS hex digit ${index - derStart}`, pdf: flip(original, index) });
  for (const index of spread(padStart, c - 1, 64)) out.push({ name: `flip padding digit ${index - derStart}`, pdf: flip(original, index) });
  // A lowercase hex letter in the DER turned uppercase decodes to the same bytes.
  const letter = text.slice(derStart, padStart).search(/[a-f]/);
  out.push({ name: "uppercase one CMS hex letter", pdf: flip(original, derStart + letter, 0x20) });
  // The padding's '0' digits replaced, keeping hex: '0' → '1', and a full byte "00" → "01" at its end.
  out.push({ name: "padding last digit 0→1", pdf: flip(original, c - 2) });
  // Appends: junk, a newline, a NUL, and an incremental update as a PDF editor would write it.
  out.push({ name: "append newline", pdf: Buffer.concat([original, Buffer.from("\n")]) });
  out.push({ name: "append NUL", pdf: Buffer.concat([original, Buffer.from([0])]) });
  out.push({ name: "append %%EOF", pdf: Buffer.concat([original, Buffer.from("%%EOF\n")]) });
  const update = `\n99 0 obj\n<< /Type /Annot /Subtype /FreeText /Contents (approved) >>\nendobj\nxref\n99 1\n${String(original.length + 1).padStart(10, "0")} 00000 n \ntrailer\n<< /Size 100 /Prev 0 >>\nstartxref\n${original.length + 60}\n%%EOF\n`;
  out.push({ name: "append incremental update", pdf: Buffer.concat([original, Buffer.from(update, "latin1")]) });
  // Truncations: the last byte, the %%EOF line, into the signed tail, at the end of /Contents, inside it.
  for (const cut of [1, 6, 100, d, d + 1, d + 2000]) out.push({ name: `truncate ${cut} bytes`, pdf: original.subarray(0, original.length - cut) });
  // ByteRange edits, the file's length unchanged.
  out.push({ name: "ByteRange: shorter tail", pdf: editByteRange(original, ([ra, rb, rc, rd]) => [ra!, rb!, rc!, rd! - 1]) });
  out.push({ name: "ByteRange: gap starts earlier", pdf: editByteRange(original, ([ra, rb, rc, rd]) => [ra!, rb! - 1, rc!, rd!]) });
  out.push({ name: "ByteRange: gap ends later", pdf: editByteRange(original, ([ra, rb, rc, rd]) => [ra!, rb!, rc! + 2, rd! - 2]) });
  out.push({ name: "ByteRange: starts at 1", pdf: editByteRange(original, ([, rb, rc, rd]) => [1, rb! - 1, rc!, rd!]) });
  // Prefixes: a byte before %PDF-, and a whole header line.
  out.push({ name: "prefix space", pdf: Buffer.concat([Buffer.from(" "), original]) });
  out.push({ name: "prefix header line", pdf: Buffer.concat([Buffer.from("%PDF-1.7\n"), original]) });
  variants = out;
});

describe("tampered attestations (every byte region)", () => {
  it("the original is valid to the offline core and to the server", async () => {
    expect(verifySignedPdf(original, offlineKeys).status).toBe("valid");
    expect(await verifyAttestationPdf(original, NOW)).toMatchObject({ status: "valid", valid: true });
  });

  it("covers every region with enough variants", () => {
    const inContents = (v: Variant) => v.name.startsWith("flip CMS") || v.name.startsWith("flip padding");
    expect(variants.filter((v) => v.name.startsWith("flip byte")).length).toBeGreaterThanOrEqual(200);
    expect(variants.filter(inContents).length).toBeGreaterThanOrEqual(64);
    expect(variants.filter((v) => v.name.startsWith("flip CMS")).length).toBeGreaterThanOrEqual(32);
    expect(variants.filter((v) => v.name.startsWith("flip padding")).length).toBeGreaterThanOrEqual(32);
    // The evenly spread flips land in both signed ranges and in /Contents.
    const evenly = variants.filter((v) => v.name.startsWith("flip byte")).map((v) => Number(/flip byte (\d+)/.exec(v.name)![1]));
    expect(evenly.some((i) => i < range.b)).toBe(true);
    expect(evenly.some((i) => i > range.b && i < range.c)).toBe(true);
    expect(evenly.some((i) => i >= range.c)).toBe(true);
    for (const v of variants) expect(v.pdf.equals(original), v.name).toBe(false);
  });

  it("no altered copy is valid to either verifier, and both give the same status for each", async () => {
    const accepted: string[] = [];
    const disagreements: string[] = [];
    for (const v of variants) {
      const offline = verifySignedPdf(v.pdf, offlineKeys).status;
      const server = await verifyAttestationPdf(v.pdf, NOW);
      if (offline === "valid" || server.valid || server.authentic) accepted.push(`${v.name}: offline ${offline}, server ${server.status}`);
      if (offline !== server.status) disagreements.push(`${v.name}: offline ${offline}, server ${server.status}`);
    }
    expect(accepted).toEqual([]);
    expect(disagreements).toEqual([]);
  });

  it("says why for the cases the old reader let through: the padding and CMS structure bytes", () => {
    const padding = verifySignedPdf(flip(original, range.b + 1 + range.derHexEnd + 10), offlineKeys);
    expect(padding.status).toBe("altered");
    expect(padding.details.join(" ")).toMatch(/padding after the CMS is not all zero/);
    // The first bytes of the DER: the ContentInfo's SEQUENCE tag and length.
    const tag = verifySignedPdf(flip(original, range.b + 2), offlineKeys);
    expect(tag.status).toBe("altered");
    expect(tag.details.join(" ")).toMatch(/signature cannot be read/);
  });

  it("the real CLI refuses a padding flip (exit 1, altered)", () => {
    const keysFile = path.join(TMP, "keys.json");
    fs.writeFileSync(keysFile, keysJson);
    const file = path.join(TMP, "padding-flip.pdf");
    fs.writeFileSync(file, flip(original, range.b + 1 + range.derHexEnd + 200));
    const run = spawnSync("npx", ["tsx", "scripts/verify.ts", file, "--keys", keysFile], { encoding: "utf8", env: { ...process.env } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/status:\s+altered/);
  });
});
