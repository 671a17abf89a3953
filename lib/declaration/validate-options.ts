import type { CircuitBreakerOptions, RateLimitOptions } from '../core/options';
import {
  DEFAULT_RETRY_POLICY,
  JITTERS,
  type BackoffOverride,
  type RetryOverride,
} from '../core/retry-policy';

// Every key of a policy: the default lists the optional ones too, as undefined.
const RETRY_KEYS = Object.keys(DEFAULT_RETRY_POLICY);

/** A number rule and how a message states it: `limit must be a whole number ≥ 0, got -1`. */
type Rule = readonly [test: (value: any) => boolean, expected: string];

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const WHOLE_0: Rule = [(n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'];
const WHOLE_1: Rule = [(n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'];
const MS: Rule = [(n) => isNumber(n) && n >= 0, 'a number of milliseconds ≥ 0'];
const MS_ABOVE_0: Rule = [(n) => isNumber(n) && n > 0, 'a number of milliseconds > 0'];

/** The first of `rules` that `options` breaks, as a message; `optional` rules let undefined pass. */
function broken(
  options: object,
  rules: readonly (readonly [key: string, rule: Rule])[],
  optional: boolean,
  prefix = '',
): string | undefined {
  for (const [key, [test, expected]] of rules) {
    const value = (options as Record<string, unknown>)[key];
    if (!(optional && value === undefined) && !test(value))
      return `${prefix}${key} must be ${expected}, got ${value}`;
  }
  return undefined;
}

/** What is wrong with a retry override (`@Retry`, the `retry` option), or undefined. */
export function retryProblem(retry: RetryOverride | false): string | undefined {
  if (retry === false) return undefined;
  if (typeof retry !== 'object' || retry === null) return 'must be a partial RetryPolicy or false';
  const unknown = Object.keys(retry).find((key) => !RETRY_KEYS.includes(key));
  if (unknown) return `has no option "${unknown}" (known: ${RETRY_KEYS.join(', ')})`;
  const { methods, statusCodes, backoff, retryIf } = retry;
  const limit = broken(retry, [['limit', WHOLE_0]], true);
  if (limit) return limit;
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
  const ms = broken(
    retry,
    [
      ['maxRetryAfterMs', MS],
      ['deadlineMs', MS_ABOVE_0],
    ],
    true,
  );
  if (ms) return ms;
  if (retryIf !== undefined && typeof retryIf !== 'function') return 'retryIf must be a function';
  return undefined;
}

/** What is wrong with a backoff override: an exponential shape's fields, or a function. */
function backoffProblem(backoff: BackoffOverride): string | undefined {
  if (typeof backoff === 'function') return undefined;
  if (typeof backoff !== 'object' || backoff === null)
    return 'backoff must be { baseMs, maxMs, jitter?, factor? } or a function (attempt, previousDelayMs) => ms';
  const ms = broken(
    backoff,
    [
      ['baseMs', MS],
      ['maxMs', MS],
    ],
    true,
    'backoff.',
  );
  if (ms) return ms;
  if (backoff.jitter !== undefined && !JITTERS.includes(backoff.jitter))
    return `backoff.jitter must be one of ${JITTERS.map((j) => `'${j}'`).join(', ')}, got ${JSON.stringify(backoff.jitter)}`;
  return broken(backoff, [['factor', [(f) => isNumber(f) && f >= 1, 'a number ≥ 1']]], true, 'backoff.');
}

/** What is wrong with a rate limit (`@RateLimit`, the `rateLimit` option), or undefined. */
export function rateLimitProblem(limit: RateLimitOptions): string | undefined {
  if (typeof limit !== 'object' || limit === null)
    return 'must be { requests, perMs, wait?, key?, store?, onStoreError? }';
  const { wait, key, store, onStoreError } = limit;
  const numbers = broken(
    limit,
    [
      ['requests', [(n) => Number.isInteger(n) && n > 0, 'a whole number > 0']],
      ['perMs', MS_ABOVE_0],
    ],
    false,
  );
  if (numbers) return numbers;
  if (wait !== undefined && typeof wait !== 'boolean') return 'wait must be true or false';
  // `{ key, store, onStoreError }`: a window shared by every process using the key.
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
  return broken(
    options,
    [
      ['failureRatio', [(r) => typeof r === 'number' && r > 0 && r <= 1, 'a number in (0, 1]']],
      ['minimumCalls', WHOLE_1],
      ['halfOpenCalls', WHOLE_1],
      ['windowMs', MS_ABOVE_0],
      ['openMs', MS_ABOVE_0],
    ],
    false,
  );
}
