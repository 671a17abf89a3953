import { DeclarationError, AuthError } from '../errors/errors';
import { registerSecretName } from '../errors/redact';
import type { AuthProvider } from '../core/auth';
import { isHttpToken } from '../core/http';
import { assertCookieName, isCookieValue, mergeCookie } from './cookie-header';
import { checkSource, readSource, type CredentialSource } from './credential-source';

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
