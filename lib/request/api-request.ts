import type { AuthProvider } from '../auth/auth-provider';
import type { RetryOverride, RetryPolicy } from '../pipeline/retry-policy';
import type { Interceptor } from '../pipeline/interceptor';
import type { QuerySerializer, ResponseMode } from '../client/options';
import type { ClassRef, ReturnsMetadata } from '../decorators/metadata-keys';
import type { HttpErrorClass } from '../errors/errors';
import type { QueryStyle } from './query-string';

export type HttpMethod = string;
export type ResponseType = 'auto' | 'json' | 'text' | 'bytes' | 'stream';
export type QueryValue = string | string[];

/** What an interceptor can learn about the declared method behind a request. */
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

/** One request as it travels through the pipeline. Fresh for every call; interceptors may change it. */
export interface ApiRequest {
  method: HttpMethod;
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
  responseType: ResponseType;
  /** The retry policy that applies to this call (call > method > class > client), or false. */
  retry: RetryPolicy | false;
  /** The auth provider for this call; undefined for `@NoAuth` or a client without auth. */
  auth?: AuthProvider;
  /** Options that only the transport reads. */
  transport: TransportOptions;
  /** `CallOptions.interceptors` of this call; they run inside the client's interceptors. */
  interceptors?: readonly Interceptor[];
  /** Value-less query parameters (`?name`, from `@QueryName`), already percent-encoded; sent after `query`. */
  queryNames?: string[];
  /** `CallOptions.onUploadProgress` / `onDownloadProgress` of this call. */
  onUploadProgress?: (progress: TransferProgress) => void;
  onDownloadProgress?: (progress: TransferProgress) => void;
}

/** How much of a body has gone out (upload) or come in (download); `total` when the length is known. */
export interface TransferProgress {
  loaded: number;
  total?: number;
}

/** Per-endpoint settings that the transport and response stages read; shared by every call, never mutate. */
export interface TransportOptions {
  readonly maxContentLength: number;
  readonly maxRedirects: number;
  /** The origin (`protocol//host:port`) of baseURL: the only one that may receive credentials. */
  readonly trustedOrigin: string;
  readonly querySerializer: QuerySerializer;
  /** Query names whose values are already percent-encoded. */
  readonly encodedQuery: ReadonlySet<string>;
  /** The client's `errors` option: status → error class. */
  readonly errors: Readonly<Record<number, HttpErrorClass>>;
  /** `@ErrorType`: class-transformer type for HttpError.data. */
  readonly errorType?: ClassRef;
  /** `@Returns`: class-transformer type for the body. */
  readonly returns?: ReturnsMetadata;
  /** The template's literal query (`@Get('/search?sort=desc&flag')` → `sort=desc&flag`), sent first, as written. */
  readonly literalQuery?: string;
  /** `@Query(name, { style })`: per-name array styles over `querySerializer`. */
  readonly queryStyles?: ReadonlyMap<string, QueryStyle>;
  /**
   * The body is a stream of events (`@ServerSentEvents`, `@JsonLines`): `timeout` bounds the wait for the
   * headers and then each idle gap, and maxContentLength each event, never the whole (endless) body.
   */
  readonly eventStream?: boolean;
}

/** Per-call options, passed through a parameter decorated with `@CallOptions()`. */
export interface CallOptions {
  signal?: AbortSignal;
  timeout?: number;
  headers?: Record<string, string | undefined>;
  retry?: RetryOverride | false;
  auth?: AuthProvider | string | false;
  responseMode?: ResponseMode;
  interceptors?: Interceptor[];
  /** Called as the request body goes out: `{ loaded, total? }` bytes. */
  onUploadProgress?: (progress: TransferProgress) => void;
  /** Called as the response body comes in: `{ loaded, total? }` bytes (`total` from Content-Length). */
  onDownloadProgress?: (progress: TransferProgress) => void;
}
