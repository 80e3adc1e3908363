// Runs every benchmark with its default settings, each in its own Node process so that one's warm
// JIT or heap does not flatter the next. A new bench is added to BENCHES; to pass it arguments, run
// it alone (`npx tsx bench/<name>.ts …`).
import { spawnSync } from "node:child_process";

const BENCHES = ["bench/scoring.ts", "bench/attestation.ts", "bench/api.ts", "bench/portfolio.ts", "bench/screening.ts"];

let failed = 0;
for (const bench of BENCHES) {
  const r = spawnSync(process.execPath, ["--import", "tsx", bench], { stdio: "inherit", cwd: process.cwd() });
  if (r.status !== 0) {
    failed++;
    console.log(`${bench}: exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
