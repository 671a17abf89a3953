import type { AxiosInstance, AxiosProxyConfig } from 'axios';
import type { AuthProvider } from '../core/auth';
import { mergeHeaderNames } from '../core/http';
import type { ApiResponse, Interceptor, ResponseMode } from '../core/exchange';
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
import type { HttpAgent, HttpsAgent } from '../platform';

/**
 * A client's options. `Mode` is the literal `responseMode` given (`'full'` types every method's result
 * as an ApiResponse: see FullResponseService); left out, or not a literal, methods keep their declared types.
 */
export interface RestClientOptions<Mode extends ResponseMode = ResponseMode> {
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
  /** `'body'` (default): resolve with the decoded body, throw on failure; `'full'`: resolve an ApiResponse. */
  responseMode?: Mode;
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
 * A service as a client with `responseMode: 'full'` makes it: each method declared to return `Promise<T>`
 * returns `Promise<ApiResponse<T>>` (one already returning an ApiResponse is left as it is). Methods that
 * return anything else (`@Paginate`'s AsyncGenerator) keep their type.
 */
export type FullResponseService<S> = {
  [K in keyof S]: S[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<[R] extends [ApiResponse<unknown>] ? R : ApiResponse<R>>
    : S[K];
};

/** The type `create(Service)` gives: full responses only for the literal mode `'full'`. */
export type ServiceFor<S, Mode extends ResponseMode> = [Mode] extends ['full'] ? FullResponseService<S> : S;

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
