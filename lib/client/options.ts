import type { AxiosInstance, AxiosProxyConfig } from 'axios';
import type { AuthProvider } from '../core/auth';
import { mergeHeaderNames } from '../core/http';
import type { Interceptor, ResponseMode } from '../core/exchange';
import type {
  CircuitBreakerOptions,
  Clock,
  Hooks,
  Logger,
  QuerySerializer,
  RateLimitOptions,
} from '../core/options';
import { mergeRetry, type RetryOverride } from '../core/retry-policy';
import type { HttpErrorClass } from '../errors/errors';
import type { HttpAgent, HttpsAgent } from '../platform/node';

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

/**
 * A derived client's options (`with()`): the overrides over the parent's; headers merge by
 * case-insensitive name (an override, or an `undefined` that removes one, always lands), hooks by
 * name, retry settings by the one retry merge.
 */
export function mergeClientOptions(
  parent: RestClientOptions,
  overrides: RestClientOptions,
): RestClientOptions {
  const merged: RestClientOptions = { ...parent, ...overrides };
  if (parent.headers && overrides.headers)
    merged.headers = mergeHeaderNames(parent.headers, overrides.headers);
  if (parent.hooks && overrides.hooks) merged.hooks = { ...parent.hooks, ...overrides.hooks };
  if (overrides.retry !== undefined) merged.retry = mergeRetry(parent.retry, overrides.retry);
  return merged;
}
