import type { RetryPolicy } from './retry-policy';

/**
 * Full-jitter exponential backoff (AWS architecture blog): a uniform delay in
 * [0, min(maxMs, baseMs · 2^retry)) for the retry-th retry (0 for the first). Never NaN or negative,
 * whatever the policy numbers or the random source return.
 */
export function fullJitterBackoff(backoff: RetryPolicy['backoff'], retry: number, random: number): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** retry);
  if (!(cap > 0)) return 0;
  const r = random >= 0 && random < 1 ? random : 0;
  return Number.isFinite(cap) ? Math.floor(r * cap) : 0;
}
