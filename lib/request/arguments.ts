import type { QueryValue } from '../core/exchange';
import type { CallOptions } from '../decorators/parameters';
import type { ParameterKind, ParameterMetadata } from '../decorators/metadata';
import { RequestError } from '../errors/errors';
import { headerProblem, headerValueProblem } from '../core/http';
import { ownCopy, ownEntries } from '../core/own-properties';
import { appendField } from './body';
import { encodeComponent, encodePathSegments, encodePathValue, scalarToString } from './url';
import type { ParameterSpec } from '../declaration/call-plan';
import type { MultipartPart } from './multipart';

/** The pieces of one call's request while its arguments are applied. Fresh per call. */
export interface RequestParts {
  /** Encoded path values by placeholder name. */
  pathValues: Record<string, string>;
  query: Record<string, QueryValue>;
  /** `@QueryName` values, encoded. */
  queryNames?: string[];
  headers: Record<string, string>;
  body: unknown;
  hasBodyArgument: boolean;
  fields?: URLSearchParams;
  parts?: MultipartPart[];
  url?: string;
  callOptions?: CallOptions;
}

export function assertHeaderName(name: string, where: string): void {
  const problem = headerProblem(name, '');
  if (problem) throw new RequestError(`${where}: ${problem}`);
}

export function assertHeaderValue(name: string, value: string, where: string): void {
  const problem = headerValueProblem(name, value);
  if (problem) throw new RequestError(`${where}: ${problem}`);
}

type Apply = (parts: RequestParts, value: unknown, meta: ParameterMetadata, where: string) => void;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A @QueryMap/@HeaderMap/@FieldMap argument as pairs: a plain object (own properties) or a Map. */
function requireEntries(value: unknown, where: string): Array<[string, unknown]> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMap(value))
    throw new RequestError(`${where}: expected an object of name → value, got ${typeof value}`);
  return ownEntries(value);
}

function addQuery(parts: RequestParts, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const values = Array.isArray(value)
    ? value.filter((item) => item !== undefined && item !== null).map(scalarToString)
    : undefined;
  const existing = Object.hasOwn(parts.query, name) ? parts.query[name] : undefined;
  const next =
    existing === undefined
      ? (values ?? scalarToString(value))
      : ([] as string[]).concat(existing, values ?? scalarToString(value));
  setOwn(parts.query, name, next);
}

/**
 * `record[name] = value` for any name: "constructor" or "toString" must not read Object.prototype's,
 * and "__proto__" must become a property rather than replace the prototype.
 */
function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__')
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

// An already-encoded value is sent as is: these would be silently dropped or cut by the URL parser.
const UNSAFE_IN_ENCODED_QUERY = /[\s\0#]/;

function assertEncodedQuery(value: QueryValue | undefined, where: string): void {
  if (value === undefined) return;
  for (const item of typeof value === 'string' ? [value] : value) {
    if (UNSAFE_IN_ENCODED_QUERY.test(item)) {
      throw new RequestError(
        `${where}: an encoded query value may not contain whitespace, NUL or "#" — percent-encode them`,
      );
    }
  }
}

function setHeader(parts: RequestParts, name: string, value: unknown, where: string): void {
  if (value === undefined || value === null) return;
  // null/undefined items of an array are skipped, as for @Query (API.md §12.3); none left, no header.
  const items = Array.isArray(value)
    ? value.filter((item) => item !== undefined && item !== null)
    : undefined;
  if (items?.length === 0) return;
  const text = items ? items.map(scalarToString).join(', ') : scalarToString(value);
  assertHeaderValue(name, text, where);
  setOwn(parts.headers, name.toLowerCase(), text);
}

function addField(parts: RequestParts, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  appendField((parts.fields ??= new URLSearchParams()), name, value);
}

// A lone surrogate (in a `u` regex, a paired one is a single code point and does not match).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses text that cannot be encoded exactly: a string with a lone UTF-16 surrogate would make
 * `encodeURIComponent` throw a raw URIError, and URLSearchParams, Buffer and the wire would silently
 * turn it into U+FFFD, so the server would receive another value than the caller passed. Checks a
 * string, the items of an array, and the names and values of a map (one level: what the maps accept).
 */
function assertWellFormed(value: unknown, where: string, nested = false): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      throw new RequestError(
        `${where}: the value contains a lone UTF-16 surrogate, which cannot be encoded — is it a cut string?`,
      );
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) for (const item of value) assertWellFormed(item, where, true);
  else if (!nested && (value instanceof Map || isPlainObject(value)))
    for (const [name, item] of ownEntries(value)) {
      assertWellFormed(name, where, true);
      assertWellFormed(item, where, true);
    }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Kinds whose argument becomes text in the URL, a header, a form field or a part. */
