// Canonical JSON and the questionnaire hash: every assessment stores the SHA-256 of its
// questionnaire file's canonical JSON so a score can be reproduced years later
// (shared/docs/QUESTIONNAIRES.md, "File"; issue 4, "Canonical hash").
// Canonical form: object keys sorted by UTF-16 code units at every depth, arrays in order, no
// insignificant whitespace, strings and numbers as JSON.stringify writes them. For JSON read with
// JSON.parse this coincides with RFC 8785 (JCS), so reformatting or reordering keys in a file
// never changes its hash, while any change of content does.
import { createHash } from "node:crypto";

export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        // As JSON.stringify does: an array hole or undefined is written as null.
        return `[${value.map((item, i) => (item === undefined ? "null" : write(item, `${path}[${i}]`))).join(",")}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot represent`);
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** SHA-256 (hex) of the canonical JSON of the raw file, as parsed from disk (not the loaded form). */
export function questionnaireHash(rawFileJson: unknown): string {
  return sha256Hex(canonicalJson(rawFileJson));
}
