// The audit checkpoints' background work (issue 13, L4; ADR 003): once a minute, checkpoint the
// head of every chain that has moved since its last checkpoint and whose last checkpoint is at
// least CHECKPOINT_EVERY_MS old (so a quiet chain's tail is covered within minutes, and chains
// written before keys existed get their keyed anchor), then copy to the checkpoint file whatever
// it lacks (after a crash between a commit and the file append).
import { startPeriodic } from "./periodic.server";
import { write } from "~/db.server";
import { checkpointQuietChains, mirrorCheckpoints } from "~/repositories/audit-events.server";

export async function runAuditCheckpoints(now: Date): Promise<{ written: number; mirrored: number }> {
  const written = await write({ institutionId: null }, async (tx) => checkpointQuietChains(now, tx));
  return { written, mirrored: await mirrorCheckpoints() };
}

export function startAuditCheckpoints(intervalMs = 60_000): () => void {
  return startPeriodic({ name: "audit checkpoints", firstDelayMs: 1_000, intervalMs, run: runAuditCheckpoints });
}
