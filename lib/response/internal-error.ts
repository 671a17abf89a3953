import { ApiError, callPrefix, callTarget, type RequestSummary } from '../core/api-error';

/** axios's codes for a request that really went to the network (or was stopped on its way). */
const AXIOS_NETWORK_CODES = new Set(['ERR_NETWORK', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError];

/**
 * A bug, not the network: a TypeError (ReferenceError, …) thrown by code on the way (an adapter, an
 * interceptor), with no network code anywhere in its chain. fetch's own "Failed to fetch"/"fetch failed"
 * TypeErrors are the network: axios marks them ERR_NETWORK, and Node's carries a socket code in `cause`.
 */
export function isProgrammingError(cause: unknown): boolean {
  const axiosCode = (cause as { isAxiosError?: boolean; code?: string })?.isAxiosError
    ? (cause as { code?: string }).code
    : undefined;
  if (axiosCode && AXIOS_NETWORK_CODES.has(axiosCode)) return false;
  let current = cause as { cause?: unknown; code?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (PROGRAMMING_ERRORS.some((type) => current instanceof type) && current.code === undefined) {
      return !/fetch failed|failed to fetch|network|load failed/i.test((current as Error).message);
    }
    current = current.cause as typeof current;
  }
  return false;
}

/** The transport failed on its own bug: reported as what it is, never retried as a network failure. */
export function internalTransportError(cause: unknown, summary: RequestSummary): ApiError {
  const inner = innermost(cause) as Error;
  return new ApiError(
    `${callPrefix(summary)}the transport failed with an internal ${inner?.name ?? 'error'}: ${inner?.message ?? String(inner)} (${callTarget(summary)})`,
    { code: 'TRANSPORT_BUG', request: summary, cause },
  );
}

function innermost(error: unknown): unknown {
  let current = error as { cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (PROGRAMMING_ERRORS.some((type) => current instanceof type)) return current;
    current = current.cause as typeof current;
  }
  return error;
}
