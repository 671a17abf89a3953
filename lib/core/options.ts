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
