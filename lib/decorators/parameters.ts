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
export const QueryMap = () => parameter('queryMap');
export const Header = (name: string) => parameter('header', { name });
export const HeaderMap = () => parameter('headerMap');
export const Body = () => parameter('body');
export const Field = (name: string) => parameter('field', { name });
export const FieldMap = () => parameter('fieldMap');
export const Part = (name: string, options: { filename?: string; contentType?: string } = {}) =>
  parameter('part', { name, filename: options.filename, contentType: options.contentType });
export const Url = () => parameter('url');
/** Per-call options, passed through a parameter decorated with `@CallOptions()`. */
export interface CallOptions {
  signal?: AbortSignal;
  timeout?: number;
  headers?: Record<string, string | undefined>;
  retry?: RetryOverride | false;
  auth?: AuthProvider | string | false;
  responseMode?: ResponseMode;
  /** They run inside the client's interceptors, for this call only. */
  interceptors?: Interceptor[];
  /** Called as the request body goes out: `{ loaded, total? }` bytes. */
  onUploadProgress?: (progress: TransferProgress) => void;
  /** Called as the response body comes in: `{ loaded, total? }` bytes (`total` from Content-Length). */
  onDownloadProgress?: (progress: TransferProgress) => void;
}
export const CallOptions = () => parameter('callOptions');
