import { RequestError } from '../errors/errors';

// A lone surrogate (in a `u` regex, a paired one is a single code point and does not match).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses text that cannot be encoded exactly: a string with a lone UTF-16 surrogate would make
 * `encodeURIComponent` throw a raw URIError, and URLSearchParams, Buffer and the wire would silently
 * turn it into U+FFFD — the server would receive another value than the caller passed. Checks a string,
 * the items of an array, and the values of a map or plain object (one level: what the maps accept).
 */
export function assertWellFormed(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      throw new RequestError(
        `${where}: the value contains a lone UTF-16 surrogate, which cannot be encoded — is it a cut string?`,
      );
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) for (const item of value) assertWellFormed(item, where);
  else if (value instanceof Map)
    for (const [name, item] of value) {
      assertWellFormed(name, where);
      if (typeof item !== 'object') assertWellFormed(item, where);
      else if (Array.isArray(item)) for (const inner of item) assertWellFormed(inner, where);
    }
  else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
    for (const name of Object.keys(value)) {
      assertWellFormed(name, where);
      const item = (value as Record<string, unknown>)[name];
      if (typeof item !== 'object') assertWellFormed(item, where);
      else if (Array.isArray(item)) for (const inner of item) assertWellFormed(inner, where);
    }
}
