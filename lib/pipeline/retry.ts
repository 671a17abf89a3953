import { randomUUID } from 'node:crypto';
import type { ClientConfig } from '../client/client-config';
import { CancelledError, HttpError, NetworkError, TimeoutError } from '../errors/errors';
import { isOneShotBody } from '../request/body';
import type { ApiRequest, TransportOptions } from '../request/api-request';
import type { ApiResponse } from '../response/api-response';
import { parseRetryAfter } from '../response/retry-after';
import { fullJitterBackoff } from './backoff';
import { AUTH_TIMEOUT } from './bounded-wait';
import { declaredBehaviour } from './declared-behaviour';
import type { Interceptor, Next } from './interceptor';
import { failedOutcome } from './outcome';
import { describeOutcome } from './log-line';
import { retryBudgetFor } from './retry-budget';
import type { RetryPolicy } from './retry-policy';
import { throttleFor } from './throttle';
import { waitFor } from './wait';

/** Idempotent by HTTP semantics: no Idempotency-Key needed. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * Retries failed attempts by the call's RetryPolicy. State lives in the call (this function's locals),
 * never in the interceptor: one policy object may serve any number of concurrent calls. The same
 * request object is sent on every attempt, so what outer interceptors changed applies to all of them.
 */
export function createRetryInterceptor(config: ClientConfig): Interceptor {
  const { clock, hooks, logger } = config;
  const budget = retryBudgetFor(config);
  const throttle = throttleFor(config);
  const idempotentByEndpoint = new WeakMap<TransportOptions, boolean>();

  /** `@Idempotent()` on the method or its class; looked up once per endpoint. */
  function isDeclaredIdempotent(request: ApiRequest): boolean {
    let idempotent = idempotentByEndpoint.get(request.transport);
    if (idempotent === undefined) {
      idempotent = declaredBehaviour(request.endpoint, 'idempotent') === true;
      idempotentByEndpoint.set(request.transport, idempotent);
    }
    return idempotent;
  }

  /** A 429 with a Retry-After we would honour pauses the calls queued behind it on this client. */
  function notePause(outcome: ApiResponse<unknown>, policy: RetryPolicy | false): void {
    // A call that does not retry has no one queued behind it to pause for.
    if (!policy) return;
    const now = clock.now();
    const wait = parseRetryAfter(outcome.headers['retry-after'], now);
    if (wait !== undefined && wait > 0 && wait <= policy.maxRetryAfterMs) throttle.pauseUntil(now + wait);
  }

  function isRetryable(
    request: ApiRequest,
    policy: RetryPolicy,
    outcome: ApiResponse<unknown>,
    attempt: number,
  ): boolean {
    const error = outcome.error;
    if (error instanceof CancelledError || request.signal?.aborted) return false;
    if (error?.code === 'DEADLINE_EXCEEDED' || isOneShotBody(request.body)) return false;
    const method = request.method.toUpperCase();
    if (!policy.methods.some((m) => m.toUpperCase() === method) && !isDeclaredIdempotent(request))
      return false;
    if (error instanceof NetworkError && (error.kind === 'dns' || error.kind === 'tls')) return false;
    if (policy.retryIf) return policy.retryIf(outcome, attempt) === true;
    if (error instanceof HttpError) return policy.statusCodes.includes(outcome.status);
    if (error instanceof NetworkError)
      return policy.networkErrors && (error.kind === 'connect' || error.kind === 'reset');
    if (error instanceof TimeoutError) return policy.timeouts;
    return false;
  }

  /** The attempts after a failure (or, with a deadline, all of them). */
  async function retrying(
    request: ApiRequest,
    next: Next,
    policy: RetryPolicy,
    first: ApiResponse<unknown> | undefined,
  ): Promise<ApiResponse<unknown>> {
    const deadline = policy.deadlineMs !== undefined ? clock.now() + policy.deadlineMs : Infinity;
    const timeout = request.timeout;
    let outcome = first;
    // `??`, not `||`: an attempt that sent nothing (credentials failed, cancelled early) counts 0.
    let attempts = first ? (first.attempts ?? 1) : 0;
    for (let retries = 0; ; retries++) {
      if (!outcome) {
        request.attempt = attempts + 1;
        // The deadline also bounds the attempt in flight: its timeout shrinks to the time left.
        const left = Math.ceil(deadline - clock.now());
        const cut = left < timeout || (timeout === 0 && left !== Infinity);
        if (cut) request.timeout = Math.max(1, left);
        try {
          outcome = await next(request);
        } finally {
          request.timeout = timeout;
        }
        attempts += outcome.attempts ?? 1;
        outcome.attempts = attempts;
        if (outcome.error) outcome.error.attempts = attempts;
        if (outcome.ok) return outcome;
        // Credentials that did not come in time (AUTH_TIMEOUT) ran out of the same cut budget.
        if (cut && (outcome.error instanceof TimeoutError || outcome.error?.code === AUTH_TIMEOUT))
          return deadlineExceeded(policy, outcome, attempts);
        if (outcome.status === 429) notePause(outcome, policy);
      }
      if (retries >= policy.limit || !isRetryable(request, policy, outcome, attempts)) return outcome;

      const now = clock.now();
      let delay: number;
      const retryAfter = outcome.status ? parseRetryAfter(outcome.headers['retry-after'], now) : undefined;
      if (retryAfter !== undefined) {
        // Read on the client's clock, like the decision below (an HTTP-date is relative to "now").
        if (outcome.error instanceof HttpError) outcome.error.retryAfterMs = retryAfter;
        if (retryAfter > policy.maxRetryAfterMs) {
          // The server asks for longer than we may wait: fail now with its own error (429/503 …).
          logger?.warn(
            `${describeOutcome(outcome)}; not retried: Retry-After ${retryAfter} ms is above maxRetryAfterMs ${policy.maxRetryAfterMs}`,
          );
          return outcome;
        }
        delay = retryAfter;
      } else {
        delay = fullJitterBackoff(policy.backoff, retries, clock.random());
      }
      // Another call's 429 may have paused the client for longer.
      if (throttle.pausedUntil - now > delay) delay = throttle.pausedUntil - now;
      if (now + delay >= deadline) return deadlineExceeded(policy, outcome, attempts);
      if (!budget.tryWithdraw()) {
        logger?.warn(`${describeOutcome(outcome)}; not retried: the client's retry budget is exhausted`);
        // Say why a call with retries left made fewer attempts than its limit.
        if (outcome.error) outcome.error.message += " (not retried: the client's retry budget is exhausted)";
        return outcome;
      }

      hooks.onRetry?.({
        attempt: attempts + 1,
        delayMs: delay,
        request,
        response: outcome.status ? outcome : undefined,
        error: outcome.error,
      });
      logger?.warn(
        `${describeOutcome(outcome)}; retry ${retries + 1} of ${policy.limit} in ${delay} ms (attempt ${attempts + 1})`,
      );
      if (delay > 0 && !(await waitFor(clock, delay, request.signal))) {
        const error = new CancelledError(`The call was cancelled while it waited ${delay} ms to retry`, {
          request: outcome.request,
          cause: request.signal?.reason,
        });
        return failedOutcome(error, outcome.request, attempts);
      }
      outcome = undefined;
    }
  }

  return async function retry(request, next) {
    budget.deposit();
    const policy = request.retry;
    if (
      !IDEMPOTENT_METHODS.has(request.method) &&
      request.headers[IDEMPOTENCY_KEY_HEADER] === undefined &&
      isDeclaredIdempotent(request)
    ) {
      // One key per logical call: the same request object, hence the same key, goes out on every attempt.
      request.headers[IDEMPOTENCY_KEY_HEADER] = randomUUID();
    }
    if (policy && policy.deadlineMs !== undefined) return retrying(request, next, policy, undefined);
    const first = await next(request);
    if (first.ok) return first;
    if (first.status === 429) notePause(first, policy);
    return policy ? retrying(request, next, policy, first) : first;
  };
}

/** The deadline ended the call: a TimeoutError whose cause is the last attempt's error. */
function deadlineExceeded(
  policy: RetryPolicy,
  outcome: ApiResponse<unknown>,
  attempts: number,
): ApiResponse<unknown> {
  const r = outcome.request;
  const error = new TimeoutError(
    `${r.service}.${r.operation}: no successful response within the ${policy.deadlineMs} ms deadline (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { code: 'DEADLINE_EXCEEDED', request: r, cause: outcome.error },
  );
  error.attempts = attempts;
  return { ...outcome, ok: false, error, attempts };
}
