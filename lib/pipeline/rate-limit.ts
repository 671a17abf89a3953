import type { ClientConfig } from '../client/client-config';
import type { Interceptor } from './interceptor';

/** Client-side rate limiting. (Placeholder: passes through.) */
export function createRateLimitInterceptor(_config: ClientConfig): Interceptor {
  return (request, next) => next(request);
}
