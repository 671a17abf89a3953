import type { Next } from '../core/exchange';
import { createAuthInterceptor } from './authenticate';
import { composeChain, runCallInterceptors, type PipelineConfig } from './chain';
import { circuitBreakerSteps } from './circuit-breaker';
import { createRateLimitInterceptor } from './rate-limit';
import { createRedirectInterceptor } from './redirect';
import { createRetryInterceptor } from './retry';
import { createTransport } from './transport';

/**
 * The whole chain for one client, built once:
 * client interceptors → call interceptors → circuit breaker (when configured) → rate limit (windows kept
 * here, then windows kept in a store) → retry → redirects → auth → transport (axios).
 * Everything up to the rate limit runs once per logical call; retry repeats what is inside it. Each
 * step reads how to treat a request from its call plan (`planOf(request)`), never from decorators.
 */
export function createPipeline(config: PipelineConfig): Next {
  return composeChain(
    [
      ...config.interceptors,
      runCallInterceptors,
      ...circuitBreakerSteps(config),
      createRateLimitInterceptor(config),
      createRetryInterceptor(config),
      createRedirectInterceptor(config),
      createAuthInterceptor(config),
    ],
    createTransport(config),
  );
}
