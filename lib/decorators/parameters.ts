import type { AuthProvider } from '../core/auth';
import type { Interceptor, ResponseMode } from '../core/exchange';
import type { QueryStyle, TransferProgress } from '../core/options';
import type { RetryOverride } from '../core/retry-policy';
import { recordMethod, recordMisplaced, type ParameterKind, type ParameterMetadata } from './metadata';

function parameter(
  kind: ParameterKind,
  extra: Omit<ParameterMetadata, 'index' | 'kind'> = {},
): ParameterDecorator {
  return (target, key, index) => {
    // Constructor parameters and static methods are never called through a client; create() refuses them.
    if (key === undefined) return recordMisplaced(target as Function, `constructor parameter ${index}`);
    if (typeof target === 'function') return recordMisplaced(target, `static method "${String(key)}"`);
    recordMethod(target, key, (meta) =>
      meta.params.push(Object.assign(Object.create(null), { index, kind, ...extra })),
    );
  };
}

/**
 * Fills `{name}` in the path; percent-encoded as one segment unless `encoded`. With `segments: true`
 * the value may hold `/` and each segment is encoded on its own (empty, `.` and `..` segments are refused).
 */
export const Path = (name: string, options: { encoded?: boolean; segments?: boolean } = {}) =>
  parameter('path', { name, encoded: options.encoded, segments: options.segments });
/** A query parameter; `style` says how an array is written (default: the client's querySerializer). */
export const Query = (name: string, options: { encoded?: boolean; style?: QueryStyle } = {}) =>
  parameter('query', { name, encoded: options.encoded, style: options.style });
/** A value-less query parameter (`?name`); an array adds one per item. Percent-encoded unless `encoded`. */
export const QueryName = (options: { encoded?: boolean } = {}) =>
  parameter('queryName', { encoded: options.encoded });
/** An object (own properties) or a `Map` of query parameters, each value as for `@Query`. */
export const QueryMap = () => parameter('queryMap');
/** A request header; a list is joined with `, `, and `undefined`/`null` leaves the header out. */
export const Header = (name: string) => parameter('header', { name });
/** An object (own properties) or a `Map` of request headers, each value as for `@Header`. */
export const HeaderMap = () => parameter('headerMap');
/**
 * The request body: a plain object or class instance goes as JSON (class-transformer `instanceToPlain`);
 * a Buffer, Uint8Array, ArrayBuffer, Blob, stream (Node Readable or web ReadableStream), URLSearchParams,
 * FormData, MultipartBody or string as it is.
 */
export const Body = () => parameter('body');
/** A form field (with `@FormUrlEncoded()`); `undefined`/`null` leaves it out. */
export const Field = (name: string) => parameter('field', { name });
/** An object (own properties) or a `Map` of form fields (with `@FormUrlEncoded()`). */
export const FieldMap = () => parameter('fieldMap');
/**
 * A multipart part (with `@Multipart()`): a Buffer, Uint8Array, Blob, stream, string, or an object sent
 * as JSON; a list gives one part per item. A Blob brings its own type, a File its name; `filename` and
 * `contentType` set them. For a filename chosen at call time, pass a MultipartBody with `@Body()`.
 */
export const Part = (name: string, options: { filename?: string; contentType?: string } = {}) =>
  parameter('part', { name, filename: options.filename, contentType: options.contentType });
/**
 * A full URL for this call instead of the declared path. Credentials go with it only to the client's
 * baseURL origin.
 */
export const Url = () => parameter('url');
/** Per-call options, passed through a parameter decorated with `@CallOptions()`. */
export interface CallOptions {
  /** Cancels the call at any point (before sending, in flight, during a backoff wait) with CancelledError. */
  signal?: AbortSignal;
  /** This call's per-attempt timeout in ms (0 disables it). */
  timeout?: number;
  /** Headers for this call, over the method's; `undefined` removes one. */
  headers?: Record<string, string | undefined>;
  /** Retry settings for this call, merged over the method's; `false`: no retries. */
  retry?: RetryOverride | false;
  /** This call's credentials: a provider, the name of one in the client's `auth` map, or `false` for none. */
  auth?: AuthProvider | string | false;
  /** `'full'`: this call resolves to an ApiResponse instead of the body. */
  responseMode?: ResponseMode;
  /** They run inside the client's interceptors, for this call only. */
  interceptors?: Interceptor[];
  /** Called as the request body goes out: `{ loaded, total? }` bytes. */
  onUploadProgress?: (progress: TransferProgress) => void;
  /** Called as the response body comes in: `{ loaded, total? }` bytes (`total` from Content-Length). */
  onDownloadProgress?: (progress: TransferProgress) => void;
}
/** The parameter that receives this call's CallOptions (at most one per method; it may be left out). */
export const CallOptions = () => parameter('callOptions');
