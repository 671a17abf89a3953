import type { ApiError } from '../errors/errors';
import type { ApiResponse, RequestSummary } from '../response/api-response';

/** The outcome of a call that got no response: status 0 and the error, with the attempts made so far. */
export function failedOutcome(
  error: ApiError,
  request: RequestSummary,
  attempts: number,
): ApiResponse<unknown> {
  error.attempts = attempts;
  if (!error.request.service) error.request = request;
  return {
    ok: false,
    status: error.status,
    statusText: '',
    headers: {},
    data: undefined,
    error,
    elapsedMs: 0,
    attempts,
    request,
  };
}
