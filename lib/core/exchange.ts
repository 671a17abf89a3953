import type { ApiError, RequestSummary } from './api-error';

export type { RequestSummary } from './api-error';

/**
 * What travels through the pipeline: the request of one call, the outcome it resolves to, and the
 * interceptor that sits between them. Every stage speaks these types.
 */

/**
 * How a body is decoded: `auto` (by content type; the default), `json`, `text`, `bytes` (a Buffer on
 * Node, a Uint8Array elsewhere) or `stream` (a Node Readable on Node, a web ReadableStream elsewhere).
 * @inline
 */
export type ResponseType = 'auto' | 'json' | 'text' | 'bytes' | 'stream';
/**
 * `body` (default): a call resolves with the decoded body and throws on failure; `full`: it resolves
 * with an ApiResponse for every outcome and throws only DeclarationError and RequestError.
 */
export type ResponseMode = 'body' | 'full';
/** A query parameter's value; a list repeats the parameter (or is joined, per `querySerializer`). */
export type QueryValue = string | string[];

/** What an interceptor can learn about the declared method behind a request (Retrofit's `Invocation`). */
export interface Endpoint {
  /** The service class name, e.g. `UsersApi`. */
  readonly service: string;
  /** The method name, e.g. `getUser`. */
  readonly operation: string;
  /** The declared path template, base path included, e.g. `/v1/users/{id}`. */
  readonly pathTemplate: string;
  /** The arguments of this call, as the caller passed them. */
  readonly args: readonly unknown[];
  /** The service class, to read custom decorators with `Reflect.getMetadata(key, ...)`. */
  readonly serviceClass: Function;
  /** Reads a metadata key from the declared method (own decorators first, then the class). */
  metadata<T = unknown>(key: string | symbol): T | undefined;
}

/**
 * One request as it travels through the pipeline. Fresh for every call; interceptors may change it.
 * How restfit handles it (retry policy, auth, limits, decoding) comes from the method's call plan,
 * which travels hidden in `endpoint`.
 */
export interface ApiRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** Absolute URL without the query string; the query lives in `query`. */
  url: string;
  /** Plain object, lower-case names. */
  headers: Record<string, string>;
  /** The query parameters by name, not yet encoded; serialized per `querySerializer` when sent. */
  query: Record<string, QueryValue>;
  /** JSON value, string, Buffer, Uint8Array, Blob, Readable, URLSearchParams or MultipartBody. */
  body: unknown;
  /** Per-attempt timeout in ms; 0 disables it. */
  timeout: number;
  /** The caller's AbortSignal (`CallOptions.signal`): aborting it ends the call with CancelledError. */
  signal?: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry or replay, ... */
  attempt: number;
  /** The declared method behind the request: service, operation, path template, arguments, metadata. */
  endpoint: Endpoint;
}

/** The outcome of a call: always has a status (0 when no response arrived) and, unless ok, an error. */
export interface ApiResponse<T = unknown> {
  /** True for a 2xx status whose body was decoded (and mapped). */
  ok: boolean;
  /** The HTTP status; 0 when no response arrived. */
  status: number;
  /** The reason phrase; often `''` (HTTP/2 has none). */
  statusText: string;
  /** Lower-case names; repeated headers joined with ', ' (set-cookie with '\n'). */
  headers: Record<string, string>;
  /** The decoded (and mapped) body; on failure the decoded error body, if any. */
  data: T | undefined;
  /** Set exactly when `ok` is false: the typed error, with `message`, `code` and `status`. */
  error?: ApiError;
  /**
   * Milliseconds for the whole call, every attempt and wait included (in `hooks.onResponse`: for
   * that attempt).
   */
  elapsedMs: number;
  /** Attempts made so far, the replay after a token refresh included. */
  attempts: number;
  /** Method, redacted URL, service and operation of the call. */
  request: RequestSummary;
}

/** The rest of the pipeline, as an interceptor calls it: `next(request)`. */
export type Next = (request: ApiRequest) => Promise<ApiResponse<unknown>>;

/**
 * A step around the transport. Resolve with an ApiResponse (set `error` for failures) rather than
 * throwing: the pipeline speaks in outcomes so retry and auth can inspect them.
 */
export type Interceptor = (request: ApiRequest, next: Next) => Promise<ApiResponse<unknown>>;

/**
 * A class, as decorators name one: `@Returns(User)`, `@ErrorType(Problem)`.
 * @inline
 */
export type ClassRef = new (...args: any[]) => unknown;

/**
 * Marks an axios adapter of restfit's own (restfit/undici, restfit/testing) that, like axios's built-in
 * adapters, takes any object with `aborted`, `addEventListener` and `removeEventListener` as
 * `config.signal`: the transport may then hand it its lighter abort signal (pipeline/attempt-guard.ts).
 */
export const TAKES_ANY_ABORT_SIGNAL: unique symbol = Symbol.for('restfit.takesAnyAbortSignal');
