import type { ClientConfig } from '../client/client-config';
import { createAuthInterceptor } from './authenticate';
import { runCallInterceptors } from './call-interceptors';
import { composeChain } from './chain';
import { circuitBreakerSteps } from './circuit-breaker';
import type { Next } from './interceptor';
import { createRateLimitInterceptor } from './rate-limit';
import { createRedirectInterceptor } from './redirect';
import { createRetryInterceptor } from './retry';
import { createSharedRateLimitInterceptor } from './shared-rate-limit';
import { createTransport } from './transport';

/**
 * The whole chain for one client, built once:
 * client interceptors → call interceptors → circuit breaker → rate limit (in-process, then shared)
 * → retry → redirects → auth → transport (axios).
 * Everything up to the rate limit runs once per logical call; retry repeats what is inside it.
 */
export function createPipeline(config: ClientConfig): Next {
  return composeChain(
    [
      ...config.interceptors,
      runCallInterceptors,
      ...circuitBreakerSteps(config), // restfit:scale (issue 15)
      createRateLimitInterceptor(config),
      createSharedRateLimitInterceptor(config), // restfit:scale (issue 15)
      createRetryInterceptor(config),
      createRedirectInterceptor(config),
      createAuthInterceptor(config),
    ],
    createTransport(config),
  );
}
