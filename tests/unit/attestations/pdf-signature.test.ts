// The offline verification core against real signed attestations built in memory (no database):
// valid; any single changed byte in the signed range is never valid (property-based); appended
// bytes, a second signature, an unknown key, a missing signature; a BER re-encoding of the
// same signature, non-zero padding or uppercase hex in /Contents; the keys document's fingerprints
// are recomputed, not trusted; CSV cells can't start a formula; certificate names are ASCII.
import crypto from "node:crypto";
import fc from "fast-check";
import { certificatePemFingerprint, embeddedAttestationId, KeysDocumentSchema, knownKeysFromDocument, verifySignedPdf, type KnownKey } from "~/domain/pdf-signature";
import { buildSignedAttestationPdf, type AttestationContent } from "~/pdf/attestation-pdf.server";
import { parseSigningKey } from "~/pdf/cms-signer.server";
import { asciiDnValue, generateKeyMaterial, openPrivateKey, sealPrivateKey } from "~/pdf/key-material.server";
import { csvCell } from "~/exports/csv";

const NOW = new Date("2026-11-26T10:00:00.000Z");
const material = generateKeyMaterial({ institutionSlug: "banco-ñandú", now: NOW });
const otherMaterial = generateKeyMaterial({ institutionSlug: "otro", now: NOW });
const institution = { id: "inst-1", name: "Banco Ñandú" };
const known: KnownKey[] = [{ keyId: "key-1", fingerprint: material.fingerprint, institution }];

const content: AttestationContent = {
  attestationId: "att-unit-1",
  keyId: "key-1",
  language: "en",
  issuedAt: NOW.toISOString(),
  validUntil: "2027-11-26",
  verifyUrl: "http://localhost:3000/verify/att-unit-1",
  institution,
  client: { name: "Café Ñandú S.A.", country: "PY", countryName: "Paraguay", registrationNumber: null },
  questionnaire: { key: "anti-trafficking", title: "Anti-trafficking", version: 1, sha256: "ab".repeat(32) },
  submission: { submittedAt: NOW.toISOString(), signatory: { name: "José", title: "CEO", email: "j@example.test" } },
  overall: { score: 81.5, band: "strong" },
  sections: [{ key: "governance", title: "Governance", score: 81.5, band: "strong" }],
  redFlags: [],
  inherentRisk: { level: "medium", points: 4, components: [] },
  residualRisk: { level: "low", steps: [] },
  decision: { outcome: "approve", recommendation: "approve", rationale: "Strong controls.", justification: null },
  conditions: [],
  proposerName: "Rosa",
  approverName: "Íñigo",
};

let pdf: Buffer;
let range: { b: number; c: number };
beforeAll(async () => {
  pdf = await buildSignedAttestationPdf(content, parseSigningKey(material.privateKeyPem, material.certificatePem));
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString("latin1"))!;
  range = { b: Number(m[2]), c: Number(m[3]) };
});

