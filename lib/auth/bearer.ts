import type { AuthProvider } from '../core/auth';
import { checkSource, readSource, type CredentialSource } from './credential-source';

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
