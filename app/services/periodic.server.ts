// The server's in-process jobs (reminders, the evidence sweep, audit checkpoints): a first run a
// little after start, then every interval. A failed run is logged and the next one tries again;
// the timers never keep the process alive.
export function startPeriodic(job: { name: string; firstDelayMs: number; intervalMs: number; run: (now: Date) => Promise<unknown> }): () => void {
  let running = false;
  const tick = () => {
    // A run still going when the next tick comes (a slow disk, a long sweep) is not started twice.
    if (running) return;
    running = true;
    job
      .run(new Date())
      .catch((error: unknown) => console.warn(`${job.name} failed:`, error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, job.firstDelayMs);
  first.unref();
  const timer = setInterval(tick, job.intervalMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