describe("verifySignedPdf", () => {
  it("accepts the signed attestation and reads its id, key, institution and signing time", () => {
    expect(verifySignedPdf(pdf, known)).toMatchObject({ status: "valid", keyId: "key-1", institution, attestationId: "att-unit-1", signingTime: NOW.toISOString(), fingerprint: material.fingerprint });
    expect(embeddedAttestationId(pdf)).toBe("att-unit-1");
  });

  it("is reproducible: the same content, time and key give the same bytes, whatever was built in between", async () => {
    const key = parseSigningKey(material.privateKeyPem, material.certificatePem);
    await buildSignedAttestationPdf({ ...content, client: { ...content.client, name: "Ωmega Ünïcode — “quotes”" } }, key);
    expect((await buildSignedAttestationPdf(content, key)).equals(pdf)).toBe(true);
  });

  it("never calls a PDF valid after any single byte of the signed range changes", () => {
    const signedIndex = fc.oneof(fc.integer({ min: 0, max: range.b - 1 }), fc.integer({ min: range.c, max: pdf.length - 1 }));
    fc.assert(
      fc.property(signedIndex, fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const copy = Buffer.from(pdf);
        copy[index] = copy[index]! ^ mask;
        expect(verifySignedPdf(copy, known).status).not.toBe("valid");
      }),
      { numRuns: 150 },
    );
  });

  it("reports appended bytes, a second signature, an unknown key and a missing signature", () => {
    const appended = verifySignedPdf(Buffer.concat([pdf, Buffer.from("%%EOF\n")]), known);
    expect(appended.status).toBe("altered");
    expect(appended.details[0]).toBe("altered: 6 bytes appended after signature");
    expect(verifySignedPdf(Buffer.concat([pdf, Buffer.from("/ByteRange [0 1 2 3]")]), known).status).toBe("altered");
    expect(verifySignedPdf(pdf, [{ keyId: "x", fingerprint: otherMaterial.fingerprint, institution }]).status).toBe("unknown-key");
    expect(verifySignedPdf(Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), known).status).toBe("not-signed");
    expect(verifySignedPdf(Buffer.from("not a pdf"), known).status).toBe("not-signed");
  });

  it("rejects garbage in the signature's /Contents as altered, without throwing", () => {
    const copy = Buffer.from(pdf);
    copy.write("3082ffff", range.b + 1, "latin1");
    expect(verifySignedPdf(copy, known).status).toBe("altered");
  });

  it("refuses the same, still correctly signed CMS re-encoded as BER (a non-minimal length) or followed by non-zero padding", () => {
    const hex = pdf.toString("latin1").slice(range.b + 1, range.c - 1);
    expect(hex.startsWith("3082")).toBe(true);
    // 30 82 LL LL → 30 83 00 LL LL: the same length, one byte longer; the padding absorbs it.
    const ber = `3083 00${hex.slice(4)}`.replace(" ", "").slice(0, hex.length);
    const copy = Buffer.from(pdf);
    copy.write(ber, range.b + 1, "latin1");
    expect(verifySignedPdf(copy, known)).toMatchObject({ status: "altered", details: [expect.stringMatching(/not in canonical DER/)] });
    const padded = Buffer.from(pdf);
    padded.write("1", range.c - 2, "latin1");
    expect(verifySignedPdf(padded, known)).toMatchObject({ status: "altered", details: [expect.stringMatching(/padding after the CMS is not all zero/)] });
    const upper = Buffer.from(pdf);
    upper.write(hex.toUpperCase(), range.b + 1, "latin1");
    expect(verifySignedPdf(upper, known).status).toBe("altered");
  });

  it("recomputes fingerprints from the keys document instead of trusting them", () => {
    const document = KeysDocumentSchema.parse({
      keys: [{ keyId: "key-1", institution, certificatePem: otherMaterial.certificatePem, fingerprint: material.fingerprint, createdAt: NOW.toISOString(), retiredAt: null }],
    });
    expect(verifySignedPdf(pdf, knownKeysFromDocument(document)).status).toBe("unknown-key");
    expect(certificatePemFingerprint(material.certificatePem)).toBe(material.fingerprint);
  });
});

describe("key material", () => {
  it("puts only ASCII in the certificate's subject", () => {
    const subject = new crypto.X509Certificate(material.certificatePem).subject;
    expect(subject).toMatch(/^[\x20-\x7e\n]+$/);
    expect(subject).toContain("CN=Provenant signing key banco-nandu");
    expect(asciiDnValue("Crédit Agricole, S.A. <Ñ>")).toBe("Credit Agricole S.A. N");
  });

  it("seals private keys with AES-256-GCM bound to the key id", () => {
    const sealed = sealPrivateKey(material.privateKeyPem, "s".repeat(40), "key-1");
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(openPrivateKey(sealed, "s".repeat(40), "key-1")).toBe(material.privateKeyPem);
    expect(() => openPrivateKey(sealed, "s".repeat(40), "key-2")).toThrow();
    expect(() => openPrivateKey(sealed, "t".repeat(40), "key-1")).toThrow();
  });
});

describe("csvCell", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
  });
});
