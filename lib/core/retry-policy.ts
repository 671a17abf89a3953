import type { ApiResponse } from './exchange';

/**
 * When and how a failed call is retried (the `retry` option, `@Retry`, `CallOptions.retry`). Any part
 * may be given; it is merged over DEFAULT_RETRY_POLICY, class over client, method over class, call over
 * method. A Retry-After header wins over backoff; a stream body is never re-sent.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** The methods retried; an `@Idempotent` method always is. Default GET, HEAD, OPTIONS, PUT, DELETE. */
  methods: string[];
  /** The statuses retried. Default 408, 425, 429, 500, 502, 503, 504. */
  statusCodes: number[];
  /**
   * Retry when the connection was refused or reset before a response (never DNS or TLS failures).
   * Default true.
   */
  networkErrors: boolean;
  /** Retry an attempt that timed out. Default true. */
  timeouts: boolean;
  /**
   * The wait before a retry, "full jitter": random, up to `baseMs` before the first retry, doubling each
   * time, never over `maxMs`. Default 200 ms and 20 s.
   * @property __type.baseMs - The longest wait before the first retry, ms.
   * @property __type.maxMs - The longest wait before any retry, ms.
   */
  backoff: { baseMs: number; maxMs: number };
  /**
   * A Retry-After up to this many ms is honoured; a longer one ends the call at once with that response's
   * error (`retryAfterMs` set). Default 60 000.
   */
  maxRetryAfterMs: number;
  /**
   * One budget in ms for the whole call, every attempt and wait included: past it the call fails with
   * TimeoutError `DEADLINE_EXCEEDED` (`cause`: the last attempt's error), and a backoff that would cross it
   * ends the call at once. Default: none.
   */
  deadlineMs?: number;
  /**
   * Decides instead of `statusCodes`, `networkErrors` and `timeouts`: return true to retry. `attempt` counts
   * the attempts made so far. The method rule, `limit`, cancellation and DNS/TLS failures still apply.
   */
  retryIf?: (outcome: ApiResponse<unknown>, attempt: number) => boolean;
}

/** Any part of a RetryPolicy, as the options, `@Retry` and `CallOptions` take it. */
export type RetryOverride = Partial<Omit<RetryPolicy, 'backoff'>> & {
  /** Either field of `backoff`; the other keeps its value from the level below. */
  backoff?: Partial<RetryPolicy['backoff']>;
};

/**
 * The policy every override is merged over: 2 retries of GET, HEAD, OPTIONS, PUT and DELETE after 408,
 * 425, 429, 500, 502, 503, 504, a refused or reset connection or a timeout; backoff up to 200 ms doubling
 * to 20 s; Retry-After honoured up to 60 s.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  limit: 2,
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  statusCodes: [408, 425, 429, 500, 502, 503, 504],
  networkErrors: true,
  timeouts: true,
  backoff: Object.freeze({ baseMs: 200, maxMs: 20_000 }),
  maxRetryAfterMs: 60_000,
});

/**
 * The one merge of retry settings: `override` over `base`, `backoff` field by field; `false` disables
 * retries, `undefined` keeps `base`. Used for every level (client, class, method, call) and for `with()`.
 */
export function mergeRetry(
  base: RetryOverride | false | undefined,
  override: RetryOverride | false | undefined,
): RetryOverride | false | undefined {
  if (override === undefined) return base;
  if (override === false || base === undefined || base === false) return override;
  return { ...base, ...override, backoff: { ...base.backoff, ...override.backoff } };
}

/** A complete policy: `override` over `base` (over the defaults when `base` is false). */
export function mergeRetryPolicy(
  base: RetryPolicy | false,
  override: RetryOverride | false | undefined,
): RetryPolicy | false {
  if (override === undefined || override === false) return override ?? base;
  return mergeRetry(base === false ? DEFAULT_RETRY_POLICY : base, override) as RetryPolicy;
}

/** An HTTP-date (IMF-fixdate, RFC 850 or asctime) always has a weekday or month name and an hh:mm:ss time. */
const HTTP_DATE_SHAPE = /[a-z]{3}.*\d{1,2}:\d{2}:\d{2}/i;

/**
 * Parses Retry-After (delta-seconds or HTTP-date) into ms from `now` (the client's clock); undefined
 * when absent or garbage (negative numbers, exponents, loose text like "May 5" that Date.parse would
 * still accept). A date in the past means "now": 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    // Absurdly many seconds still mean "a very long time" (above any maxRetryAfterMs), not garbage.
    return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
  }
  if (!HTTP_DATE_SHAPE.test(text)) return undefined;
  // asctime carries no zone but means GMT, as every HTTP-date does; Date.parse would read it as local time.
  const date = Date.parse(/\b(?:GMT|UTC|Z)\b|[+-]\d{4}\b/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
