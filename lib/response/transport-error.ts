import { callPrefix, callTarget } from '../core/api-error';
import type { RequestSummary } from '../core/exchange';
import type { CallPlan } from '../declaration/call-plan';
import {
  ApiError,
  CancelledError,
  DecodeError,
  NetworkError,
  TimeoutError,
  type NetworkErrorKind,
} from '../errors/errors';
import { internalTransportError, isProgrammingError } from './internal-error';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The most specific code in the cause chain (ECONNREFUSED rather than axios's ERR_BAD_RESPONSE). */
function lowLevelCode(error: unknown): string {
  let current = error as { code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = current.code;
    if (code && (!code.startsWith('ERR_') || RESET_CODES.has(code))) return code;
    // Node's happy-eyeballs connect failure: an AggregateError of one error per address.
    current = (current.cause ?? current.errors?.[0]) as typeof current;
  }
  // Only axios's own codes (ERR_BAD_RESPONSE, ...): they say nothing about the connection.
  return '';
}

/**
 * Turns what axios (or Node) threw for an attempt into a restfit error. Axios errors never escape.
 * `unknownKind` is the kind for an unrecognized cause ('reset' once the headers had arrived).
 */
export function classifyTransportError(
  cause: unknown,
  plan: Pick<CallPlan, 'maxContentLength'>,
  summary: RequestSummary,
  unknownKind: NetworkErrorKind = 'other',
): ApiError {
  if (isTooLarge(cause)) return tooLargeError(plan, summary, 0, cause);
  const message = (cause as Error)?.message ?? String(cause);
  const code = lowLevelCode(cause);
  const kind: NetworkErrorKind = DNS_CODES.has(code)
    ? 'dns'
    : CONNECT_CODES.has(code)
      ? 'connect'
      : RESET_CODES.has(code) || /socket hang up|aborted|terminated|premature close/i.test(message)
        ? 'reset'
        : /certificate|ssl|tls|self[- ]signed/i.test(`${code} ${message}`)
          ? 'tls'
          : unknownKind;
  if (kind === 'other' && !code && isProgrammingError(cause)) return internalTransportError(cause, summary);
  return new NetworkError(
    `${callPrefix(summary)}${describe(kind)} (${code ? `${code}, ` : ''}${callTarget(summary)})`,
    {
      request: summary,
      cause,
      kind,
    },
  );
}

/** Did axios (or restfit's own guard) stop a body at maxContentLength? */
export function isTooLarge(cause: unknown): boolean {
  if (cause instanceof DecodeError) return cause.code === 'RESPONSE_TOO_LARGE';
  return /maxContentLength size of/i.test((cause as Error)?.message ?? '');
}

/** The body grew past maxContentLength: the attempt was aborted. */
export function tooLargeError(
  plan: Pick<CallPlan, 'maxContentLength'>,
  summary: RequestSummary,
  status: number,
  cause?: unknown,
): DecodeError {
  return new DecodeError(
    `${callPrefix(summary)}the response is larger than maxContentLength (${plan.maxContentLength} bytes) and was aborted (${callTarget(summary)})`,
    { code: 'RESPONSE_TOO_LARGE', request: summary, status, cause },
  );
}

/** How an attempt's body stream can end early: its timer, the caller's signal, or the connection. */
export interface StreamGuards {
  isTimedOut(): boolean;
  /** The attempt's timeout (for an event stream: the longest gap between chunks). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A failure while a body was being read: timeout, cancellation, too large, or the connection closed.
 * `events`: the body is an event stream, whose timeout bounds each gap between events.
 */
export function bodyStreamError(
  cause: unknown,
  guards: StreamGuards,
  events: boolean,
  plan: CallPlan,
  summary: RequestSummary,
): ApiError {
  if (cause instanceof ApiError) return cause;
  if (guards.isTimedOut()) {
    // Worded like the transport's own timeout and cancellation, which end an attempt the same way.
    const what = events ? 'No event' : 'No complete response';
    return new TimeoutError(`${what} within the ${guards.timeoutMs} ms timeout`, {
      request: summary,
      cause,
    });
  }
  if (guards.signal?.aborted)
    return new CancelledError('The call was cancelled', { request: summary, cause });
  // The headers had arrived, so whatever ended the body closed the connection.
  return classifyTransportError(cause, plan, summary, 'reset');
}

function describe(kind: NetworkErrorKind): string {
  switch (kind) {
    case 'dns':
      return 'the host name could not be resolved';
    case 'connect':
      return 'the connection was refused';
    case 'reset':
      return 'the connection was closed before the response was complete';
    case 'tls':
      return 'the TLS handshake failed';
    default:
      return 'the request failed before a response arrived';
  }
}
