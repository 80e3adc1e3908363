import { prefillDraft } from "~/domain/prefill";
import { goodsList } from "~/domain/risk/inherent-risk";
import { clientsUi, ct, goodName } from "~/i18n/clients";

describe("prefillDraft", () => {
  it("keeps answers and comments to questions that still exist, drops the rest and all evidence", () => {
    const previous = {
      q1: { value: "yes", evidence: ["doc1"], comment: "see policy" },
      q2: { value: ["a", "b"] },
      gone: { value: "no" },
      q3: { value: 4, comment: "" },
    };
    expect(prefillDraft(previous, new Set(["q1", "q2", "q3", "new"]))).toEqual([
      { questionId: "q1", value: "yes", comment: "see policy" },
      { questionId: "q2", value: ["a", "b"], comment: null },
      { questionId: "q3", value: 4, comment: null },
    ]);
  });

  it("ignores malformed entries and accepts a list of ids", () => {
    expect(prefillDraft({ q1: "bare", q2: null, q3: { value: "n/a" } }, ["q1", "q2", "q3"])).toEqual([{ questionId: "q3", value: "n/a", comment: null }]);
  });
});

describe("clients catalogue", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it("has the same keys in English and Spanish", () => {
    expect(Object.keys(clientsUi.es).sort()).toEqual(Object.keys(clientsUi.en).sort());
  });

  it("uses the same placeholders in both languages, and no empty string", () => {
    for (const key of Object.keys(clientsUi.en) as Array<keyof typeof clientsUi.en>) {
      expect({ key, es: placeholders(clientsUi.es[key]) }).toEqual({ key, es: placeholders(clientsUi.en[key]) });
      expect(clientsUi.es[key].trim()).not.toBe("");
    }
  });

  it("fills placeholders and leaves unknown ones", () => {
    expect(ct("es", "clients.sent.flash", { email: "a@b.test" })).toBe("Cuestionario enviado a a@b.test.");
    expect(ct("en", "clients.edit.title")).toBe("Edit {name}");
  });
});

describe("goods names", () => {
  it("has a Spanish name for every good in the risk data, and keeps English as recorded", () => {
    for (const good of goodsList()) {
      expect(goodName("en", good)).toBe(good);
      if (good !== "textiles") expect(goodName("es", good)).not.toBe(good);
    }
    expect(goodName("es", "palm oil")).toBe("aceite de palma");
  });
});
