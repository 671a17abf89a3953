import type { ClientConfig } from '../client/client-config';
import type { RateLimitOptions } from '../client/options';
import { RateLimitError } from '../errors/errors';
import { summarize } from '../errors/redact';
import type { ApiRequest, TransportOptions } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';
import { abortable } from './abortable';
import { classBehaviour, methodMetadata } from './declared-behaviour';
import type { Interceptor, Next } from './interceptor';
import { failedOutcome } from './outcome';
import { cancelled } from './rate-limit';
import { boundedBy, type RateLimitStore } from './rate-limit-store';
import { SlidingWindow } from './sliding-window';
import { Turnstile } from './turnstile';
import { waitFor } from './wait';

/** A store command never holds a call longer than this, whatever its timeout (0 = none) says. */
export const MAX_STORE_WAIT_MS = 2_000;
/** After a store failure, the local window serves this long before the store is asked again. */
export const STORE_RETRY_AFTER_MS = 1_000;

/** A limit whose window lives in a RateLimitStore, with a local window of the same size to fall back on. */
class StoreWindow {
  readonly store: RateLimitStore;
  readonly key: string;
  readonly local: SlidingWindow;
  readonly fail: boolean;
  /** Clock ms until which the store is not asked (it failed recently). */
  downUntil = 0;
  /** This process's calls for the window, one at a time. */
  readonly turnstile = new Turnstile();

  constructor(readonly limit: RateLimitOptions) {
    this.store = limit.store!;
    this.key = limit.key!;
    this.local = new SlidingWindow(limit);
    this.fail = limit.onStoreError === 'fail';
  }

  /** 0 and a start recorded locally, or the ms until the local window has room. */
  localDelay(now: number): number {
    const delay = this.local.delay(now);
    if (delay === 0) this.local.record(now);
    return delay;
  }
}

const NONE: readonly StoreWindow[] = Object.freeze([]);
/**
 * Each resolved endpoint's shared windows, found on its first call. Module-wide rather than per client
 * (`transport` is one object per endpoint and client): a derived client then costs no map of its own.
 */
const byEndpoint = new WeakMap<TransportOptions, readonly StoreWindow[]>();

/**
 * The rate limits that name a `store` (`rateLimit: { requests, perMs, key, store }`), once per logical
 * call, right after the in-process limits: every process using the same key shares the window. Each
 * store command is bounded by the call's timeout and deadline (and MAX_STORE_WAIT_MS); a store that
 * fails or is late gives way to a local window of the same size, or with `onStoreError: 'fail'` fails
 * the call with RateLimitError `LIMITER_UNAVAILABLE`.
 */
export function createSharedRateLimitInterceptor(config: ClientConfig): Interceptor {
  // One closure per client and nothing else: the work is in module functions (derived clients are many).
  return function sharedRateLimit(request, next) {
    const windows = windowsOf(config, request);
    // Most endpoints have no shared limit: no async frame for them.
    return windows.length === 0 ? next(request) : admitAll(config, request, next, windows);
  };
}

function windowsOf(config: ClientConfig, request: ApiRequest): readonly StoreWindow[] {
  let windows = byEndpoint.get(request.transport);
  if (!windows) {
    const found: StoreWindow[] = [];
    const clientLimit = config.options.rateLimit;
    if (clientLimit?.store) found.push(storeWindow(config, clientLimit, clientLimit));
    const classLimit = classBehaviour(request.endpoint, 'rateLimit');
    if (classLimit?.value.store) found.push(storeWindow(config, classLimit.declaredOn, classLimit.value));
    const methodMeta = methodMetadata(request.endpoint);
    if (methodMeta?.rateLimit?.store) found.push(storeWindow(config, methodMeta, methodMeta.rateLimit));
    windows = found.length ? Object.freeze(found) : NONE;
    byEndpoint.set(request.transport, windows);
  }
  return windows;
}

async function admitAll(
  config: ClientConfig,
  request: ApiRequest,
  next: Next,
  windows: readonly StoreWindow[],
): Promise<ApiResponse<unknown>> {
  for (let i = 0; i < windows.length; i++) {
    const refused = await admit(config, request, windows[i]);
    if (refused) return refused;
  }
  return next(request);
}

/** How long one store command may take for this call. */
function boundOf(request: ApiRequest): number {
  const deadline = request.retry ? request.retry.deadlineMs : undefined;
  return Math.min(request.timeout || Infinity, deadline ?? Infinity, MAX_STORE_WAIT_MS);
}

/** undefined once the call may start in `window`, else the outcome that ends the call. */
async function admit(
  config: ClientConfig,
  request: ApiRequest,
  window: StoreWindow,
): Promise<ApiResponse<unknown> | undefined> {
  if (!(await window.turnstile.enter(request.signal))) return cancelled(request);
  try {
    return await admitInTurn(config, request, window);
  } finally {
    window.turnstile.leave();
  }
}

async function admitInTurn(
  { clock, logger }: ClientConfig,
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
            boundOf(request),
            `the rate-limit store (key "${key}")`,
          ),
          request.signal,
          'while it waited for the rate limit',
        );
      } catch (error) {
        if (request.signal?.aborted) return cancelled(request);
        const summary = summarize(request);
        const reason = (error as Error)?.message ?? String(error);
        if (window.fail) {
          const failure = new RateLimitError(
            `${summary.service}.${summary.operation}: the shared rate limit "${key}" is unavailable (${reason}); onStoreError: 'fail'`,
            { code: 'LIMITER_UNAVAILABLE', request: summary, retryAfterMs: 0, cause: error },
          );
          return failedOutcome(failure, summary, 0);
        }
        logger?.warn(
          `restfit ${summary.service}.${summary.operation}: the shared rate limit "${key}" is unavailable (${reason}); using a local window of the same size for ${STORE_RETRY_AFTER_MS} ms`,
        );
        window.downUntil = clock.now() + STORE_RETRY_AFTER_MS;
        delay = window.localDelay(clock.now());
      }
    }
    if (!(delay > 0)) return undefined;
    if (limit.wait === false) {
      const summary = summarize(request);
      const refused = new RateLimitError(
        `${summary.service}.${summary.operation}: over the shared rate limit "${key}" (wait: false); a slot frees in ${Math.ceil(delay)} ms`,
        { request: summary, retryAfterMs: Math.ceil(delay) },
      );
      return failedOutcome(refused, summary, 0);
    }
    if (!(await waitFor(clock, delay, request.signal))) return cancelled(request);
  }
}

/** One StoreWindow per declared limit, shared with derived clients (like the in-process windows). */
function storeWindow(config: ClientConfig, declaredBy: object, limit: RateLimitOptions): StoreWindow {
  const limiters = config.shared.limiters;
  let window = limiters.get(declaredBy);
  if (!(window instanceof StoreWindow)) {
    window = new StoreWindow(limit);
    limiters.set(declaredBy, window);
  }
  return window as StoreWindow;
}
