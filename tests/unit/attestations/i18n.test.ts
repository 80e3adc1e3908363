// The attestation catalogue: both languages carry the same keys and the same placeholders, so a
// Spanish PDF or page never shows a raw key or an unfilled {name}.
import { at, attestationUi } from "~/i18n/attestations";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("attestation strings", () => {
  it("have the same keys in English and Spanish", () => {
    expect(Object.keys(attestationUi.es).sort()).toEqual(Object.keys(attestationUi.en).sort());
  });

  it("have the same placeholders in both languages, and no empty string", () => {
    for (const [key, en] of Object.entries(attestationUi.en)) {
      const es = attestationUi.es[key as keyof typeof attestationUi.es];
      expect(placeholders(es), key).toEqual(placeholders(en));
      expect(en.trim().length, key).toBeGreaterThan(0);
      expect(es.trim().length, key).toBeGreaterThan(0);
    }
  });

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(at("es", "pdf.issuedBy", { institution: "Banco Ñ" })).toBe("Emitida por Banco Ñ");
    expect(at("en", "pdf.due")).toBe("due {date}");
  });
});
