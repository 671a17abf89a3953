import { AuthError, CancelledError, TimeoutError } from '../errors/errors';
import type { ApiRequest } from '../request/api-request';

/** The code of an AuthError for credentials that did not arrive within the attempt's timeout. */
export const AUTH_TIMEOUT = 'AUTH_TIMEOUT';

/**
 * Waits for an auth provider's work (authenticate, refresh) within the attempt's bounds: the caller's
 * signal ends it with CancelledError, and the attempt's `timeout` (already cut to what is left of
 * `retry.deadlineMs`) with an AuthError `AUTH_TIMEOUT`, whether or not the provider honours the
 * `AuthContext` timeout itself. The provider's work goes on (it may be shared with other calls); only
 * this call stops waiting. Leaves no timer or listener behind.
 */
export function withinAttempt<T>(work: T | Promise<T>, request: ApiRequest, what: string): Promise<T> {
  const { signal, timeout } = request;
  if (!signal && !(timeout > 0)) return Promise.resolve(work);
  if (signal?.aborted)
    return Promise.reject(new CancelledError(`The call was cancelled ${what}`, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const settle = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      settle();
      reject(new CancelledError(`The call was cancelled ${what}`, { cause: signal!.reason }));
    };
    const timer =
      timeout > 0
        ? setTimeout(() => {
            settle();
            const { service, operation } = request.endpoint;
            reject(
              new AuthError(
                `${service}.${operation}: no credentials within the ${timeout} ms timeout (${what.replace(/^while /, 'waited while ')})`,
                { code: AUTH_TIMEOUT, cause: new TimeoutError(`${timeout} ms elapsed ${what}`) },
              ),
            );
          }, timeout)
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(work).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/**
 * The signal that bounds a wait outside the attempts (the rate limit's queue): the caller's signal and,
 * when the call has a `retry.deadlineMs`, that deadline. `expired()` tells the deadline from the caller.
 */
export function callBound(request: ApiRequest): { signal?: AbortSignal; expired(): boolean } {
  const deadlineMs = request.retry ? request.retry.deadlineMs : undefined;
  if (deadlineMs === undefined) return { signal: request.signal, expired: () => false };
  const deadline = AbortSignal.timeout(deadlineMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  return { signal, expired: () => deadline.aborted && !request.signal?.aborted };
}
