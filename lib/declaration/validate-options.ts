import type { CircuitBreakerOptions, RateLimitOptions } from '../core/options';
import {
  DEFAULT_RETRY_POLICY,
  JITTERS,
  type BackoffOverride,
  type RetryOverride,
} from '../core/retry-policy';

// Every key of the default policy, plus the optional ones it leaves out (add new optional keys here).
const RETRY_KEYS = [...Object.keys(DEFAULT_RETRY_POLICY), 'deadlineMs', 'retryIf'];
const isMs = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** What is wrong with a retry override (`@Retry`, the `retry` option), or undefined. */
export function retryProblem(retry: RetryOverride | false): string | undefined {
  if (retry === false) return undefined;
  if (typeof retry !== 'object' || retry === null) return 'must be a partial RetryPolicy or false';
  const unknown = Object.keys(retry).find((key) => !RETRY_KEYS.includes(key));
  if (unknown) return `has no option "${unknown}" (known: ${RETRY_KEYS.join(', ')})`;
  const { limit, methods, statusCodes, backoff, maxRetryAfterMs, deadlineMs, retryIf } = retry;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
    return `limit must be a whole number ≥ 0, got ${limit}`;
  if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === 'string'))) {
    return 'methods must be an array of HTTP method names';
  }
  if (
    statusCodes !== undefined &&
    !(Array.isArray(statusCodes) && statusCodes.every((s) => Number.isInteger(s) && s >= 100 && s <= 599))
  ) {
    return 'statusCodes must be an array of HTTP statuses (100–599)';
  }
  for (const key of ['networkErrors', 'timeouts'] as const) {
    if (retry[key] !== undefined && typeof retry[key] !== 'boolean') return `${key} must be true or false`;
  }
  const backoffIssue = backoff === undefined ? undefined : backoffProblem(backoff);
  if (backoffIssue) return backoffIssue;
  if (maxRetryAfterMs !== undefined && !isMs(maxRetryAfterMs))
    return `maxRetryAfterMs must be a number of milliseconds ≥ 0, got ${maxRetryAfterMs}`;
  if (deadlineMs !== undefined && !(isMs(deadlineMs) && deadlineMs > 0))
    return `deadlineMs must be a number of milliseconds > 0, got ${deadlineMs}`;
  if (retryIf !== undefined && typeof retryIf !== 'function') return 'retryIf must be a function';
  return undefined;
}

/** What is wrong with a backoff override: an exponential shape's fields, or a function. */
function backoffProblem(backoff: BackoffOverride): string | undefined {
  if (typeof backoff === 'function') return undefined;
  if (typeof backoff !== 'object' || backoff === null)
    return 'backoff must be { baseMs, maxMs, jitter?, factor? } or a function (attempt, previousDelayMs) => ms';
  for (const key of ['baseMs', 'maxMs'] as const) {
    if (backoff[key] !== undefined && !isMs(backoff[key]))
      return `backoff.${key} must be a number of milliseconds ≥ 0, got ${backoff[key]}`;
  }
  if (backoff.jitter !== undefined && !JITTERS.includes(backoff.jitter))
    return `backoff.jitter must be one of ${JITTERS.map((j) => `'${j}'`).join(', ')}, got ${JSON.stringify(backoff.jitter)}`;
  const factor = backoff.factor;
  if (factor !== undefined && !(typeof factor === 'number' && Number.isFinite(factor) && factor >= 1))
    return `backoff.factor must be a number ≥ 1, got ${factor}`;
  return undefined;
}

/** What is wrong with a rate limit (`@RateLimit`, the `rateLimit` option), or undefined. */
export function rateLimitProblem(limit: RateLimitOptions): string | undefined {
  if (typeof limit !== 'object' || limit === null)
    return 'must be { requests, perMs, wait?, key?, store?, onStoreError? }';
  const { requests, perMs, wait } = limit;
  if (!(Number.isInteger(requests) && requests > 0))
    return `requests must be a whole number > 0, got ${requests}`;
  if (!isPositiveMs(perMs)) return `perMs must be a number of milliseconds > 0, got ${perMs}`;
  if (wait !== undefined && typeof wait !== 'boolean') return 'wait must be true or false';
  return sharedLimitProblem(limit);
}

/** `{ key, store, onStoreError }` of a rate limit: what is wrong with them, or undefined. */
function sharedLimitProblem({ key, store, onStoreError }: RateLimitOptions): string | undefined {
  if (store !== undefined) {
    if (typeof store?.acquire !== 'function')
      return 'store must be a RateLimitStore (an object with acquire(), e.g. new RedisRateLimitStore(redis))';
    if (typeof key !== 'string' || key === '')
      return 'key must be a non-empty string when a store is given: every process using the same key shares the window';
  } else if (key !== undefined) return 'key needs a store (e.g. new RedisRateLimitStore(redis))';
  if (onStoreError !== undefined && onStoreError !== 'fallback' && onStoreError !== 'fail')
    return `onStoreError must be 'fallback' or 'fail', got ${JSON.stringify(onStoreError)}`;
  return undefined;
}

/** What is wrong with the `circuitBreaker` option, or undefined. */
export function circuitBreakerProblem(options: CircuitBreakerOptions): string | undefined {
  if (typeof options !== 'object' || options === null)
    return 'must be { failureRatio, minimumCalls, windowMs, openMs, halfOpenCalls }';
  const { failureRatio, minimumCalls, windowMs, openMs, halfOpenCalls } = options;
  if (!(typeof failureRatio === 'number' && failureRatio > 0 && failureRatio <= 1))
    return `failureRatio must be a number in (0, 1], got ${failureRatio}`;
  if (!(Number.isInteger(minimumCalls) && minimumCalls >= 1))
    return `minimumCalls must be a whole number ≥ 1, got ${minimumCalls}`;
  if (!(Number.isInteger(halfOpenCalls) && halfOpenCalls >= 1))
    return `halfOpenCalls must be a whole number ≥ 1, got ${halfOpenCalls}`;
  if (!isPositiveMs(windowMs)) return `windowMs must be a number of milliseconds > 0, got ${windowMs}`;
  if (!isPositiveMs(openMs)) return `openMs must be a number of milliseconds > 0, got ${openMs}`;
  return undefined;
}

function isPositiveMs(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
