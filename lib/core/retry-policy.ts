import type { ApiResponse } from './exchange';

/** How a delay is drawn under the exponential cap (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export const JITTERS = ['full', 'equal', 'decorrelated', 'none'] as const;
/**
 * How a backoff delay is drawn from its cap: `full` (uniform in [0, cap), the default), `equal` (half the
 * cap plus a random half), `decorrelated` (random between `baseMs` and `factor` × the previous delay,
 * capped) or `none` (the cap itself).
 * @useDeclaredType
 */
export type Jitter = (typeof JITTERS)[number];

/** `cap = min(maxMs, baseMs · factor^retry)`; the jitter draws the delay from it (pipeline/wait.ts). */
export interface ExponentialBackoff {
  /** The cap before the first retry, ms; default 200. */
  baseMs: number;
  /** The largest cap, ms; default 20 000. */
  maxMs: number;
  /** Default `'full'`: uniform in [0, cap). */
  jitter?: Jitter;
  /** Growth per retry: default 2 (3 for `'decorrelated'`, where it multiplies the previous delay). */
  factor?: number;
}

/** Your own delay in ms before the retry that follows attempt `attempt` (1 for the first failure). */
export type BackoffFunction = (attempt: number, previousDelayMs: number) => number;

/** The wait before each retry: an exponential shape or your own function. */
export type Backoff = ExponentialBackoff | BackoffFunction;

/** A `backoff` override: fields of the exponential shape (merged over the policy's), or a function. */
export type BackoffOverride = Partial<ExponentialBackoff> | BackoffFunction;

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
  /** Exponential `{ baseMs, maxMs, jitter?, factor? }` (full jitter by default), or a function. */
  backoff: Backoff;
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
  /** Fields of the exponential backoff (the others keep their values from the level below), or a function. */
  backoff?: BackoffOverride;
};

const DEFAULT_BACKOFF: ExponentialBackoff = Object.freeze({ baseMs: 200, maxMs: 20_000 });

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
  backoff: DEFAULT_BACKOFF,
  maxRetryAfterMs: 60_000,
  // Own (undefined) keys: a policy merged from this one never reads Object.prototype.deadlineMs.
  deadlineMs: undefined,
  retryIf: undefined,
});

/**
 * The one merge of retry settings: `override` over `base`, `backoff` field by field (a function
 * replaces the backoff; fields over a function apply to the default exponential shape); `false` disables
 * retries, `undefined` keeps `base`. Used for every level (client, class, method, call) and for `with()`.
 */
export function mergeRetry(
  base: RetryOverride | false | undefined,
  override: RetryOverride | false | undefined,
): RetryOverride | false | undefined {
  if (override === undefined) return base;
  if (override === false || base === undefined || base === false) return override;
  // Spreads copy own properties only; `backoff` is read the same way (never a polluted prototype's).
  return { ...base, ...override, backoff: mergeBackoff(ownBackoff(base), ownBackoff(override)) };
}

function ownBackoff(policy: RetryOverride): BackoffOverride | undefined {
  return Object.hasOwn(policy, 'backoff') ? policy.backoff : undefined;
}

function mergeBackoff(
  base: BackoffOverride | undefined,
  override: BackoffOverride | undefined,
): BackoffOverride | undefined {
  if (override === undefined || typeof override === 'function') return override ?? base;
  if (base === undefined) return override;
  return { ...(typeof base === 'function' ? DEFAULT_BACKOFF : base), ...override };
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
