import type { RateLimitOptions } from '../client/options';

/** Compact the log once this many expired entries sit at its front. */
const COMPACT_AFTER = 1024;

/**
 * At most `requests` starts in any `perMs` window, exactly (no burst at a window's edge): a log of the
 * start times still inside the window; one more call may start once the `requests`-th most recent of
 * them is `perMs` old. Memory follows the real rate, not `requests` (a limit of a million per second
 * costs nothing at a hundred calls per second).
 */
export class SlidingWindow {
  readonly requests: number;
  readonly perMs: number;
  /** false: a call over the limit fails with RateLimitError instead of queueing. */
  readonly wait: boolean;
  readonly #starts: number[] = [];
  /** Index of the oldest start still inside the window. */
  #head = 0;

  constructor(limit: RateLimitOptions) {
    this.requests = limit.requests;
    this.perMs = limit.perMs;
    this.wait = limit.wait !== false;
  }

  /** ms until one more call may start at `now`; 0 when it may start at once. */
  delay(now: number): number {
    const starts = this.#starts;
    const expired = now - this.perMs;
    while (this.#head < starts.length && starts[this.#head] <= expired) this.#head++;
    if (starts.length - this.#head < this.requests) return 0;
    return starts[starts.length - this.requests] + this.perMs - now;
  }

  /** A call started at `now`. */
  record(now: number): void {
    const starts = this.#starts;
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= starts.length) {
      starts.splice(0, this.#head);
      this.#head = 0;
    }
    starts.push(now);
  }
}
