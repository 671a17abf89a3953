import type { ClientConfig } from '../client/client-config';
import { createAuthInterceptor } from './authenticate';
import { composeChain } from './chain';
import type { Next } from './interceptor';
import { createRateLimitInterceptor } from './rate-limit';
import { createRedirectInterceptor } from './redirect';
import { createRetryInterceptor } from './retry';
import { createTransport } from './transport';

/**
 * The whole chain for one client, built once:
 * user interceptors → rate limit → retry → redirects → auth → transport (axios).
 */
export function createPipeline(config: ClientConfig): Next {
  return composeChain(
    [
      ...config.interceptors,
      createRateLimitInterceptor(config),
      createRetryInterceptor(config),
      createRedirectInterceptor(config),
      createAuthInterceptor(config),
    ],
    createTransport(config),
  );
}
