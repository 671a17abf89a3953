import { CallOptions, CircuitBreaker, Get, Path, Url, declared } from 'restfit';

/** The service the rate-limit and circuit-breaker specs call on their test server. */
export class Things {
  @Get('/things/{id}')
  get(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }

  /** A second method, to show that a limit or breaker is per client, not per method. */
  @Get('/other/{id}')
  other(@Path('id') id: string): Promise<any> {
    return declared();
  }

  /** Opted out of the circuit breaker. */
  @Get('/health')
  @CircuitBreaker(false)
  health(): Promise<any> {
    return declared();
  }

  /** Any absolute URL: another origin. */
  @Get('')
  at(@Url() url: string): Promise<any> {
    return declared();
  }
}
