import { DeclarationError } from '../errors/errors';
import { toBase64, utf8Encode } from '../platform/bytes';
import { hasForbiddenHeaderCharacter } from '../request/encode';
import type { AuthProvider } from './auth-provider';

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
