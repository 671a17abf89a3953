import { composeChain } from './chain';
import type { Interceptor } from './interceptor';

/**
 * Runs `CallOptions.interceptors` inside the client's own interceptors (and outside rate limiting and
 * retries). Composed per call, and only for calls that bring some.
 */
export const runCallInterceptors: Interceptor = (request, next) => {
  const interceptors = request.interceptors;
  if (interceptors === undefined || interceptors.length === 0) return next(request);
  return composeChain(interceptors, next)(request);
};
