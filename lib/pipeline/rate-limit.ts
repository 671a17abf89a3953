import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import type { Clock, RateLimitOptions } from '../core/options';
import { planOf, type RateLimitRule } from '../declaration/call-plan';
import { CancelledError, RateLimitError, TimeoutError } from '../errors/errors';
import { summarize } from '../request/url';
import type { PipelineConfig, SharedState } from './chain';
import { failedOutcome } from './outcome';
import { signalWithin, waitFor } from './wait';

/**
 * Client-side rate limiting: sliding windows (the client's `rateLimit`, a class's and a method's
 * `@RateLimit`, each a window shared by a client family) and, per client, a throttle that queues the
 * calls over a limit and pauses after a server's 429 + Retry-After.
 */

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

interface Waiter {
  readonly windows: readonly SlidingWindow[];
  readonly resolve: (admitted: boolean) => void;
  readonly signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Decides when calls may start: the rate-limit windows that apply to each call, and a pause after a
 * server's 429 + Retry-After. One per client (not shared with derived clients). Waiting calls form one
 * FIFO queue; a single clock timer (only while someone waits) wakes the queue at the next free slot.
 */
export class Throttle {
  /** No call starts before this time (clock ms); set by a 429 with Retry-After. */
  pausedUntil = 0;
  readonly #queue: Waiter[] = [];
  #timer?: AbortController;
  #timerAt = Infinity;

  constructor(private readonly clock: Clock) {}

  get waiting(): number {
    return this.#queue.length;
  }

  /** ms until a call limited by `windows` may start at `now`; 0 = at once. */
  delayFor(windows: readonly SlidingWindow[], now: number): number {
    let delay = this.pausedUntil - now;
    for (let i = 0; i < windows.length; i++) {
      const d = windows[i].delay(now);
      if (d > delay) delay = d;
    }
    return delay > 0 ? delay : 0;
  }

