import type { AuthProvider } from 'restfit';
export { RestClient } from 'restfit';

/** A tiny provider for the generated clients' named auth: the key in an X-Key header. */
export function apiKeyAuthFor(value: string): AuthProvider {
  return {
    authenticate(request) {
      request.headers['x-key'] = value;
    },
  };
}
