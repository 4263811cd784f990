/** One measured figure. `goal` is a human-readable target such as "<= 20" or ">= 2000000". */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal: string | null;
}

/** A bench module: bench/<area>.bench.ts exports `default` of this type. */
export type Bench = (ctx: BenchContext) => Promise<BenchResult[]>;

export interface BenchContext {
  /** Quick mode (YTE_BENCH_QUICK=1) shrinks data sizes so the whole suite runs in seconds. */
  quick: boolean;
  /** Progress line to stderr. */
  log: (msg: string) => void;
}

/** Percentile (nearest-rank) of a list of samples; the list is sorted in place. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  samples.sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * samples.length);
  return samples[Math.min(samples.length - 1, Math.max(0, rank - 1))]!;
}

/** Operations per second of `fn`, run in batches until `minMs` has elapsed. */
export function opsPerSecond(fn: (i: number) => unknown, minMs = 1000): number {
  let sink: unknown;
  for (let i = 0; i < 10_000; i++) sink = fn(i); // warm-up for the JIT
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 10_000; i++) sink = fn(n + i);
    n += 10_000;
    elapsed = performance.now() - start;
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (n / elapsed) * 1000;
}
