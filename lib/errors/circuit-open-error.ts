import { ApiError, type ApiErrorOptions } from './errors';

/**
 * The circuit breaker of the call's origin is open (or half-open with its probes in flight): the call
 * failed at once and nothing was sent. `retryAfterMs` is the time until the breaker lets a probe through.
 */
export class CircuitOpenError extends ApiError {
  retryAfterMs: number;
  constructor(message: string, options: ApiErrorOptions & { retryAfterMs: number }) {
    super(message, { code: 'CIRCUIT_OPEN', ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}
