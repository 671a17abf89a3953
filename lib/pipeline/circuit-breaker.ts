import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import type { CircuitBreakerOptions, CircuitState, Hooks } from '../core/options';
import { planOf } from '../declaration/call-plan';
import {
  AuthError,
  CancelledError,
  CircuitOpenError,
  HttpError,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../errors/errors';
import { summarize } from '../request/url';
import { sharedExtension, type PipelineConfig } from './chain';
import { failedOutcome } from './outcome';

type Verdict = 'success' | 'failure' | 'ignored';

/**
 * A logical call's final outcome as the breaker sees it: retryable-kind failures (5xx, network error,
 * timeout or deadline) say the origin is unwell; a call that never reached it (cancelled, refused by
 * the rate limit, no credentials) says nothing; any other answer (2xx, 4xx, a bad body) says it is up.
 */
function verdictOf(outcome: ApiResponse<unknown>): Verdict {
  const error = outcome.error;
  if (!error) return 'success';
  if (error instanceof HttpError) return error.status >= 500 ? 'failure' : 'success';
  if (error instanceof NetworkError || error instanceof TimeoutError) return 'failure';
  if (error instanceof CancelledError || error instanceof RateLimitError || error instanceof AuthError)
    return 'ignored';
  return 'success';
}

/** Compact the outcome log once this many expired entries sit at its front. */
const COMPACT_AFTER = 1024;

/** The closed → open → half-open → closed machine of one origin; time is the client's clock (ms). */
export class OriginBreaker {
  state: CircuitState = 'closed';
  /** While open: when probes may start. */
  openUntil = 0;
  #probes = 0;
  #probeSuccesses = 0;
  /** The closed state's recent outcomes: end times, and whether each failed. */
  readonly #times: number[] = [];
  readonly #failed: boolean[] = [];
  #head = 0;
  #failures = 0;

  constructor(
    readonly origin: string,
    readonly options: Readonly<CircuitBreakerOptions>,
  ) {}

  /**
   * Whether a call may go now: 'call' (closed), 'probe' (half-open, one of the probes) or the ms until
   * a probe may go (0 while the probes are in flight).
   */
  admit(now: number, hooks: Hooks): 'call' | 'probe' | number {
    if (this.state === 'open') {
      if (now < this.openUntil) return this.openUntil - now;
      this.#moveTo('half-open', hooks);
    }
    if (this.state === 'closed') return 'call';
    if (this.#probes >= this.options.halfOpenCalls) return 0;
    this.#probes++;
    return 'probe';
  }

  /** A call admitted as `admitted` ended with `outcome` at `now`. */
  record(
    admitted: 'call' | 'probe',
    outcome: ApiResponse<unknown> | undefined,
    now: number,
    hooks: Hooks,
  ): void {
    const verdict = outcome ? verdictOf(outcome) : 'ignored';
    if (admitted === 'probe') {
      this.#probes--;
      // Another probe may have settled the state already.
      if (this.state !== 'half-open' || verdict === 'ignored') return;
      if (verdict === 'failure') this.#open(now, hooks);
      else if (++this.#probeSuccesses >= this.options.halfOpenCalls) this.#close(hooks);
      return;
    }
    // Calls admitted before the circuit opened and ending after say nothing about the probes.
    if (this.state !== 'closed' || verdict === 'ignored') return;
    const failed = verdict === 'failure';
    this.#times.push(now);
    this.#failed.push(failed);
    if (failed) this.#failures++;
    this.#expire(now);
    const total = this.#times.length - this.#head;
    if (failed && total >= this.options.minimumCalls && this.#failures / total >= this.options.failureRatio)
      this.#open(now, hooks);
  }

  #expire(now: number): void {
    const oldest = now - this.options.windowMs;
    while (this.#head < this.#times.length && this.#times[this.#head] <= oldest) {
      if (this.#failed[this.#head]) this.#failures--;
      this.#head++;
    }
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#times.length) {
      this.#times.splice(0, this.#head);
      this.#failed.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #open(now: number, hooks: Hooks): void {
    this.openUntil = now + this.options.openMs;
    this.#moveTo('open', hooks);
  }

  #close(hooks: Hooks): void {
    this.#moveTo('closed', hooks);
  }

  #moveTo(to: CircuitState, hooks: Hooks): void {
    const from = this.state;
    this.state = to;
    // Each state starts afresh: the window counts only calls made while closed, probes only while half-open.
    this.#times.length = this.#failed.length = 0;
    this.#head = this.#failures = this.#probeSuccesses = 0;
    hooks.onCircuitStateChange?.({ origin: this.origin, from, to });
  }
}

/**
 * One breaker per origin of a client family (derived clients share their parent's), once per logical
 * call: it sees the final outcome, after the retries. Open: the call fails at once with
 * CircuitOpenError and nothing is sent. `@CircuitBreaker(false)` opts a method or class out.
 */
export function circuitBreakerSteps(config: PipelineConfig): readonly Interceptor[] {
  const options = config.circuitBreaker;
  // Off unless configured: no step at all in the chain.
  if (!options) return [];
  const { clock, hooks } = config;
  const breakers = sharedExtension(config.shared, 'circuitBreakers', () => new Map<string, OriginBreaker>());

  function breakerFor(request: ApiRequest): OriginBreaker | undefined {
    const plan = planOf(request);
    if (!plan.circuitBreaker) return undefined;
    const origin = originOf(request.url, plan.origin);
    let breaker = breakers.get(origin);
    if (!breaker) breakers.set(origin, (breaker = new OriginBreaker(origin, options!)));
    return breaker;
  }

  async function guarded(
    request: ApiRequest,
    next: Next,
    breaker: OriginBreaker,
    admitted: 'call' | 'probe',
  ) {
    let outcome: ApiResponse<unknown> | undefined;
    try {
      outcome = await next(request);
      return outcome;
    } finally {
      breaker.record(admitted, outcome, clock.now(), hooks);
    }
  }

  const circuitBreaker: Interceptor = (request, next) => {
    const breaker = breakerFor(request);
    if (!breaker) return next(request);
    const admitted = breaker.admit(clock.now(), hooks);
    if (typeof admitted !== 'number') return guarded(request, next, breaker, admitted);
    const summary = summarize(request);
    const error = new CircuitOpenError(
      `${summary.service}.${summary.operation}: the circuit breaker for ${breaker.origin} is ${breaker.state}; nothing was sent (${admitted > 0 ? `a probe may go in ${Math.ceil(admitted)} ms` : 'its probes are in flight'})`,
      { request: summary, retryAfterMs: Math.ceil(admitted) },
    );
    return Promise.resolve(failedOutcome(error, request, summary));
  };
  return [circuitBreaker];
}

/** The origin of an absolute URL; the client's own without parsing when the URL is on it. */
function originOf(url: string, clientOrigin: string): string {
  if (clientOrigin && url.startsWith(clientOrigin)) {
    const after = url.charCodeAt(clientOrigin.length);
    // '/', '?', '#' or the end: the URL is on the client's origin (not e.g. :8080 vs :80801).
    if (Number.isNaN(after) || after === 47 || after === 63 || after === 35) return clientOrigin;
  }
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
