import type { ClientConfig } from '../client/client-config';
import type { RateLimitOptions } from '../client/options';
import { CancelledError, RateLimitError, TimeoutError } from '../errors/errors';
import { callBound } from './bounded-wait';
import { summarize } from '../errors/redact';
import type { ApiRequest, TransportOptions } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';
import { classBehaviour, methodMetadata } from './declared-behaviour';
import type { Interceptor, Next } from './interceptor';
import { failedOutcome } from './outcome';
import { SlidingWindow } from './sliding-window';
import { throttleFor } from './throttle';

const NO_WINDOWS: readonly SlidingWindow[] = Object.freeze([]);

/**
 * Client-side rate limiting, once per logical call (retries are paced by backoff and the retry budget
 * instead). A call waits for every window that applies to it — the client's `rateLimit`, its class's
 * `@RateLimit` and its method's `@RateLimit` — and for a pause a server's 429 + Retry-After asked for.
 */
export function createRateLimitInterceptor(config: ClientConfig): Interceptor {
  const throttle = throttleFor(config);
  // Validated with the other options when the client was made.
  const clientLimit = config.options.rateLimit;
  const clientWindow = clientLimit ? sharedWindow(config, clientLimit, clientLimit) : undefined;
  // Work out each endpoint's windows on its first call; `transport` is one object per resolved endpoint.
  const byEndpoint = new WeakMap<TransportOptions, readonly SlidingWindow[]>();

  function windowsOf(request: ApiRequest): readonly SlidingWindow[] {
    let windows = byEndpoint.get(request.transport);
    if (!windows) {
      windows = endpointWindows(config, request, clientWindow);
      byEndpoint.set(request.transport, windows);
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
        return failedOutcome(error, summary, 0);
      }
    }
    // The queue is bounded by the caller's signal and the call's retry.deadlineMs (issue 10).
    const bound = callBound(request);
    if (!(await throttle.enqueue(windows, bound.signal)))
      return bound.expired() ? deadlineWhileQueued(request) : cancelled(request);
    return next(request);
  }

  return function rateLimit(request, next) {
    const windows = windowsOf(request);
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
  return failedOutcome(error, summary, 0);
}

function deadlineWhileQueued(request: ApiRequest): ApiResponse<unknown> {
  const summary = summarize(request);
  const deadlineMs = request.retry ? request.retry.deadlineMs : undefined;
  const error = new TimeoutError(
    `${summary.service}.${summary.operation}: the ${deadlineMs} ms deadline passed while the call waited for the rate limit`,
    { code: 'DEADLINE_EXCEEDED', request: summary },
  );
  return failedOutcome(error, summary, 0);
}

/** The client's window, then the class's `@RateLimit`, then the method's: each is its own window. */
function endpointWindows(
  config: ClientConfig,
  request: ApiRequest,
  clientWindow?: SlidingWindow,
): readonly SlidingWindow[] {
  const endpoint = request.endpoint;
  const windows: SlidingWindow[] = clientWindow ? [clientWindow] : [];
  const classLimit = classBehaviour(endpoint, 'rateLimit');
  // Keyed by the class that carries the decorator: its subclasses share its window.
  if (classLimit) windows.push(sharedWindow(config, classLimit.declaredOn, classLimit.value));
  const methodMeta = methodMetadata(endpoint);
  // Keyed by the method's own metadata record: one window per declared method.
  if (methodMeta?.rateLimit) windows.push(sharedWindow(config, methodMeta, methodMeta.rateLimit));
  return windows.length ? Object.freeze(windows) : NO_WINDOWS;
}

/**
 * One window per declared limit, kept in the state shared with derived clients. `key` is the object
 * that declared it: the client's rateLimit option (derived clients inherit the same object), the
 * decorated class, or the decorated method's metadata record.
 */
function sharedWindow(config: ClientConfig, key: object, limit: RateLimitOptions): SlidingWindow {
  const limiters = config.shared.limiters;
  let window = limiters.get(key) as SlidingWindow | undefined;
  if (!window) {
    window = new SlidingWindow(limit);
    limiters.set(key, window);
  }
  return window;
}
