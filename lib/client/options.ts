import type { AxiosInstance, AxiosProxyConfig } from 'axios';
import type { AuthProvider } from '../core/auth';
import { mergeHeaderNames } from '../core/http';
import { ownCopy, ownCopyOf } from '../core/own-properties';
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
 * The nested option objects that restfit reads field by field: each is copied by own properties too.
 * (`hooks` may be a class instance: the client reads its methods with `declaredValue` instead.)
 */
const NESTED_OPTIONS = ['headers', 'rateLimit', 'errors'] as const;

/**
 * The user's options as restfit reads them: own properties only, on null prototypes, so that a polluted
 * `Object.prototype.baseURL` (or `auth`, `proxy`, `retry`…) changes nothing. Providers, agents, axios
 * instances and the logger are the user's objects and are kept as they are.
 */
export function ownOptions(options: RestClientOptions): RestClientOptions {
  const own = ownCopy(options);
  for (const key of NESTED_OPTIONS)
    if (own[key] !== undefined) (own as Record<string, unknown>)[key] = ownCopyOf(own[key]);
  const retry = own.retry;
  if (typeof retry === 'object' && retry !== null) {
    const copy = ownCopy(retry);
    if (copy.backoff !== undefined) copy.backoff = ownCopyOf(copy.backoff);
    own.retry = copy;
  }
  const auth = own.auth;
  // A map of named providers is looked up by name; a provider (its own authenticate, or a class's) is kept.
  if (isPlainObject(auth) && !Object.hasOwn(auth, 'authenticate')) own.auth = ownCopy(auth);
  return own;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
 * A derived client's options (`with()`): the overrides (own properties only) over the parent's; headers merge by
 * case-insensitive name (an override, or an `undefined` that removes one, always lands), hooks by
 * name, retry settings by the one retry merge.
 */
export function mergeClientOptions(
  parent: RestClientOptions,
  overrides: RestClientOptions,
): RestClientOptions {
  const merged: RestClientOptions = Object.assign(Object.create(null), parent, overrides);
  if (parent.headers && overrides.headers)
    merged.headers = mergeHeaderNames(parent.headers, overrides.headers);
  if (parent.hooks && overrides.hooks) merged.hooks = { ...parent.hooks, ...overrides.hooks };
  if (overrides.retry !== undefined) merged.retry = mergeRetry(parent.retry, overrides.retry);
  return merged;
}
