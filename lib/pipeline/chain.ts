import type { AxiosInstance } from 'axios';
import type { Interceptor, Next } from '../core/exchange';
import type { CircuitBreakerOptions, Clock, Hooks, Logger } from '../core/options';
import { planOf } from '../declaration/call-plan';

/** State a client shares with every client derived from it by `with()`. */
export interface SharedState {
  /** Rate-limit windows, keyed by the object that declared the limit. */
  readonly limiters: WeakMap<object, unknown>;
  /** Anything else a pipeline step shares across derived clients (the retry budget, …), by key. */
  readonly extensions: Map<string, unknown>;
}

/** What the pipeline needs from a client; its options, normalized once (client/ makes it). */
export interface PipelineConfig {
  readonly axios: AxiosInstance;
  /** Per-attempt timeout in ms (0: none), for auth providers' own requests. */
  readonly timeout: number;
  readonly maxContentLength: number;
  readonly clock: Clock;
  readonly hooks: Hooks;
  readonly logger?: Logger;
  readonly interceptors: readonly Interceptor[];
  /** One breaker per origin, shared by the client family; no breaker step without it. */
  readonly circuitBreaker?: Readonly<CircuitBreakerOptions>;
  readonly shared: SharedState;
}

/** Composes interceptors around the transport once; the first interceptor is the outermost. */
export function composeChain(interceptors: readonly Interceptor[], transport: Next): Next {
  let next = transport;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const interceptor = interceptors[i];
    const inner = next;
    next = (request) => interceptor(request, inner);
  }
  return next;
}

/**
 * Runs `CallOptions.interceptors` inside the client's own interceptors (and outside rate limiting and
 * retries). Composed per call, and only for calls that bring some.
 */
export const runCallInterceptors: Interceptor = (request, next) => {
  const interceptors = planOf(request).interceptors;
  if (interceptors === undefined || interceptors.length === 0) return next(request);
  return composeChain(interceptors, next)(request);
};

/** One `T` per client family: made on first use, then shared with every client derived by `with()`. */
export function sharedExtension<T>(shared: SharedState, key: string, create: () => T): T {
  let value = shared.extensions.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    shared.extensions.set(key, value);
  }
  return value;
}
