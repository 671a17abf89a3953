import type { ApiError } from './api-error';
import type { ApiRequest, ApiResponse } from './exchange';

/** The option shapes every stage reads; `RestClientOptions` (client/) is made of them. */

/**
 * How list values of the query are written: `repeat` (default, `a=1&a=2`), `comma` (`a=1,2`) or
 * `brackets` (`a[]=1&a[]=2`).
 */
export type QuerySerializer = 'repeat' | 'comma' | 'brackets';

/** How `@Query(name, { style })` writes an array: `k=a&k=b`, `k=a,b`, `k[]=a&k[]=b`, `k[0]=a&k[1]=b`, `k=a|b`. */
export const QUERY_STYLES = ['repeat', 'comma', 'brackets', 'indices', 'pipe'] as const;
/**
 * How `@Query(name, { style })` writes an array: `repeat` (`k=a&k=b`), `comma` (`k=a,b`), `brackets`
 * (`k[]=a&k[]=b`), `indices` (`k[0]=a&k[1]=b`) or `pipe` (`k=a|b`).
 * @useDeclaredType
 */
export type QueryStyle = (typeof QUERY_STYLES)[number];

/** How much of a body has gone out (upload) or come in (download); `total` when the length is known. */
export interface TransferProgress {
  /** Bytes transferred so far. */
  loaded: number;
  /** All the bytes, when the length is known. */
  total?: number;
}

/**
 * A client-side rate limit (the `rateLimit` option, `@RateLimit`): at most `requests` calls start in
 * any window of `perMs` ms, a sliding window with no burst beyond it.
 */
export interface RateLimitOptions {
  /** How many calls may start in one window. */
  requests: number;
  /** The window's length, ms. */
  perMs: number;
  /** Wait for a free slot (default) or fail at once with RateLimitError. */
  wait?: boolean;
  /** With `store`: the window's name, shared by every process that uses the same key. */
  key?: string;
  /** Keeps the window outside the process (e.g. RedisRateLimitStore from restfit/redis). */
  store?: RateLimitStore;
  /** When the store fails or is late: a local window of the same size (default) or RateLimitError LIMITER_UNAVAILABLE. */
  onStoreError?: OnStoreError;
}

/**
 * Where a rate-limit window lives when several processes must share it (`rateLimit: { key, store }`).
 * Implement it to keep windows elsewhere than Redis; `RedisRateLimitStore` (restfit/redis) is one.
 */
export interface RateLimitStore {
  /**
   * Records one call start in the window `key` if fewer than `requests` started in the last `perMs` ms,
   * and resolves 0; otherwise records nothing and resolves the ms until a slot frees. Must be atomic
   * across every process using the store. `signal` fires when the caller stops waiting (its timeout):
   * a store may use it to abandon the command; restfit does not wait past it either way.
   */
  acquire(key: string, requests: number, perMs: number, signal: AbortSignal): Promise<number>;
}

/** What a shared window does when its store fails or does not answer in time. */
export type OnStoreError = 'fallback' | 'fail';

/**
 * The `circuitBreaker` option: one breaker per origin of a client. It counts logical calls whose final
 * outcome is a 5xx, a network error or a timeout as failures (4xx and cancellations are not); open, it
 * fails calls at once with CircuitOpenError. Off unless given.
 */
export interface CircuitBreakerOptions {
  /** Open when at least this share (0–1] of the calls in the window failed… */
  failureRatio: number;
  /** …and the window holds at least this many calls. */
  minimumCalls: number;
  /** The window of recent calls the ratio is taken over, in ms. */
  windowMs: number;
  /** How long the circuit stays open before probes may go through, in ms. */
  openMs: number;
  /** Probes let through when half-open; that many successes close the circuit, one failure re-opens it. */
  halfOpenCalls: number;
}

/** `closed`: calls go through; `open`: they fail at once; `half-open`: a few probes go through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** `hooks.onCircuitStateChange`: the breaker of `origin` went from one state to another. */
export interface CircuitStateChange {
  /** The origin whose breaker changed, e.g. `https://api.example.com`. */
  origin: string;
  /** The state before. */
  from: CircuitState;
  /** The state now. */
  to: CircuitState;
}

/** What `hooks.onRetry` receives before the wait for each retry. */
export interface RetryEvent {
  /** The attempt that is about to be made (2 for the first retry). */
  attempt: number;
  /** How long restfit waits before the retry, ms (backoff or Retry-After). */
  delayMs: number;
  /** The call's request. */
  request: ApiRequest;
  /** The failed attempt's outcome, when a response arrived. */
  response?: ApiResponse<unknown>;
  /** The failed attempt's error. */
  error?: ApiError;
}

/**
 * Callbacks that observe every attempt (the `hooks` option). They are called synchronously, and a
 * promise they return is not awaited.
 */
export interface Hooks {
  /** Before an attempt is sent (inside interceptors, rate limiting, retries and auth). */
  onRequest?(request: ApiRequest): void;
  /** After an attempt that succeeded; `response.elapsedMs` is that attempt's. */
  onResponse?(response: ApiResponse<unknown>, request: ApiRequest): void;
  /** Before the wait for a retry. */
  onRetry?(event: RetryEvent): void;
  /**
   * After an attempt that failed (error status, network error, timeout, …); `error.elapsedMs` is that
   * attempt's.
   */
  onError?(error: ApiError, request: ApiRequest): void;
  /** The circuit breaker of an origin changed state (closed, open, half-open). */
  onCircuitStateChange?(change: CircuitStateChange): void;
}

/**
 * Where restfit logs (the `logger` option): `console`, pino, winston or anything with these four
 * methods. Nothing restfit logs contains a secret.
 */
export interface Logger {
  /** Detail: each attempt's outcome and duration, token obtains and refreshes. */
  debug(...args: unknown[]): void;
  /** Noteworthy events. */
  info(...args: unknown[]): void;
  /** Something went wrong but the call goes on: a retry, a token store that could not save. */
  warn(...args: unknown[]): void;
  /** Failures restfit reports on its own. */
  error(...args: unknown[]): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONTENT_LENGTH = 50 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** Injectable time and randomness, so backoff, rate limits and timeouts are testable without waiting. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Waits restfit chooses: backoff, Retry-After, rate limits. An aborted signal ends the wait. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for backoff jitter. */
  random(): number;
  /**
   * Optional: resolves once `ms` have passed on this clock, unless `signal` fires first; it times the
   * attempt timeouts (`timeout`, `retry.deadlineMs` cuts). Without it, attempt timeouts run on the
   * wall clock, so a clock whose sleep returns at once cannot time every attempt out.
   */
  timer?(ms: number, signal: AbortSignal): Promise<void>;
}
