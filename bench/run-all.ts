// Runs every benchmark, each in its own Node process so one's warm JIT or heap does not flatter
// the next. Add new benches to BENCHES.
import { spawnSync } from "node:child_process";

const BENCHES = ["bench/scoring.ts"];

let failed = 0;
for (const bench of BENCHES) {
  const r = spawnSync(process.execPath, ["--import", "tsx", bench, ...process.argv.slice(2)], { stdio: "inherit", cwd: process.cwd() });
  if (r.status !== 0) {
    failed++;
    console.log(`${bench}: exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
