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
import type { NodeAgent } from '../platform/shapes';

/**
 * A client's options. `Mode` is the literal `responseMode` given (`'full'` types every method's result
 * as an ApiResponse: see FullResponseService); left out, or not a literal, methods keep their declared types.
 * All optional; `client.with(overrides)` takes the same shape. Precedence everywhere: per call > method
 * decorator > class decorator > these options > the axios instance's defaults.
 * @typeParam Mode - The `responseMode` given, as a literal type.
 * @example
 * ```ts
 * import { RestClient, bearerAuth } from 'restfit';
 *
 * export const client = new RestClient({
 *   baseURL: 'https://api.example.com/v1',
 *   auth: bearerAuth(() => process.env.API_TOKEN ?? ''),
 *   timeout: 10_000,
 *   retry: { limit: 3, backoff: { maxMs: 5_000 } },
 *   rateLimit: { requests: 10, perMs: 1_000 },
 * });
 * ```
 */
export interface RestClientOptions<Mode extends ResponseMode = ResponseMode> {
  /**
   * The origin (and optional path) that declared paths resolve against, e.g. `https://api.example.com/v1`.
   * Required unless the axios instance has a baseURL. Credentials are sent only to its origin.
   */
  baseURL?: string;
  /**
   * Your own axios instance. restfit never changes it (no interceptors added, no defaults changed) and its
   * own interceptors run on every attempt. Default: a keep-alive instance made from the transport settings
   * below (`httpAgent` … `rejectUnauthorized`), which are ignored when you pass one.
   */
  axios?: AxiosInstance;
  /** Headers sent with every request; `@Headers` and per-call headers override them by name (any case). */
  headers?: Record<string, string>;
  /** ms per attempt; default 30 000; 0 disables. */
  timeout?: number;
  /**
   * Credentials: one AuthProvider, or providers by name for `@Auth('name')` (the one named `default` serves
   * methods without `@Auth`). `@NoAuth()` methods send none.
   */
  auth?: AuthProvider | Record<string, AuthProvider>;
  /**
   * Retry settings merged over DEFAULT_RETRY_POLICY (`backoff` field by field), or `false` for no
   * retries.
   */
  retry?: RetryOverride | false;
  /**
   * A client-side rate limit shared by every service of this client and its derived clients: over it a call
   * waits for a slot (`wait: true`, the default) or fails with RateLimitError (`wait: false`).
   */
  rateLimit?: RateLimitOptions;
  /** One breaker per origin (derived clients share their parent's); off unless given. */
  circuitBreaker?: CircuitBreakerOptions;
  /**
   * Steps around every call, the first outermost. They run once per logical call, outside rate limiting,
   * retries and auth, so what they change applies to every attempt.
   */
  interceptors?: Interceptor[];
  /** Callbacks for every attempt: `onRequest`, `onResponse`, `onRetry`, `onError`. */
  hooks?: Hooks;
  /** Where restfit logs: `console`, pino, winston, …; secrets are never logged. Default: no logging. */
  logger?: Logger;
  /** `'body'` (default): resolve with the decoded body, throw on failure; `'full'`: resolve an ApiResponse. */
  responseMode?: Mode;
  /**
   * Your own error classes by status, e.g. `{ 404: UserNotFound }`: subclasses of HttpError (or of one of
   * its subclasses) without a constructor of their own; they may replace a built-in class.
   */
  errors?: Record<number, HttpErrorClass>;
  /**
   * The largest response body in bytes; a larger one is aborted with DecodeError `RESPONSE_TOO_LARGE`.
   * Default: the axios instance's, else 50 MiB.
   */
  maxContentLength?: number;
  /** How many redirects are followed; 0 follows none. Default: the axios instance's, else 5. */
  maxRedirects?: number;
  /** The Node `http.Agent` of the default axios instance. Default: a keep-alive agent. */
  httpAgent?: NodeAgent;
  /**
   * The Node `https.Agent` of the default axios instance. Default: a keep-alive agent with the TLS
   * settings below.
   */
  httpsAgent?: NodeAgent;
  /**
   * The default axios instance's proxy (axios's `proxy` setting); `false` ignores the proxy environment
   * variables.
   */
  proxy?: AxiosProxyConfig | false;
  /** TLS client certificate (PEM) of the default axios instance. */
  cert?: string | Uint8Array;
  /** TLS client key (PEM) of the default axios instance. */
  key?: string | Uint8Array;
  /** Certificate authorities (PEM) the default axios instance trusts instead of Node's. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** `false` accepts any server certificate (tests only). Default true. */
  rejectUnauthorized?: boolean;
  /** How list values of the query are written: `repeat` (default, `a=1&a=2`), `comma` or `brackets`. */
  querySerializer?: QuerySerializer;
  /**
   * Time and randomness for backoff, Retry-After, rate limits, token expiry and timeouts; for tests.
   * Default: the system clock.
   */
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

/** An empty, frozen object without a prototype: the prototype of the option records derived clients keep. */
const NO_PROTOTYPE: object = Object.freeze(Object.create(null));

/**
 * Own options (`ownOptions`) as a derived client keeps them: the same properties (and the headers' and
 * retry settings') on objects whose prototype is empty and frozen. A polluted Object.prototype is still
 * never read, and V8 keeps such an object compact, where one made by Object.create(null) is a hash table
 * of some 180 bytes: a client derived per tenant or per user should cost little.
 */
export function compactOptions(own: RestClientOptions): RestClientOptions {
  const compact = compactRecord(own);
  if (own.headers) compact.headers = compactRecord(own.headers);
  if (typeof own.retry === 'object' && own.retry !== null) compact.retry = compactRecord(own.retry);
  return compact;
}

function compactRecord<T extends object>(record: T): T {
  const copy = Object.create(NO_PROTOTYPE) as Record<string, unknown>;
  for (const key of Object.keys(record)) copy[key] = (record as Record<string, unknown>)[key];
  return copy as T;
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
