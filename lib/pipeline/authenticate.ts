import type { AuthContext, AuthProvider } from '../core/auth';
import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import { isSameOrigin } from '../core/http';
import { copyRecord } from '../core/own-properties';
import { planOf } from '../declaration/call-plan';
import { ApiError, AuthError } from '../errors/errors';
import { isOneShotBody } from '../request/body';
import { summarize } from '../request/url';
import type { PipelineConfig } from './chain';
import { failedOutcome } from './outcome';
import { AttemptGuards } from './attempt-guard';
import { withinAttempt } from './wait';

const DEFAULT_REFRESH_ON: readonly number[] = [401];

/**
 * Adds credentials per attempt — only for the client's baseURL origin — and, after a status in the
 * provider's `refreshOn` (default 401, never 403), lets it refresh and replays the request once. The
 * replay is not a retry (the retry step never sees it) but counts in `attempts`.
 */
export function createAuthInterceptor(config: PipelineConfig): Interceptor {
  const context: AuthContext = Object.freeze({
    axios: config.axios,
    timeout: config.timeout,
    maxContentLength: config.maxContentLength,
    clock: config.clock,
    logger: config.logger,
  });
  // Every wait for credentials is bounded by the attempt's timeout, on the client's clock.
  const guards = new AttemptGuards(config.clock);

  return function authenticate(request, next) {
    const plan = planOf(request);
    const provider = plan.auth;
    if (!provider || !isSameOrigin(request.url, plan.origin)) return next(request);
    // Without refresh there is nothing to inspect afterwards: no async frame around the attempt.
    if (!provider.refresh) return sendOnce(provider, request, next);
    return withRefresh(provider, request, next);
  };

  /**
   * One attempt with credentials. A synchronous authenticate() (a static bearer token, an API key) is
   * not awaited: the request goes on in the same tick.
   */
  function sendOnce(provider: AuthProvider, request: ApiRequest, next: Next): Promise<ApiResponse<unknown>> {
    const copy = copyOf(request, request.attempt);
    let pending: unknown;
    try {
      pending = provider.authenticate(copy, context);
    } catch (thrown) {
      return Promise.resolve(authFailure(thrown, copy, 0));
    }
    if (isThenable(pending) || request.signal) {
      return withinAttempt(pending, request, guards, 'while credentials were obtained').then(
        () => next(copy),
        (thrown: unknown) => authFailure(thrown, copy, 0),
      );
    }
    return next(copy);
  }

  async function withRefresh(
    provider: AuthProvider,
    request: ApiRequest,
    next: Next,
  ): Promise<ApiResponse<unknown>> {
    const first = await attempt(provider, request, request.attempt, next);
    const refreshOn = provider.refreshOn ?? DEFAULT_REFRESH_ON;
    if (
      !first.sent ||
      !provider.refresh ||
      first.response.status === 403 ||
      !refreshOn.includes(first.response.status)
    ) {
      return first.response;
    }
    const failed = first.response;
    config.logger?.debug(
      `restfit ${failed.request.service}.${failed.request.operation}: ${failed.status} — refreshing credentials`,
    );
    let replay: boolean;
    try {
      replay = await withinAttempt(
        provider.refresh(failed, first.request, context),
        request,
        guards,
        'while credentials were refreshed',
      );
    } catch (thrown) {
      return authFailure(thrown, first.request, failed.status);
    }
    // A stream body was consumed by the first attempt: the fresh token serves the next call instead.
    if (!replay || isOneShotBody(request.body)) return failed;
    const second = await attempt(provider, request, request.attempt + 1, next);
    return second.response;
  }

  /** One attempt on a copy of the request, so credentials never stay on the caller's object. */
  async function attempt(provider: AuthProvider, request: ApiRequest, number: number, next: Next) {
    const copy = copyOf(request, number);
    try {
      await withinAttempt(
        provider.authenticate(copy, context),
        request,
        guards,
        'while credentials were obtained',
      );
    } catch (thrown) {
      return { sent: false, request: copy, response: authFailure(thrown, copy, 0) };
    }
    return { sent: true, request: copy, response: await next(copy) };
  }
}

/** A copy of the request for one attempt, so credentials never stay on the caller's object. */
function copyOf(request: ApiRequest, attempt: number): ApiRequest {
  return { ...request, headers: copyRecord(request.headers), query: copyRecord(request.query), attempt };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * A provider that threw: the call fails with its ApiError (AuthError, SessionExpiredError) or an
 * AuthError. `status` 0: authenticate() failed, so the attempt ends here with nothing sent (and is
 * not counted: `attempts` says what was sent); otherwise refresh() failed after the attempt that got
 * `status`.
 */
function authFailure(thrown: unknown, request: ApiRequest, status: number): ApiResponse<unknown> {
  const summary = summarize(request);
  const error =
    thrown instanceof ApiError
      ? thrown
      : new AuthError(
          `${summary.service}.${summary.operation}: the auth provider failed: ${(thrown as Error)?.message ?? thrown}`,
          {
            cause: thrown,
          },
        );
  if (status && !error.status) error.status = status;
  return failedOutcome(error, request, summary);
}
