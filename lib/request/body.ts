import { binaryForTransport, isStreamBody } from '../platform';
import { instanceToPlain } from 'class-transformer';
import { RequestError } from '../errors/errors';
import { scalarToString } from './url';

/**
 * A body restfit encodes itself, sent as `toStream()` gives it (a MultipartBody). Declared here so
 * this file never imports multipart: a program without multipart does not bundle it.
 */
export abstract class EncodedBody {
  /** The Content-Type header value. */
  abstract readonly contentType: string;
  /** False when it can be sent only once (a stream inside): the call is not retried. */
  abstract readonly replayable: boolean;
  /** What the transport sends. */
  abstract toStream(): unknown;
  /** Why it cannot be sent as it is now (checked at the wire), or undefined. */
  abstract problem(): string | undefined;
}

/**
 * A plain object or array (what most bodies are): JSON, and none of the kinds below, so the checks for
 * those (a dozen `instanceof`s, three times per call) are skipped.
 */
function isPlainData(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/** The content type a body implies when no header sets one. */
export function contentTypeFor(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return 'text/plain; charset=utf-8';
  if (typeof body === 'object' && isPlainData(body)) return 'application/json';
  if (body instanceof EncodedBody) return body.contentType;
  // axios writes FormData with its own boundary and content type.
  if (body instanceof FormData) return undefined;
  if (body instanceof URLSearchParams) return 'application/x-www-form-urlencoded';
  if (body instanceof Blob) return body.type || 'application/octet-stream';
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer || isStreamBody(body)) {
    return 'application/octet-stream';
  }
  return 'application/json';
}

/** Objects and class instances become plain JSON values; everything else passes as is. */
export function toBodyValue(value: unknown, where: string): unknown {
  if (typeof value === 'bigint') return toPlain(value, where, 0);
  if (typeof value !== 'object' || value === null) return value;
  // Plain data without a toJSON() of its own: what the last line below would do, without the checks.
  if (isPlainData(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function')
    return toPlain(value, where, 0);
  if (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof Blob ||
    isStreamBody(value) ||
    value instanceof URLSearchParams ||
    value instanceof EncodedBody ||
    value instanceof FormData
  ) {
    return value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // e.g. a Date or a Decimal as the whole body: JSON of what toJSON() gives, never bare text.
    const plain = (value as { toJSON(): unknown }).toJSON();
    return typeof plain === 'string' ? JSON.stringify(plain) : toPlain(plain, where, 1);
  }
  return toPlain(value, where, 0);
}

const MAX_DEPTH = 200;

/**
 * JSON.stringify's rules, with class-transformer for class instances: a `toJSON()` wins (Date, Decimal,
 * Luxon, Buffer…), plain objects and arrays are copied member by member, any other class instance goes
 * through `instanceToPlain` so its @Exclude/@Expose/@Transform apply.
 */
function toPlain(value: unknown, where: string, depth: number): unknown {
  if (typeof value === 'bigint')
    throw new RequestError(`${where}: a bigint cannot be sent as JSON — convert it to a string or number`);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH)
    throw new RequestError(`${where}: the body is nested deeper than ${MAX_DEPTH} levels (is it circular?)`);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON(): unknown }).toJSON();
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(toPlain(value[i], where, depth + 1));
    return items;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return instanceToPlain(value);
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    plain[key] = toPlain((value as Record<string, unknown>)[key], where, depth + 1);
  return plain;
}

/** What axios is given for a body: bytes, a string or a stream, so its own transforms cannot alter it. */
export function encodeForTransport(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'object' && isPlainData(body)) return JSON.stringify(body);
  if (typeof body === 'string' || body instanceof Blob) return body;
  // On Node axios takes only Buffers among views: any other view is sent as exactly its own window of bytes.
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer || isStreamBody(body))
    return binaryForTransport(body);
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof EncodedBody) return body.toStream();
  if (body instanceof FormData) return body;
  return JSON.stringify(body);
}

/** A body that cannot be sent twice (a stream, or multipart with a stream part). */
export function isOneShotBody(body: unknown): boolean {
  return isStreamBody(body) || (body instanceof EncodedBody && !body.replayable);
}

/** Appends one form field; arrays repeat, undefined and null are skipped, 0/false/"" are kept. */
export function appendField(fields: URLSearchParams, name: string, value: unknown): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item !== undefined && item !== null) fields.append(name, scalarToString(item));
  }
}

/** The `@Body` of a `@FormUrlEncoded` method: a string or URLSearchParams as is, an object field by field. */
export function toFormBody(value: unknown): string | URLSearchParams {
  if (typeof value === 'string' || value instanceof URLSearchParams) return value;
  const fields = new URLSearchParams();
  const plain = instanceToPlain(value) as Record<string, unknown>;
  for (const name of Object.keys(plain)) appendField(fields, name, plain[name]);
  return fields;
}
