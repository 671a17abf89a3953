import type { ApiError } from '../core/api-error';
import type { ApiRequest, ApiResponse, RequestSummary } from '../core/exchange';
import { Invocation } from '../declaration/call-plan';

/**
 * Outcomes, as the steps report them. A step never patches another step's error: it says what
 * happened in the outcome it resolves (an error learns the call's attempts so far when its outcome is
 * made), and the call's owner (client/invoke.ts) stamps the final attempts, elapsed time and summary
 * on the error once, at the end.
 */

/** An outcome without a response (status 0 unless the error has one), carrying the call's attempts so far. */
export function failedOutcome(
  error: ApiError,
  request: ApiRequest,
  summary: RequestSummary,
): ApiResponse<unknown> {
  const attempts = Invocation.attemptsOf(request);
  error.attempts = attempts;
  return {
    ok: false,
    status: error.status,
    statusText: '',
    headers: {},
    data: undefined,
    error,
    elapsedMs: 0,
    attempts,
    request: summary,
  };
}

/** `restfit Users.get GET https://…/users/1 → 503`: how every log line names an outcome (URL redacted). */
export function describeOutcome(outcome: ApiResponse<unknown>): string {
  const r = outcome.request;
  return `restfit ${r.service}.${r.operation} ${r.method} ${r.url} → ${outcome.status || outcome.error?.code}`;
}
