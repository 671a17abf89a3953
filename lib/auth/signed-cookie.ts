import { ApiError, AuthError, DeclarationError } from '../errors/errors';
import { hmacSha256, hmacSha256Sync } from '../platform';
import { fromBase64Url, timingSafeEqualBytes, toBase64Url, utf8Decode, utf8Encode } from '../platform/bytes';
import type { AuthProvider } from '../core/auth';
import { assertCookieName, mergeCookie } from './cookie-header';

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A string or bytes (a Buffer on Node). */
export type CookieSecret = string | Uint8Array;

/** The options of signedCookieAuth. */
export interface SignedCookieOptions {
  /** The cookie name; the signature covers it, so the value is refused under any other name. */
  name: string;
  /** The text to carry, or a function asked on every attempt. */
  payload: string | (() => string | Promise<string>);
  /** Names the secret, so the server can verify with old and new secrets during a key rotation. */
  keyId: string;
  /** The HMAC-SHA256 secret that `keyId` names. */
  secret: CookieSecret;
}

/** What verifySignedCookie returns for a value that checks out. */
export interface VerifiedCookie {
  /** The text that was signed. */
  payload: string;
  /** The key that signed it: re-issue the cookie when it is not your newest one. */
  keyId: string;
}

/**
 * The signed value for cookie `name`: `base64url(payload).keyId.base64url(HMAC-SHA256(secret, "name=base64url(payload).keyId"))`.
 * Cookie-safe, so it needs no further encoding.
 */
export function signCookie(name: string, payload: string, keyId: string, secret: CookieSecret): string {
  const where = 'signCookie(name, payload, keyId, secret)';
  assertCookieName(name, `${where}: name`);
  assertKey(keyId, secret, where);
  if (typeof payload !== 'string') throw new DeclarationError(`${where}: payload must be a string`);
  const body = cookieBody(payload, keyId);
  return `${body}.${toBase64Url(syncMac(where)(secret, `${name}=${body}`))}`;
}

function cookieBody(payload: string, keyId: string): string {
  return `${toBase64Url(utf8Encode(payload))}.${keyId}`;
}

/** signCookie's value with whatever HMAC the runtime has: Node's (at once) or Web Crypto's (a promise). */
function signWithPlatform(
  name: string,
  payload: string,
  keyId: string,
  secret: CookieSecret,
): string | Promise<string> {
  const body = cookieBody(payload, keyId);
  const signature = hmacSha256(secret, `${name}=${body}`);
  return signature instanceof Promise
    ? signature.then((bytes) => `${body}.${toBase64Url(bytes)}`)
    : `${body}.${toBase64Url(signature)}`;
}

/** Node's synchronous HMAC; Web Crypto has only an asynchronous one. */
function syncMac(where: string): NonNullable<typeof hmacSha256Sync> {
  if (!hmacSha256Sync)
    throw new ApiError(
      `${where}: needs Node's crypto (a synchronous HMAC); on this runtime signedCookieAuth signs with Web Crypto`,
      { code: 'NODE_ONLY' },
    );
  return hmacSha256Sync;
}

/**
 * Checks a value made by `signCookie` for cookie `name` against `secrets` (keyId → secret; several during
 * a key rotation). Returns the payload, or undefined for a tampered value, a value signed for another
 * cookie name, an unknown key id or anything malformed. The comparison is timing-safe.
 */
export function verifySignedCookie(
  name: string,
  value: string,
  secrets: Readonly<Record<string, CookieSecret>> | ReadonlyMap<string, CookieSecret>,
): VerifiedCookie | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedPayload, keyId, signature] = parts;
  if (!BASE64URL.test(encodedPayload) || !KEY_ID.test(keyId) || !signature || !BASE64URL.test(signature))
    return undefined;
  const secret = secretFor(secrets, keyId);
  if (secret === undefined) return undefined;
  const expected = syncMac('verifySignedCookie(name, value, secrets)')(
    secret,
    `${name}=${encodedPayload}.${keyId}`,
  );
  if (!timingSafeEqualBytes(fromBase64Url(signature), expected)) return undefined;
  return { payload: utf8Decode(fromBase64Url(encodedPayload)), keyId };
}

/** Sends an HMAC-SHA256 signed cookie (merged with any Cookie header already on the request). */
export function signedCookieAuth(options: SignedCookieOptions): AuthProvider {
  const where = 'signedCookieAuth(options)';
  const { name, payload, keyId, secret } = options ?? ({} as SignedCookieOptions);
  assertCookieName(name, `${where}: options.name`);
  assertKey(keyId, secret, `${where}: options`);
  if (typeof payload === 'string') {
    const signed = signWithPlatform(name, payload, keyId, secret);
    return {
      authenticate(request) {
        if (typeof signed === 'string') mergeCookie(request.headers, name, signed);
        else return signed.then((value) => mergeCookie(request.headers, name, value));
      },
    };
  }
  if (typeof payload !== 'function')
    throw new DeclarationError(`${where}: options.payload must be a string or a function`);
  return {
    async authenticate(request) {
      let current: unknown;
      try {
        current = await payload();
      } catch (cause) {
        throw new AuthError(`${where}: the payload function failed: ${(cause as Error)?.message ?? cause}`, {
          cause,
          code: 'CREDENTIAL_UNAVAILABLE',
        });
      }
      if (typeof current !== 'string') {
        throw new AuthError(`${where}: the payload function returned ${typeof current}, expected a string`, {
          code: 'CREDENTIAL_UNAVAILABLE',
        });
      }
      mergeCookie(request.headers, name, await signWithPlatform(name, current, keyId, secret));
    },
  };
}

function assertKey(keyId: string, secret: CookieSecret, where: string): void {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) {
    throw new DeclarationError(`${where}: keyId must be 1 to 64 characters of A-Z a-z 0-9 _ -`);
  }
  if (!(typeof secret === 'string' || secret instanceof Uint8Array) || secret.length === 0) {
    throw new DeclarationError(`${where}: secret must be a non-empty string or Buffer`);
  }
}

function secretFor(
  secrets: Readonly<Record<string, CookieSecret>> | ReadonlyMap<string, CookieSecret>,
  keyId: string,
): CookieSecret | undefined {
  if (secrets instanceof Map) return secrets.get(keyId);
  // Own properties only: a key id such as "constructor" must not find Object.prototype's.
  return Object.prototype.hasOwnProperty.call(secrets, keyId)
    ? (secrets as Record<string, CookieSecret>)[keyId]
    : undefined;
}