  /** The fast path: when nobody waits and every window has room, records the start and returns true. */
  tryStart(windows: readonly SlidingWindow[]): boolean {
    if (this.#queue.length !== 0) return false;
    const now = this.clock.now();
    if (this.delayFor(windows, now) !== 0) return false;
    for (let i = 0; i < windows.length; i++) windows[i].record(now);
    return true;
  }

  /** Queues a call behind the others; resolves true when it may start, false once its signal fires. */
  enqueue(windows: readonly SlidingWindow[], signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { windows, resolve, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          resolve(false);
          // The queue may be empty now: drop the timer so nothing is left behind.
          this.#drain();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  /** A server asked for a pause (429 Retry-After): nothing starts before `until`. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Starts, in FIFO order, every waiter whose windows have room now; sets the timer for the rest. */
  #drain(): void {
    const queue = this.#queue;
    const now = this.clock.now();
    let next = Infinity;
    let kept = 0;
    for (let i = 0; i < queue.length; i++) {
      const waiter = queue[i];
      const delay = this.delayFor(waiter.windows, now);
      if (delay === 0) {
        for (const window of waiter.windows) window.record(now);
        if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(true);
      } else {
        queue[kept++] = waiter;
        if (delay < next) next = delay;
      }
    }
    queue.length = kept;
    this.#schedule(now, next);
  }

  #schedule(now: number, delay: number): void {
    if (this.#queue.length === 0) {
      this.#timer?.abort();
      this.#timer = undefined;
      this.#timerAt = Infinity;
      return;
    }
    const at = now + delay;
    if (this.#timer && this.#timerAt <= at) return;
    this.#timer?.abort();
    const timer = (this.#timer = new AbortController());
    this.#timerAt = at;
    void waitFor(this.clock, delay, timer.signal).then((elapsed) => {
      if (this.#timer !== timer) return;
      this.#timer = undefined;
      this.#timerAt = Infinity;
      if (elapsed) this.#drain();
    });
  }
}

/** Each client's own throttle, keyed by its config. */
const throttles = new WeakMap<PipelineConfig, Throttle>();

/**
 * The throttle of one client. Not shared with derived clients: one tenant's 429 must not pause the
 * others (the rate-limit windows themselves are shared, in `config.shared.limiters`).
 */
export function throttleFor(config: PipelineConfig): Throttle {
  let throttle = throttles.get(config);
  if (!throttle) {
    throttle = new Throttle(config.clock);
    throttles.set(config, throttle);
  }
  return throttle;
}

const NO_WINDOWS: readonly SlidingWindow[] = Object.freeze([]);

/**
 * Client-side rate limiting, once per logical call (retries are paced by backoff and the retry budget
 * instead). A call waits for every window that applies to it — the client's `rateLimit`, its class's
 * `@RateLimit` and its method's `@RateLimit` — and for a pause a server's 429 + Retry-After asked for.
 */
export function createRateLimitInterceptor(config: PipelineConfig): Interceptor {
  const throttle = throttleFor(config);
  // Each plan's windows, worked out on its first call (a call's own plan shares its method's rules).
  const byRules = new WeakMap<readonly RateLimitRule[], readonly SlidingWindow[]>();

  function windowsOf(rules: readonly RateLimitRule[]): readonly SlidingWindow[] {
    if (rules.length === 0) return NO_WINDOWS;
    let windows = byRules.get(rules);
    if (!windows) {
      windows = Object.freeze(rules.map((rule) => sharedWindow(config.shared, rule.key, rule.limit)));
      byRules.set(rules, windows);
    }
    return windows;
  }

  async function waitForTurn(
    request: ApiRequest,
    next: Next,
    windows: readonly SlidingWindow[],
  ): Promise<ApiResponse<unknown>> {
    const signal = request.signal;
    if (signal?.aborted) return cancelled(request);
    if (windows.some((window) => !window.wait)) {
      const delay = throttle.delayFor(windows, config.clock.now());
      if (delay > 0) {
        const summary = summarize(request);
        const error = new RateLimitError(
          `${summary.service}.${summary.operation}: over the client-side rate limit (wait: false); a slot frees in ${Math.ceil(delay)} ms`,
          { request: summary, retryAfterMs: Math.ceil(delay) },
        );
        return failedOutcome(error, request, summary);
      }
    }
    // The queue is bounded by the caller's signal and by the call's retry.deadlineMs.
    const policy = planOf(request).retry;
    const deadlineMs = policy ? policy.deadlineMs : undefined;
    if (deadlineMs === undefined) {
      if (!(await throttle.enqueue(windows, signal))) return cancelled(request);
      return next(request);
    }
    const bound = signalWithin(config.clock, deadlineMs, signal);
    const admitted = await throttle.enqueue(windows, bound.signal);
    bound.end();
    if (!admitted) return bound.expired() ? deadlineWhileQueued(request, deadlineMs) : cancelled(request);
    return next(request);
  }

  return function rateLimit(request, next) {
    const windows = windowsOf(planOf(request).rateLimits);
    if (throttle.tryStart(windows)) return next(request);
    return waitForTurn(request, next, windows);
  };
}

function cancelled(request: ApiRequest): ApiResponse<unknown> {
  const summary = summarize(request);
  const error = new CancelledError('The call was cancelled while it waited for the rate limit', {
    request: summary,
    cause: request.signal?.reason,
  });
  return failedOutcome(error, request, summary);
}

function deadlineWhileQueued(request: ApiRequest, deadlineMs: number): ApiResponse<unknown> {
  const summary = summarize(request);
  const error = new TimeoutError(
    `${summary.service}.${summary.operation}: the ${deadlineMs} ms deadline passed while the call waited for the rate limit`,
    { code: 'DEADLINE_EXCEEDED', request: summary },
  );
  return failedOutcome(error, request, summary);
}

/**
 * One window per declared limit, kept in the state shared with derived clients. `key` is the object
 * that declared it: the client's rateLimit option (derived clients inherit the same object), the
 * decorated class, or the decorated method's metadata record.
 */
function sharedWindow(shared: SharedState, key: object, limit: RateLimitOptions): SlidingWindow {
  const limiters = shared.limiters;
  let window = limiters.get(key) as SlidingWindow | undefined;
  if (!window) {
    window = new SlidingWindow(limit);
    limiters.set(key, window);
  }
  return window;
}
