import { performance } from 'node:perf_hooks';

export interface Run {
  calls: number;
  /** Calls per second over the run. */
  rps: number;
  /** Client CPU (user + system) per call, µs. */
  cpuUs: number;
  /** Wall time per call, µs (for sequential runs this is the latency). */
  wallUs: number;
}

/**
 * Runs `call` with `concurrency` workers until `durationMs` has passed or `maxCalls` calls have
 * completed, whichever comes first (always bounded).
 */
export async function runFor(
  call: () => Promise<unknown>,
  concurrency: number,
  durationMs: number,
  maxCalls: number,
): Promise<Run> {
  let started = 0;
  let completed = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const worker = async () => {
    while (started < maxCalls && performance.now() < deadline) {
      started++;
      await call();
      completed++;
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) workers.push(worker());
  await Promise.all(workers);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    calls: completed,
    rps: (completed / elapsedMs) * 1000,
    cpuUs: (cpu.user + cpu.system) / completed,
    wallUs: (elapsedMs * 1000) / completed,
  };
}

/**
 * Sequential calls, `count` of them: CPU µs per call (user + system of this process). CPU time rather
 * than wall time, so other processes competing for the cores do not count against whoever ran then.
 */
export async function timeSequential(call: () => Promise<unknown>, count: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / count;
}

/**
 * The contenders in a different order each round (seeded by the round, so a run can be repeated). Not
 * a rotation: that keeps every contender right behind the same neighbour, which then always hands it
 * the same garbage and the same warm or cold caches.
 */
export function shuffled<T>(items: readonly T[], round: number): T[] {
  const order = [...items];
  // mulberry32: a tiny, good-enough PRNG for an order.
  let seed = (round + 1) * 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Interleaved rounds: each round runs every contender for `batch` sequential calls, in a shuffled order.
 * Contenders measured side by side in small slices share the same machine state (frequency, noisy
 * neighbours), so per-round ratios are far steadier than one long run per contender.
 */
export async function interleaved(
  calls: readonly (() => Promise<unknown>)[],
  rounds: number,
  batch: number,
): Promise<number[][]> {
  const samples = calls.map(() => [] as number[]);
  const order = calls.map((_, i) => i);
  for (let round = 0; round < rounds; round++) {
    for (const i of shuffled(order, round)) samples[i].push(await timeSequential(calls[i], batch));
  }
  return samples;
}

/** Median over rounds of the per-round ratio a/b. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / b[i]);
}
