import type { AuthContext, AuthProvider } from '../auth/auth-provider';
import type { ClientConfig } from '../client/client-config';
import { ApiError, AuthError } from '../errors/errors';
import { summarize } from '../errors/redact';
import type { ApiRequest } from '../request/api-request';
import { isOneShotBody } from '../request/body';
import type { ApiResponse } from '../response/api-response';
import type { Interceptor, Next } from './interceptor';
import { withinAttempt } from './bounded-wait';
import { failedOutcome } from './outcome';
import { isTrustedOrigin } from './trusted-origin';

const DEFAULT_REFRESH_ON: readonly number[] = [401];

/**
 * Adds credentials per attempt — only for the client's baseURL origin — and, after a status in the
 * provider's `refreshOn` (default 401, never 403), lets it refresh and replays the request once. The
 * replay is not a retry (the retry step never sees it) but counts in `attempts`.
 */
export function createAuthInterceptor(config: ClientConfig): Interceptor {
  const context: AuthContext = Object.freeze({
    axios: config.axios,
    timeout: config.timeout,
    maxContentLength: config.maxContentLength,
    clock: config.clock,
    logger: config.logger,
  });

  return function authenticate(request, next) {
    const provider = request.auth;
    if (!provider || !isTrustedOrigin(request.url, request.transport.trustedOrigin)) return next(request);
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
      return withinAttempt(pending, request, 'while credentials were obtained').then(
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
        'while credentials were refreshed',
      );
    } catch (thrown) {
      return authFailure(thrown, first.request, failed.status);
    }
    // A stream body was consumed by the first attempt: the fresh token serves the next call instead.
    if (!replay || isOneShotBody(request.body)) return failed;
    const second = await attempt(provider, request, request.attempt + 1, next);
    const response = second.response;
    response.attempts += failed.attempts;
    if (response.error) response.error.attempts = response.attempts;
    return response;
  }

  /** One attempt on a copy of the request, so credentials never stay on the caller's object. */
  async function attempt(provider: AuthProvider, request: ApiRequest, number: number, next: Next) {
    const copy = copyOf(request, number);
    try {
      await withinAttempt(provider.authenticate(copy, context), request, 'while credentials were obtained');
    } catch (thrown) {
      return { sent: false, request: copy, response: authFailure(thrown, copy, 0) };
    }
    return { sent: true, request: copy, response: await next(copy) };
  }
}

/** A copy of the request for one attempt, so credentials never stay on the caller's object. */
function copyOf(request: ApiRequest, attempt: number): ApiRequest {
  return { ...request, headers: { ...request.headers }, query: { ...request.query }, attempt };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** A provider that threw: the call fails with its ApiError (AuthError, SessionExpiredError) or an AuthError. */
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
  // Credentials that failed before sending leave nothing sent (0 attempts); a failed refresh followed one.
  return failedOutcome(error, summary, status ? 1 : 0);
}
