import type { ClientConfig } from '../client/client-config';
import type { Interceptor } from './interceptor';

/** Retries failed attempts by the call's RetryPolicy. (Placeholder: passes through.) */
export function createRetryInterceptor(_config: ClientConfig): Interceptor {
  return (request, next) => next(request);
}
