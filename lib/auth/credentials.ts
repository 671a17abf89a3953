import type { AuthProvider } from '../core/auth';
import { hasForbiddenHeaderCharacter, isHttpToken } from '../core/http';
import { AuthError, DeclarationError } from '../errors/errors';
import { toBase64, utf8Encode } from '../platform/bytes';
import { registerSecretName } from '../errors/redact';
import { assertCookieName, isCookieValue, mergeCookie } from './cookie-header';

/** The providers that add a credential the caller holds: Basic, Bearer and an API key. */

/** A credential given as a value, or as a function asked on every attempt (a rotating secret). */
export type CredentialSource = string | (() => string | Promise<string>);

/** Checks a provider's options when it is made: a missing or unsafe static value is a DeclarationError. */
export function checkSource(source: CredentialSource, where: string): void {
  if (typeof source === 'function') return;
  if (typeof source !== 'string' || source === '') {
    throw new DeclarationError(`${where} must be a non-empty string or a function returning one`);
  }
  if (hasForbiddenHeaderCharacter(source)) throw new DeclarationError(`${where} contains CR, LF or NUL`);
}

/** The current value of a source; a function that fails or returns nothing usable is an AuthError. */
export async function readSource(source: CredentialSource, where: string): Promise<string> {
  if (typeof source === 'string') return source;
  let value: unknown;
  try {
    value = await source();
  } catch (cause) {
    throw new AuthError(`${where} failed: ${(cause as Error)?.message ?? cause}`, {
      cause,
      code: 'CREDENTIAL_UNAVAILABLE',
    });
  }
  if (typeof value !== 'string' || value === '') {
    throw new AuthError(
      `${where} returned ${value === '' ? 'an empty string' : typeof value}, expected a non-empty string`,
      {
        code: 'CREDENTIAL_UNAVAILABLE',
      },
    );
  }
  if (hasForbiddenHeaderCharacter(value)) {
    throw new AuthError(`${where} returned a value containing CR, LF or NUL`, {
      code: 'CREDENTIAL_UNAVAILABLE',
    });
  }
  return value;
}

/** `Authorization: Basic base64(user:password)` (RFC 7617, UTF-8). The header is built once. */
export function basicAuth(user: string, password: string): AuthProvider {
  if (typeof user !== 'string' || typeof password !== 'string') {
    throw new DeclarationError('basicAuth(user, password): both must be strings');
  }
  // RFC 7617 §2: the user-id cannot contain a colon, or the server would split it in the wrong place.
  if (user.includes(':')) throw new DeclarationError('basicAuth(user, password): user may not contain ":"');
  if (hasForbiddenHeaderCharacter(user) || hasForbiddenHeaderCharacter(password)) {
    throw new DeclarationError('basicAuth(user, password): user and password may not contain CR, LF or NUL');
  }
  const header = `Basic ${toBase64(utf8Encode(`${user}:${password}`))}`;
  return {
    authenticate(request) {
      request.headers.authorization = header;
    },
  };
}

/**
 * `Authorization: Bearer <token>`. A function is asked on every attempt (sync or async), so a token
 * that changes is always current; a function that throws fails the call with AuthError.
 */
export function bearerAuth(token: CredentialSource): AuthProvider {
  checkSource(token, 'bearerAuth(token): token');
  if (typeof token === 'string') {
    const header = `Bearer ${token}`;
    return {
      authenticate(request) {
        request.headers.authorization = header;
      },
    };
  }
  return {
    async authenticate(request) {
      request.headers.authorization = `Bearer ${await readSource(token, 'bearerAuth(token): the token function')}`;
    },
  };
}

/** The options of apiKeyAuth. */
export interface ApiKeyOptions {
  /** Where the key goes: a header, a query parameter or a cookie. */
  in: 'header' | 'query' | 'cookie';
  /** The header, query parameter or cookie name, e.g. `X-Api-Key`, `api_key`. */
  name: string;
  /** The key, or a function asked on every attempt. */
  value: CredentialSource;
}

/** An API key in a header, the query or a cookie. The name is redacted in every log line and error. */
export function apiKeyAuth(options: ApiKeyOptions): AuthProvider {
  const where = 'apiKeyAuth(options)';
  const { name, value } = options ?? ({} as ApiKeyOptions);
  checkSource(value, `${where}: options.value`);
  if (typeof name !== 'string' || name === '')
    throw new DeclarationError(`${where}: options.name must be a non-empty string`);
  const place = options.in;
  if (place === 'header' && !isHttpToken(name)) {
    throw new DeclarationError(`${where}: options.name ${JSON.stringify(name)} is not a valid header name`);
  }
  if (place === 'cookie') {
    assertCookieName(name, `${where}: options.name`);
    if (typeof value === 'string' && !isCookieValue(value)) {
      throw new DeclarationError(
        `${where}: options.value has characters a cookie cannot carry (space, ";", ",", '"' or "\\")`,
      );
    }
  }
  if (place !== 'header' && place !== 'query' && place !== 'cookie') {
    throw new DeclarationError(
      `${where}: options.in must be 'header', 'query' or 'cookie', got ${JSON.stringify(place)}`,
    );
  }
  registerSecretName(name);
  const header = name.toLowerCase();
  const source = `${where}: the value function`;
  return {
    async authenticate(request) {
      const key = await readSource(value, source);
      if (place === 'header') request.headers[header] = key;
      else if (place === 'query') request.query[name] = key;
      else {
        if (!isCookieValue(key))
          throw new AuthError(`${source} returned characters a cookie cannot carry`, {
            code: 'CREDENTIAL_UNAVAILABLE',
          });
        mergeCookie(request.headers, name, key);
      }
    },
  };
}
