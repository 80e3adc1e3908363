import fc from "fast-check";

import { canonicalJson, questionnaireHash, sha256Hex } from "~/domain/questionnaire/canonical";

import { readDemoRaw } from "../../fixtures/questionnaires/demo-fixture";

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("escapes strings as JSON does and keeps non-ASCII text as is", () => {
    expect(canonicalJson({ "é": "trabajo forzoso, tarifas, niño", q: 'a "b"\n' })).toBe('{"q":"a \\"b\\"\\n","é":"trabajo forzoso, tarifas, niño"}');
  });

  it("keeps a __proto__ key read from JSON as an ordinary key", () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it("drops undefined members and refuses values JSON cannot hold", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a is NaN/);
    expect(() => canonicalJson({ a: [1, Infinity] })).toThrow(/\$\.a\[1\]/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });

  it("gives the same text for any key order and formatting of the same JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const pretty = JSON.parse(JSON.stringify(reverseKeys(value), null, 3)) as unknown;
        expect(canonicalJson(pretty)).toBe(canonicalJson(value));
        // Canonical text is itself JSON for the same value.
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe("questionnaireHash", () => {
  it("is the SHA-256 hex of the canonical JSON", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(questionnaireHash({ b: 1, a: 2 })).toBe(sha256Hex('{"a":2,"b":1}'));
  });

  it("is stable under key reordering and whitespace, and changes with any content", () => {
    const raw = readDemoRaw(1);
    const hash = questionnaireHash(raw);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(questionnaireHash(JSON.parse(JSON.stringify(reverseKeys(raw), null, 8)))).toBe(hash);
    expect(questionnaireHash(JSON.parse(JSON.stringify(raw)))).toBe(hash);
    const edited = readDemoRaw(1);
    edited.status = "retired";
    expect(questionnaireHash(edited)).not.toBe(hash);
  });
});
