import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import type { Clock, RateLimitOptions, RateLimitStore } from '../core/options';
import { planOf, type RateLimitRule } from '../declaration/call-plan';
import { CancelledError, RateLimitError, TimeoutError } from '../errors/errors';
import { summarize } from '../request/url';
import type { PipelineConfig, SharedState } from './chain';
import { failedOutcome } from './outcome';
import { abortable, boundedBy, signalWithin, waitFor } from './wait';

/**
 * Client-side rate limiting: sliding windows (the client's `rateLimit`, a class's and a method's
 * `@RateLimit`, each a window shared by a client family, kept here or in a RateLimitStore shared by
 * many processes) and, per client, a throttle that queues the calls over a limit and pauses after a
 * server's 429 + Retry-After.
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
    // No window and no pause: nothing to measure, no clock read (most calls of most clients).
    if (windows.length === 0 && this.pausedUntil === 0) return true;
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

/** Each client's own throttle, keyed by the client its plans are bound to (`plan.client`). */
const throttles = new WeakMap<object, Throttle>();

/**
 * The throttle of the client a request's plan is bound to. Not shared with derived clients, even when
 * they share a pipeline: one tenant's 429 must not pause the others (the rate-limit windows themselves
 * are shared, in `config.shared.limiters`).
 */
export function throttleFor(request: ApiRequest, clock: Clock): Throttle {
  return throttles.get(planOf(request).client) ?? newThrottle(request, clock);
}

/** When the request's client may start calls; 0 when no 429 paused it. */
export function pausedUntil(request: ApiRequest): number {
  return throttles.get(planOf(request).client)?.pausedUntil ?? 0;
}

function newThrottle(request: ApiRequest, clock: Clock): Throttle {
  const throttle = new Throttle(clock);
  throttles.set(planOf(request).client, throttle);
  return throttle;
}

/** The windows of one plan's rules: those kept here, and those kept in a store (asked after). */
interface PlanWindows {
  readonly local: readonly SlidingWindow[];
  readonly stored: readonly StoreWindow[];
}

const NO_WINDOWS: PlanWindows = Object.freeze({ local: Object.freeze([]), stored: Object.freeze([]) });
/** A plan's windows, split by where each is kept. */
function windowsFor(shared: SharedState, rules: readonly RateLimitRule[]): PlanWindows {
  const local: SlidingWindow[] = [];
  const stored: StoreWindow[] = [];
  for (const { key, limit } of rules) {
    const window = sharedWindow(shared, key, limit);
    if (window instanceof StoreWindow) stored.push(window);
    else local.push(window);
  }
  return Object.freeze({ local: Object.freeze(local), stored: Object.freeze(stored) });
}

/**
 * Client-side rate limiting, once per logical call (retries are paced by backoff and the retry budget
 * instead). A call waits for every window that applies to it — the client's `rateLimit`, its class's
 * `@RateLimit` and its method's `@RateLimit` — and for a pause a server's 429 + Retry-After asked for.
 * A window is kept here, or, when its limit names a `store`, asked of the store (shared by every process
 * using its key): the windows kept here are taken first, then each stored window in order.
 */
