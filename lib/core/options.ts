import type { ApiError } from './api-error';
import type { ApiRequest, ApiResponse } from './exchange';

/** The option shapes every stage reads; `RestClientOptions` (client/) is made of them. */

export type QuerySerializer = 'repeat' | 'comma' | 'brackets';

/** How `@Query(name, { style })` writes an array: `k=a&k=b`, `k=a,b`, `k[]=a&k[]=b`, `k[0]=a&k[1]=b`, `k=a|b`. */
export const QUERY_STYLES = ['repeat', 'comma', 'brackets', 'indices', 'pipe'] as const;
export type QueryStyle = (typeof QUERY_STYLES)[number];

/** How much of a body has gone out (upload) or come in (download); `total` when the length is known. */
export interface TransferProgress {
  loaded: number;
  total?: number;
}

export interface RateLimitOptions {
  requests: number;
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

export type CircuitState = 'closed' | 'open' | 'half-open';

/** `hooks.onCircuitStateChange`: the breaker of `origin` went from one state to another. */
export interface CircuitStateChange {
  origin: string;
  from: CircuitState;
  to: CircuitState;
}

export interface RetryEvent {
  /** The attempt that is about to be made (2 for the first retry). */
  attempt: number;
  delayMs: number;
  request: ApiRequest;
  response?: ApiResponse<unknown>;
  error?: ApiError;
}

export interface Hooks {
  onRequest?(request: ApiRequest): void;
  onResponse?(response: ApiResponse<unknown>, request: ApiRequest): void;
  onRetry?(event: RetryEvent): void;
  onError?(error: ApiError, request: ApiRequest): void;
  /** The circuit breaker of an origin changed state (closed, open, half-open). */
  onCircuitStateChange?(change: CircuitStateChange): void;
}

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
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
  random(): number;
  /**
   * Optional: resolves once `ms` have passed on this clock, unless `signal` fires first; it times the
   * attempt timeouts (`timeout`, `retry.deadlineMs` cuts). Without it, attempt timeouts run on the
   * wall clock, so a clock whose sleep returns at once cannot time every attempt out.
   */
  timer?(ms: number, signal: AbortSignal): Promise<void>;
}
