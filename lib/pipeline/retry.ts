import { randomUuid } from '../platform/bytes';
import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import type { RetryEvent } from '../core/options';
import { parseRetryAfter, type RetryPolicy } from '../core/retry-policy';
import { Invocation, planOf } from '../declaration/call-plan';
import { CancelledError, HttpError, NetworkError, TimeoutError } from '../errors/errors';
import { isOneShotBody } from '../request/body';
import type { PipelineConfig } from './chain';
import { describeOutcome, failedOutcome } from './outcome';
import { pausedUntil, throttleFor } from './rate-limit';
import { retryBudgetFor } from './retry-budget';
import { AUTH_TIMEOUT, backoffDelay, waitFor } from './wait';

/** Idempotent by HTTP semantics: no Idempotency-Key needed. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * Retries failed attempts by the call's RetryPolicy (from its plan). State lives in the call (this
 * function's locals), never in the interceptor: one policy object may serve any number of concurrent
 * calls. The same request object is sent on every attempt, so what outer interceptors changed applies
 * to all of them. Attempts are counted by the call (Invocation), not here.
 */
export function createRetryInterceptor(config: PipelineConfig): Interceptor {
  const { clock, hooks, logger } = config;
  const budget = retryBudgetFor(config);

  /** A 429 with a Retry-After we would honour pauses the calls queued behind it on this client. */
  function notePause(request: ApiRequest, outcome: ApiResponse<unknown>, policy: RetryPolicy | false): void {
    // A call that does not retry has no one queued behind it to pause for.
    if (!policy) return;
    const now = clock.now();
    const wait = parseRetryAfter(outcome.headers['retry-after'], now);
    if (wait !== undefined && wait > 0 && wait <= policy.maxRetryAfterMs)
      throttleFor(request, clock).pauseUntil(now + wait);
  }

  function isRetryable(
    request: ApiRequest,
    policy: RetryPolicy,
    idempotent: boolean,
    outcome: ApiResponse<unknown>,
    attempt: number,
  ): boolean {
    const error = outcome.error;
    if (error instanceof CancelledError || request.signal?.aborted) return false;
    if (error?.code === 'DEADLINE_EXCEEDED' || isOneShotBody(request.body)) return false;
    const method = request.method.toUpperCase();
    if (!idempotent && !policy.methods.some((m) => m.toUpperCase() === method)) return false;
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
    idempotent: boolean,
    first: ApiResponse<unknown> | undefined,
  ): Promise<ApiResponse<unknown>> {
    const deadline = policy.deadlineMs !== undefined ? clock.now() + policy.deadlineMs : Infinity;
    const timeout = request.timeout;
    let outcome = first;
    let previousDelay = 0;
    for (let retries = 0; ; retries++) {
      if (!outcome) {
        request.attempt = Invocation.attemptsOf(request) + 1;
        // The deadline also bounds the attempt in flight: its timeout shrinks to the time left.
        const left = Math.ceil(deadline - clock.now());
        const cut = left < timeout || (timeout === 0 && left !== Infinity);
        if (cut) request.timeout = Math.max(1, left);
        try {
          outcome = await next(request);
        } finally {
          request.timeout = timeout;
        }
        if (outcome.ok) return outcome;
        // Credentials that did not come in time (AUTH_TIMEOUT) ran out of the same cut budget.
        if (cut && (outcome.error instanceof TimeoutError || outcome.error?.code === AUTH_TIMEOUT))
          return deadlineExceeded(policy, outcome);
        if (outcome.status === 429) notePause(request, outcome, policy);
      }
      const attempts = Invocation.attemptsOf(request);
      if (retries >= policy.limit || !isRetryable(request, policy, idempotent, outcome, attempts))
        return outcome;

      const now = clock.now();
      let delay: number;
      const retryAfter = outcome.status ? parseRetryAfter(outcome.headers['retry-after'], now) : undefined;
      if (retryAfter !== undefined) {
        if (retryAfter > policy.maxRetryAfterMs) {
          // The server asks for longer than we may wait: fail now with its own error (429/503 …).
          logger?.warn(
            `${describeOutcome(outcome)}; not retried: Retry-After ${retryAfter} ms is above maxRetryAfterMs ${policy.maxRetryAfterMs}`,
          );
          return outcome;
        }
        delay = retryAfter;
      } else {
        delay = backoffDelay(policy.backoff, retries, previousDelay, () => clock.random());
      }
      // Another call's 429 may have paused the client for longer.
      const paused = pausedUntil(request);
      if (paused - now > delay) delay = paused - now;
      if (now + delay >= deadline) return deadlineExceeded(policy, outcome);
      if (!budget.tryWithdraw()) {
        logger?.warn(`${describeOutcome(outcome)}; not retried: the client's retry budget is exhausted`);
        // Say why a call with retries left made fewer attempts than its limit.
        Invocation.note(request, "not retried: the client's retry budget is exhausted");
        return outcome;
      }

      const event: RetryEvent = {
        attempt: attempts + 1,
        delayMs: delay,
        request,
        response: outcome.status ? outcome : undefined,
        error: outcome.error,
      };
      hooks.onRetry?.(event);
      // A once-per-call interceptor (restfit/otel) that asked to hear about the call's retries.
      Invocation.observerOf(request)?.onRetry?.(event);
      logger?.warn(
        `${describeOutcome(outcome)}; retry ${retries + 1} of ${policy.limit} in ${delay} ms (attempt ${attempts + 1})`,
      );
      if (delay > 0 && !(await waitFor(clock, delay, request.signal))) {
        const error = new CancelledError(`The call was cancelled while it waited ${delay} ms to retry`, {
          request: outcome.request,
          cause: request.signal?.reason,
        });
        return failedOutcome(error, request, outcome.request);
      }
      previousDelay = delay;
      outcome = undefined;
    }
  }

  return function retry(request, next) {
    budget.deposit();
    const plan = planOf(request);
    const policy = plan.retry;
    if (
      plan.idempotent &&
      !IDEMPOTENT_METHODS.has(request.method) &&
      request.headers[IDEMPOTENCY_KEY_HEADER] === undefined
    ) {
      // One key per logical call: the same request object, hence the same key, goes out on every attempt.
      request.headers[IDEMPOTENCY_KEY_HEADER] = randomUuid();
    }
    // A call that does not retry has nothing to look at afterwards: no async frame around the attempt.
    if (!policy) return next(request);
    if (policy.deadlineMs !== undefined) return retrying(request, next, policy, plan.idempotent, undefined);
    return next(request).then((first) => {
      if (first.ok) return first;
      if (first.status === 429) notePause(request, first, policy);
      return retrying(request, next, policy, plan.idempotent, first);
    });
  };
}

/** The deadline ended the call: a TimeoutError whose cause is the last attempt's error. */
function deadlineExceeded(policy: RetryPolicy, outcome: ApiResponse<unknown>): ApiResponse<unknown> {
  const r = outcome.request;
  const attempts = outcome.attempts;
  const error = new TimeoutError(
    `${r.service}.${r.operation}: no successful response within the ${policy.deadlineMs} ms deadline (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { code: 'DEADLINE_EXCEEDED', request: r, cause: outcome.error },
  );
  error.attempts = attempts;
  return { ...outcome, ok: false, error };
}
