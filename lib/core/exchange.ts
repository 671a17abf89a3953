import type { ApiError, RequestSummary } from './api-error';

export type { RequestSummary } from './api-error';

/**
 * What travels through the pipeline: the request of one call, the outcome it resolves to, and the
 * interceptor that sits between them. Every stage speaks these types.
 */

export type ResponseType = 'auto' | 'json' | 'text' | 'bytes' | 'stream';
export type ResponseMode = 'body' | 'full';
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
  method: string;
  /** Absolute URL without the query string; the query lives in `query`. */
  url: string;
  /** Plain object, lower-case names. */
  headers: Record<string, string>;
  query: Record<string, QueryValue>;
  /** JSON value, string, Buffer, Uint8Array, Blob, Readable, URLSearchParams or MultipartBody. */
  body: unknown;
  /** Per-attempt timeout in ms; 0 disables it. */
  timeout: number;
  signal?: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry or replay, ... */
  attempt: number;
  endpoint: Endpoint;
}

/** The outcome of a call: always has a status (0 when no response arrived) and, unless ok, an error. */
export interface ApiResponse<T = unknown> {
  ok: boolean;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ', ' (set-cookie with '\n'). */
  headers: Record<string, string>;
  data: T | undefined;
  error?: ApiError;
  elapsedMs: number;
  attempts: number;
  request: RequestSummary;
}

export type Next = (request: ApiRequest) => Promise<ApiResponse<unknown>>;

/**
 * A step around the transport. Resolve with an ApiResponse (set `error` for failures) rather than
 * throwing: the pipeline speaks in outcomes so retry and auth can inspect them.
 */
export type Interceptor = (request: ApiRequest, next: Next) => Promise<ApiResponse<unknown>>;

/** A class, as decorators name one: `@Returns(User)`, `@ErrorType(Problem)`. */
export type ClassRef = new (...args: any[]) => unknown;
