import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { AxiosInstance, AxiosProxyConfig } from 'axios';
import type { AuthProvider } from '../auth/auth-provider';
import type { HttpErrorClass } from '../errors/errors';
import type { ApiError } from '../errors/errors';
import type { Interceptor } from '../pipeline/interceptor';
import type { RetryOverride } from '../pipeline/retry-policy';
import type { CircuitBreakerOptions, CircuitStateChange } from '../pipeline/circuit-breaker';
import type { OnStoreError, RateLimitStore } from '../pipeline/rate-limit-store';
import type { ApiRequest } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';

export type ResponseMode = 'body' | 'full';
export type QuerySerializer = 'repeat' | 'comma' | 'brackets';

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

/** Injectable time and randomness, so backoff and rate limits are testable without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export interface RestClientOptions {
  baseURL?: string;
  axios?: AxiosInstance;
  headers?: Record<string, string>;
  /** ms per attempt; default 30 000; 0 disables. */
  timeout?: number;
  auth?: AuthProvider | Record<string, AuthProvider>;
  retry?: RetryOverride | false;
  rateLimit?: RateLimitOptions;
  /** One breaker per origin (derived clients share their parent's); off unless given. */
  circuitBreaker?: CircuitBreakerOptions;
  interceptors?: Interceptor[];
  hooks?: Hooks;
  logger?: Logger;
  responseMode?: ResponseMode;
  errors?: Record<number, HttpErrorClass>;
  maxContentLength?: number;
  maxRedirects?: number;
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
  proxy?: AxiosProxyConfig | false;
  cert?: string | Buffer;
  key?: string | Buffer;
  ca?: string | Buffer | Array<string | Buffer>;
  rejectUnauthorized?: boolean;
  querySerializer?: QuerySerializer;
  clock?: Clock;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONTENT_LENGTH = 50 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
