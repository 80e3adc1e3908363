// Real ids of one institution, read from the server's database, and random ids of the same shape.
import crypto from "node:crypto";
import type Database from "better-sqlite3";

export type InstitutionIds = {
  clients: string[];
  assessments: string[];
  documents: Array<{ id: string; assessmentId: string }>;
  decisions: string[];
  proposedDecisions: string[];
  conditions: string[];
  attestations: string[];
  observations: string[];
  webhooks: string[];
  apiKeys: string[];
  users: string[];
  clientNames: string[];
};

export function idsOf(db: Database.Database, institutionId: string): InstitutionIds {
  const col = (sql: string) => (db.prepare(sql).all(institutionId) as Array<{ v: string }>).map((r) => r.v);
  return {
    clients: col("SELECT id AS v FROM clients WHERE institution_id = ? ORDER BY created_at"),
    assessments: col("SELECT id AS v FROM assessments WHERE institution_id = ? ORDER BY sent_at"),
    documents: db.prepare("SELECT id, assessment_id AS assessmentId FROM documents WHERE institution_id = ? ORDER BY rowid").all(institutionId) as Array<{ id: string; assessmentId: string }>,
    decisions: col("SELECT id AS v FROM decisions WHERE institution_id = ? ORDER BY proposed_at"),
    proposedDecisions: col("SELECT id AS v FROM decisions WHERE institution_id = ? AND status = 'proposed'"),
    conditions: col("SELECT id AS v FROM conditions WHERE institution_id = ?"),
    attestations: col("SELECT id AS v FROM attestations WHERE institution_id = ?"),
    observations: col("SELECT id AS v FROM financial_observations WHERE institution_id = ?"),
    webhooks: col("SELECT id AS v FROM webhooks WHERE institution_id = ?"),
    apiKeys: col("SELECT id AS v FROM api_keys WHERE institution_id = ?"),
    users: col("SELECT DISTINCT user_id AS v FROM memberships WHERE institution_id = ?"),
    clientNames: col("SELECT name AS v FROM clients WHERE institution_id = ?"),
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/** A random id of the same length and alphabet (letters stay letters, digits digits). */
export function sameShape(id: string): string {
  const bytes = crypto.randomBytes(id.length);
  return [...id]
    .map((ch, i) => {
      const b = bytes[i]!;
      if (/[a-z]/.test(ch)) return "abcdefghijklmnopqrstuvwxyz"[b % 26];
      if (/[A-Z]/.test(ch)) return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[b % 26];
      if (/[0-9]/.test(ch)) return "0123456789"[b % 10];
      return ALPHABET[b % ALPHABET.length];
    })
    .join("");
}

/** Masks what legitimately differs between two responses: the ids, nonces, timestamps, hashes. */
export function mask(text: string, ids: string[]): string {
  let out = text;
  for (const id of ids) {
    if (!id) continue;
    out = out.split(id).join("<ID>");
    out = out.split(encodeURIComponent(id)).join("<ID>");
  }
  return out
    .replace(/nonce="[^"]*"/g, 'nonce="<N>"')
    .replace(/nonce-[A-Za-z0-9+/=]+/g, "nonce-<N>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, "<T>")
    .replace(/\b[0-9a-f]{12}\b/g, "<H>");
}
