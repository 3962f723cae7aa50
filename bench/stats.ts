/** Latency figures for the benchmarks: milliseconds in, percentiles out. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarise(samples: number[], elapsedMs: number) {
  return {
    count: samples.length,
    perSecond: (samples.length / elapsedMs) * 1000,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

/** Runs `task` `total` times with at most `concurrency` at once; returns each one's duration. */
export async function timeConcurrently(total: number, concurrency: number, task: (index: number) => Promise<unknown>) {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const t0 = performance.now();
        await task(index);
        durations.push(performance.now() - t0);
      }
    }),
  );
  return { durations, elapsedMs: performance.now() - started };
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
