import type { ApiResponse } from './exchange';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  methods: string[];
  statusCodes: number[];
  networkErrors: boolean;
  timeouts: boolean;
  backoff: { baseMs: number; maxMs: number };
  maxRetryAfterMs: number;
  deadlineMs?: number;
  retryIf?: (outcome: ApiResponse<unknown>, attempt: number) => boolean;
}

export type RetryOverride = Partial<Omit<RetryPolicy, 'backoff'>> & {
  backoff?: Partial<RetryPolicy['backoff']>;
};

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  limit: 2,
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  statusCodes: [408, 425, 429, 500, 502, 503, 504],
  networkErrors: true,
  timeouts: true,
  backoff: Object.freeze({ baseMs: 200, maxMs: 20_000 }),
  maxRetryAfterMs: 60_000,
  // Own (undefined) keys: a policy merged from this one never reads Object.prototype.deadlineMs.
  deadlineMs: undefined,
  retryIf: undefined,
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
  // Spreads copy own properties only; `backoff` is read the same way (never a polluted prototype's).
  return { ...base, ...override, backoff: { ...ownBackoff(base), ...ownBackoff(override) } };
}

function ownBackoff(policy: RetryOverride): RetryOverride['backoff'] {
  return Object.hasOwn(policy, 'backoff') ? policy.backoff : undefined;
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
