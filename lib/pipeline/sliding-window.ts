import type { RateLimitOptions } from '../client/options';
import { DeclarationError } from '../errors/errors';

/**
 * At most `requests` starts in any `perMs` window, exactly (no burst at a window's edge): a ring of the
 * last `requests` start times; one more may start once the oldest of them is `perMs` old.
 */
export class SlidingWindow {
  readonly requests: number;
  readonly perMs: number;
  /** false: a call over the limit fails with RateLimitError instead of queueing. */
  readonly wait: boolean;
  readonly #starts: Float64Array;
  #oldest = 0;

  constructor(limit: RateLimitOptions) {
    this.requests = limit.requests;
    this.perMs = limit.perMs;
    this.wait = limit.wait !== false;
    this.#starts = new Float64Array(limit.requests).fill(-Infinity);
  }

  /** ms until one more call may start at `now`; 0 when it may start at once. */
  delay(now: number): number {
    const wait = this.#starts[this.#oldest] + this.perMs - now;
    return wait > 0 ? wait : 0;
  }

  /** A call started at `now`. */
  record(now: number): void {
    this.#starts[this.#oldest] = now;
    this.#oldest = this.#oldest + 1 === this.requests ? 0 : this.#oldest + 1;
  }
}

/** Refuses a limit that could never let a call through, naming where it was given. */
export function assertRateLimit(limit: RateLimitOptions, where: string): void {
  const { requests, perMs, wait } = limit ?? ({} as RateLimitOptions);
  if (!(Number.isInteger(requests) && requests > 0 && Number.isFinite(perMs) && perMs > 0)) {
    throw new DeclarationError(
      `${where}: { requests: ${requests}, perMs: ${perMs} } needs a whole number of requests > 0 and a finite perMs > 0`,
    );
  }
  if (wait !== undefined && typeof wait !== 'boolean') {
    throw new DeclarationError(`${where}: wait must be true or false, got ${JSON.stringify(wait)}`);
  }
}
