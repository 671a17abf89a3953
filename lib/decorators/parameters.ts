import type { CallOptions as CallOptionsShape } from '../request/api-request';
import type { ParameterKind, ParameterMetadata } from './metadata-keys';
import { recordMethod, recordMisplaced } from './record';

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

/** Fills `{name}` in the path; percent-encoded as one segment unless `encoded`. */
export const Path = (name: string, options: { encoded?: boolean } = {}) =>
  parameter('path', { name, encoded: options.encoded });
export const Query = (name: string, options: { encoded?: boolean } = {}) =>
  parameter('query', { name, encoded: options.encoded });
export const QueryMap = () => parameter('queryMap');
export const Header = (name: string) => parameter('header', { name });
export const HeaderMap = () => parameter('headerMap');
export const Body = () => parameter('body');
export const Field = (name: string) => parameter('field', { name });
export const FieldMap = () => parameter('fieldMap');
export const Part = (name: string, options: { filename?: string; contentType?: string } = {}) =>
  parameter('part', { name, filename: options.filename, contentType: options.contentType });
export const Url = () => parameter('url');
/** Per-call options: `{ signal?, timeout?, headers?, retry?, auth?, responseMode? }`. */
export interface CallOptions extends CallOptionsShape {}
export const CallOptions = () => parameter('callOptions');