export function createRateLimitInterceptor(config: PipelineConfig): Interceptor {
  // Stands in for a client that has no throttle yet (nobody waited, no 429): no queue, no pause.
  // Only its fast path is used; a client gets its own throttle once a call has to wait.
  const idle = new Throttle(config.clock);
  // Each plan's windows, worked out on its first call (a call's own plan shares its method's rules).
  const byRules = new WeakMap<readonly RateLimitRule[], PlanWindows>();

  function windowsOf(rules: readonly RateLimitRule[]): PlanWindows {
    if (rules.length === 0) return NO_WINDOWS;
    let windows = byRules.get(rules);
    if (!windows) byRules.set(rules, (windows = windowsFor(config.shared, rules)));
    return windows;
  }

  /** undefined once the call may start in its local windows, else the outcome that ends the call. */
  async function waitForTurn(
    request: ApiRequest,
    throttle: Throttle,
    windows: readonly SlidingWindow[],
  ): Promise<ApiResponse<unknown> | undefined> {
    const signal = request.signal;
    if (signal?.aborted) return cancelled(request);
    if (windows.some((window) => !window.wait)) {
      const delay = throttle.delayFor(windows, config.clock.now());
      if (delay > 0) return overLimit(request, 'the client-side rate limit', delay);
    }
    // The queue is bounded by the caller's signal and by the call's retry.deadlineMs.
    const policy = planOf(request).retry;
    const deadlineMs = policy ? policy.deadlineMs : undefined;
    if (deadlineMs === undefined) {
      if (!(await throttle.enqueue(windows, signal))) return cancelled(request);
      return undefined;
    }
    const bound = signalWithin(config.clock, deadlineMs, signal);
    const admitted = await throttle.enqueue(windows, bound.signal);
    bound.end();
    if (!admitted) return bound.expired() ? deadlineWhileQueued(request, deadlineMs) : cancelled(request);
    return undefined;
  }

  async function admitted(
    request: ApiRequest,
    next: Next,
    throttle: Throttle,
    windows: PlanWindows,
  ): Promise<ApiResponse<unknown>> {
    const started = throttle.tryStart(windows.local);
    if (!started && throttle === idle) throttle = throttleFor(request, config.clock);
    const refused =
      (started ? undefined : await waitForTurn(request, throttle, windows.local)) ??
      (await admitStored(config, request, windows.stored));
    return refused ?? next(request);
  }

  return function rateLimit(request, next) {
    const windows = windowsOf(planOf(request).rateLimits);
    const throttle = throttles.get(planOf(request).client) ?? idle;
    if (windows.stored.length === 0 && throttle.tryStart(windows.local)) return next(request);
    return admitted(request, next, throttle, windows);
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

/** `wait: false` and no slot free: RateLimitError naming which limit and when a slot frees. */
function overLimit(request: ApiRequest, which: string, delay: number): ApiResponse<unknown> {
  const summary = summarize(request);
  const error = new RateLimitError(
    `${summary.service}.${summary.operation}: over ${which} (wait: false); a slot frees in ${Math.ceil(delay)} ms`,
    { request: summary, retryAfterMs: Math.ceil(delay) },
  );
  return failedOutcome(error, request, summary);
}

/**
 * One window per declared limit, kept in the state shared with derived clients. `key` is the object
 * that declared it: the client's rateLimit option (derived clients inherit the same object), the
 * decorated class, or the decorated method's metadata record.
 */
function sharedWindow(
  shared: SharedState,
  key: object,
  limit: RateLimitOptions,
): SlidingWindow | StoreWindow {
  const limiters = shared.limiters;
  let window = limiters.get(key) as SlidingWindow | StoreWindow | undefined;
  if (!window) {
    window = limit.store ? new StoreWindow(limit, limit.store) : new SlidingWindow(limit);
    limiters.set(key, window);
  }
  return window;
}

// ---- Windows kept in a RateLimitStore (`rateLimit: { key, store }`), shared across processes ----

/** A store command never holds a call longer than this, whatever its timeout (0 = none) says. */
export const MAX_STORE_WAIT_MS = 2_000;
/** After a store failure, the local window serves this long before the store is asked again. */
export const STORE_RETRY_AFTER_MS = 1_000;

/**
 * A window whose starts live in a RateLimitStore, with a local window of the same size to fall back on
 * while the store fails. This process's calls for it line up (FIFO), so only the head asks the store
 * and sleeps until its slot frees, instead of every waiting call polling the store at each freed slot.
 */
class StoreWindow {
  readonly key: string;
  readonly local: SlidingWindow;
  /** Clock ms until which the store is not asked (it failed recently). */
  downUntil = 0;
  readonly #line: Array<() => void> = [];
  #busy = false;

  constructor(
    readonly limit: RateLimitOptions,
    readonly store: RateLimitStore,
  ) {
    this.key = limit.key!;
    this.local = new SlidingWindow(limit);
  }

  /** 0 and a start recorded locally, or the ms until the local window has room. */
  localDelay(now: number): number {
    const delay = this.local.delay(now);
    if (delay === 0) this.local.record(now);
    return delay;
  }

  /** Resolves true once it is this call's turn, false as soon as `signal` fires (no turn taken). */
  enter(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        const index = this.#line.indexOf(go);
        if (index >= 0) this.#line.splice(index, 1);
        resolve(false);
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#line.push(go);
    });
  }

  /** The current call is done with the window: the next in line (if any) goes. */
  leave(): void {
    const next = this.#line.shift();
    if (next) next();
    else this.#busy = false;
  }
}

/** undefined once the call may start in every stored window, in order; else the outcome that ends it. */
async function admitStored(
  config: PipelineConfig,
  request: ApiRequest,
  windows: readonly StoreWindow[],
): Promise<ApiResponse<unknown> | undefined> {
  for (let i = 0; i < windows.length; i++) {
    const window = windows[i];
    if (!(await window.enter(request.signal))) return cancelled(request);
    try {
      const refused = await admitInTurn(config, request, window);
      if (refused) return refused;
    } finally {
      window.leave();
    }
  }
  return undefined;
}

/** How long one store command may take for this call: its timeout, its deadline, MAX_STORE_WAIT_MS. */
function storeBound(request: ApiRequest): number {
  const retry = planOf(request).retry;
  const deadline = retry ? retry.deadlineMs : undefined;
  return Math.min(request.timeout || Infinity, deadline ?? Infinity, MAX_STORE_WAIT_MS);
}

async function admitInTurn(
  { clock, logger }: PipelineConfig,
  request: ApiRequest,
  window: StoreWindow,
): Promise<ApiResponse<unknown> | undefined> {
  const { store, key, limit } = window;
  for (;;) {
    let delay: number;
    if (clock.now() < window.downUntil) delay = window.localDelay(clock.now());
    else {
      try {
        delay = await abortable(
          boundedBy(
            (signal) => store.acquire(key, limit.requests, limit.perMs, signal),
            storeBound(request),
            `the rate-limit store (key "${key}")`,
          ),
          request.signal,
          'while it waited for the rate limit',
        );
      } catch (error) {
        if (request.signal?.aborted) return cancelled(request);
        const summary = summarize(request);
        const reason = (error as Error)?.message ?? String(error);
        if (limit.onStoreError === 'fail') {
          const failure = new RateLimitError(
            `${summary.service}.${summary.operation}: the shared rate limit "${key}" is unavailable (${reason}); onStoreError: 'fail'`,
            { code: 'LIMITER_UNAVAILABLE', request: summary, retryAfterMs: 0, cause: error },
          );
          return failedOutcome(failure, request, summary);
        }
        logger?.warn(
          `restfit ${summary.service}.${summary.operation}: the shared rate limit "${key}" is unavailable (${reason}); using a local window of the same size for ${STORE_RETRY_AFTER_MS} ms`,
        );
        window.downUntil = clock.now() + STORE_RETRY_AFTER_MS;
        delay = window.localDelay(clock.now());
      }
    }
    if (!(delay > 0)) return undefined;
    if (limit.wait === false) return overLimit(request, `the shared rate limit "${key}"`, delay);
    if (!(await waitFor(clock, delay, request.signal))) return cancelled(request);
  }
}
