// The audit checkpoints' copy outside the database (issue 13, L4; ADR 003):
// AUDIT_CHECKPOINT_FILE, by default DATA_DIR/audit-checkpoints-<database name>.jsonl, one JSON
// object per line, only ever appended. It is written
// after the transaction that created a checkpoint commits (so it never names an event that was
// rolled back), and caught up from the table by the background work after a crash. Reading is
// tolerant of duplicate lines (two processes may copy the same checkpoint) and reports the line
// numbers it cannot read instead of throwing.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { AuditCheckpoint } from "~/domain/audit-chain";

const LineSchema = z.object({
  chain: z.string().min(1),
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().min(1),
  keyId: z.string().min(1),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

export type CheckpointFile = { exists: boolean; checkpoints: AuditCheckpoint[]; badLines: number[] };

export function readCheckpointFile(file: string): CheckpointFile {
  if (!fs.existsSync(file)) return { exists: false, checkpoints: [], badLines: [] };
  const checkpoints: AuditCheckpoint[] = [];
  const badLines: number[] = [];
  const seen = new Set<string>();
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      let parsed: Awaited<ReturnType<typeof LineSchema.safeParse>>;
      try {
        parsed = LineSchema.safeParse(JSON.parse(line));
      } catch {
        badLines.push(index + 1);
        return;
      }
      if (!parsed.success) {
        badLines.push(index + 1);
        return;
      }
      const key = JSON.stringify(parsed.data);
      if (seen.has(key)) return;
      seen.add(key);
      checkpoints.push(parsed.data);
    });
  return { exists: true, checkpoints, badLines };
}

export function appendCheckpointLines(file: string, checkpoints: readonly AuditCheckpoint[]): void {
  if (checkpoints.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = checkpoints.map((c) => `${JSON.stringify({ chain: c.chain, seq: c.seq, hash: c.hash, createdAt: c.createdAt, keyId: c.keyId, mac: c.mac })}\n`).join("");
  fs.appendFileSync(file, text, { mode: 0o600 });
}