const TEXT_KINDS: readonly ParameterKind[] = [
  'path',
  'query',
  'queryMap',
  'header',
  'headerMap',
  'field',
  'fieldMap',
  'part',
];

/**
 * How each kind of parameter applies its argument to the request being built: one small handler per
 * kind (adding `@Cookie` later is one more entry). `where` is the parameter's label, for messages.
 */
const APPLY: Record<ParameterKind, Apply> = {
  path(parts, value, meta, where) {
    // An empty id would turn DELETE /users/{id} into DELETE /users/: refuse it unless the value is pre-encoded.
    if (value === undefined || value === null || (value === '' && !meta.encoded)) {
      throw new RequestError(
        `${where}: a path value is required, got ${value === '' ? 'an empty string' : value}`,
      );
    }
    const encodePath = meta.segments ? encodePathSegments : encodePathValue;
    parts.pathValues[meta.name!] = encodePath(scalarToString(value), meta.encoded, where);
  },
  queryName(parts, value, meta) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      const name = scalarToString(item);
      (parts.queryNames ??= []).push(meta.encoded ? name : encodeComponent(name));
    }
  },
  query(parts, value, meta, where) {
    addQuery(parts, meta.name!, value);
    if (meta.encoded) assertEncodedQuery(parts.query[meta.name!], where);
  },
  queryMap(parts, value, _meta, where) {
    for (const [name, item] of requireEntries(value, where) ?? []) addQuery(parts, name, item);
  },
  header(parts, value, meta, where) {
    setHeader(parts, meta.name!, value, where);
  },
  headerMap(parts, value, _meta, where) {
    for (const [name, item] of requireEntries(value, where) ?? []) {
      assertHeaderName(name, where);
      setHeader(parts, name, item, where);
    }
  },
  body(parts, value) {
    parts.body = value;
    parts.hasBodyArgument = value !== undefined && value !== null;
  },
  field(parts, value, meta) {
    addField(parts, meta.name!, value);
  },
  fieldMap(parts, value, _meta, where) {
    for (const [name, item] of requireEntries(value, where) ?? []) addField(parts, name, item);
  },
  part(parts, value, meta, where) {
    if (value === undefined || value === null) return;
    parts.parts ??= [];
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.parts.push(
        (meta as ParameterSpec).multipart!.part(meta.name!, item, meta, where) as MultipartPart,
      );
    }
  },
  url(parts, value, _meta, where) {
    if (typeof value !== 'string' && !(value instanceof URL)) {
      throw new RequestError(
        `${where}: expected a URL string, got ${value === null ? 'null' : typeof value}`,
      );
    }
    parts.url = String(value);
  },
  callOptions(parts, value, _meta, where) {
    if (value === undefined || value === null) return;
    if (!isMap(value)) throw new RequestError(`${where}: expected a CallOptions object`);
    // Own properties only: a polluted Object.prototype.signal or .auth is not a call option.
    parts.callOptions = ownCopy(value) as CallOptions;
  },
};

/** The handlers, each text kind's checking first that its argument encodes exactly. */
export const APPLY_ARGUMENT: Readonly<Record<ParameterKind, Apply>> = { ...APPLY };
for (const kind of TEXT_KINDS) {
  const apply = APPLY[kind];
  (APPLY_ARGUMENT as Record<ParameterKind, Apply>)[kind] = (parts, value, meta, where) => {
    assertWellFormed(value, where);
    apply(parts, value, meta, where);
  };
}
