/** How a random delay is drawn under the exponential cap (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export type Jitter = 'full' | 'equal' | 'decorrelated' | 'none';

/** `cap = min(maxMs, baseMs · factor^retry)`; the jitter draws the delay from it. */
export interface ExponentialBackoff {
  baseMs: number;
  maxMs: number;
  /** Default `'full'`: uniform in [0, cap). */
  jitter?: Jitter;
  /** Growth per retry: default 2 (3 for `'decorrelated'`, where it multiplies the previous delay). */
  factor?: number;
}

/** Your own delay in ms before the retry that follows attempt `attempt` (1 for the first failure). */
export type BackoffFunction = (attempt: number, previousDelayMs: number) => number;

export type Backoff = ExponentialBackoff | BackoffFunction;

/** A `backoff` override: fields of the exponential shape (merged over the policy's), or a function. */
export type BackoffOverride = Partial<ExponentialBackoff> | BackoffFunction;

export const JITTERS: readonly Jitter[] = ['full', 'equal', 'decorrelated', 'none'];

/**
 * The delay before retry `retry` (0 for the first), given the previous delay (0 before the first).
 * Never NaN, negative or infinite, whatever the policy numbers, the function or the random source return.
 */
export function backoffDelay(
  backoff: Backoff,
  retry: number,
  previousDelayMs: number,
  random: () => number,
): number {
  if (typeof backoff === 'function') return wholeMs(backoff(retry + 1, previousDelayMs));
  const { baseMs, maxMs, jitter = 'full' } = backoff;
  if (jitter === 'decorrelated') {
    // sleep = min(cap, random_between(base, previous · 3)); the first from base.
    const upper = Math.max(baseMs, (previousDelayMs || baseMs) * (backoff.factor ?? 3));
    return wholeMs(Math.min(maxMs, baseMs + unit(random) * (upper - baseMs)));
  }
  const cap = Math.min(maxMs, baseMs * (backoff.factor ?? 2) ** retry);
  if (!(cap > 0) || !Number.isFinite(cap)) return 0;
  switch (jitter) {
    case 'none':
      return wholeMs(cap);
    case 'equal':
      return wholeMs(cap / 2 + (unit(random) * cap) / 2);
    default:
      return wholeMs(unit(random) * cap);
  }
}

/** A policy's backoff with an override applied: a function replaces it, fields merge over the exponential shape. */
export function mergeBackoff(
  base: Backoff,
  override: BackoffOverride | undefined,
  fallback: ExponentialBackoff,
): Backoff {
  if (override === undefined) return base;
  if (typeof override === 'function') return override;
  return { ...(typeof base === 'function' ? fallback : base), ...override };
}

/** What is wrong with a backoff (override), or undefined. */
export function backoffProblem(backoff: BackoffOverride): string | undefined {
  if (typeof backoff === 'function') return undefined;
  if (typeof backoff !== 'object' || backoff === null)
    return 'backoff must be { baseMs, maxMs, jitter?, factor? } or a function (attempt, previousDelayMs) => ms';
  for (const key of ['baseMs', 'maxMs'] as const) {
    const value = backoff[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0))
      return `backoff.${key} must be a number of milliseconds ≥ 0, got ${value}`;
  }
  if (backoff.jitter !== undefined && !JITTERS.includes(backoff.jitter))
    return `backoff.jitter must be one of ${JITTERS.map((j) => `'${j}'`).join(', ')}, got ${JSON.stringify(backoff.jitter)}`;
  const factor = backoff.factor;
  if (factor !== undefined && !(typeof factor === 'number' && Number.isFinite(factor) && factor >= 1))
    return `backoff.factor must be a number ≥ 1, got ${factor}`;
  return undefined;
}

function unit(random: () => number): number {
  const r = random();
  return r >= 0 && r < 1 ? r : 0;
}

function wholeMs(ms: number): number {
  return ms > 0 && Number.isFinite(ms) ? Math.floor(ms) : 0;
}
