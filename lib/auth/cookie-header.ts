import { isHttpToken } from '../core/http';
import { DeclarationError } from '../errors/errors';

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

export function assertCookieName(name: string, where: string): void {
  if (typeof name !== 'string' || !isHttpToken(name)) {
    throw new DeclarationError(`${where}: ${JSON.stringify(name)} is not a valid cookie name`);
  }
}

export function isCookieValue(value: string): boolean {
  return COOKIE_VALUE.test(value);
}

/**
 * Adds `name=value` to the request's Cookie header, keeping the cookies already there; a cookie of the
 * same name is replaced, so the credential is sent once.
 */
export function mergeCookie(headers: Record<string, string>, name: string, value: string): void {
  const existing = headers.cookie;
  const pair = `${name}=${value}`;
  if (!existing) {
    headers.cookie = pair;
    return;
  }
  const kept = existing
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && cookieName(part) !== name);
  kept.push(pair);
  headers.cookie = kept.join('; ');
}

function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return (eq < 0 ? pair : pair.slice(0, eq)).trim();
}
