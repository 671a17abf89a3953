import type { ClientConfig } from '../client/client-config';
import type { Interceptor } from './interceptor';

/** Adds credentials per attempt and re-authenticates on 401. (Placeholder: authenticate only.) */
export function createAuthInterceptor(_config: ClientConfig): Interceptor {
  return async (request, next) => {
    if (request.auth) await request.auth.authenticate(request);
    return next(request);
  };
}
