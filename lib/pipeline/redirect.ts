import type { ClientConfig } from '../client/client-config';
import type { Interceptor } from './interceptor';

/**
 * Follows redirects as a pipeline step (the transport never follows them), so credentials can be
 * dropped on a hop to another origin. (Placeholder: passes through.)
 */
export function createRedirectInterceptor(_config: ClientConfig): Interceptor {
  return (request, next) => next(request);
}
