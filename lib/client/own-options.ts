import { ownCopy, ownCopyOf } from '../core/own-properties';
import type { RestClientOptions } from './options';

/** The nested option objects that restfit reads field by field: each is copied by own properties too. */
const NESTED = ['headers', 'hooks', 'rateLimit', 'errors'] as const;

/**
 * The user's options as restfit reads them: own properties only, on null prototypes, so that a polluted
 * `Object.prototype.baseURL` (or `auth`, `proxy`, `retry`…) changes nothing. Providers, agents, axios
 * instances and the logger are the user's objects and are kept as they are.
 */
export function ownOptions(options: RestClientOptions): RestClientOptions {
  const own = ownCopy(options);
  for (const key of NESTED)
    if (own[key] !== undefined) (own as Record<string, unknown>)[key] = ownCopyOf(own[key]);
  const retry = own.retry;
  if (typeof retry === 'object' && retry !== null) {
    const copy = ownCopy(retry);
    if (copy.backoff !== undefined) copy.backoff = ownCopyOf(copy.backoff);
    own.retry = copy;
  }
  const auth = own.auth;
  // A map of named providers is looked up by name; a provider (its own authenticate, or a class's) is kept.
  if (isPlainObject(auth) && !Object.prototype.hasOwnProperty.call(auth, 'authenticate'))
    own.auth = ownCopy(auth);
  return own;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
