import { ApiError, DecodeError, NetworkError } from '../errors/errors';
import type { ApiRequest } from '../request/api-request';
import type { RequestSummary } from './api-response';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

function lowLevelCode(error: unknown): string {
  let current = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.code && current.code !== 'ERR_BAD_RESPONSE' && !current.code.startsWith('ERR_BAD_')) {
      if (!current.code.startsWith('ERR_') || RESET_CODES.has(current.code)) return current.code;
    }
    current = current.cause as typeof current;
  }
  return (error as { code?: string })?.code ?? '';
}

/** Turns what axios (or Node) threw for an attempt into a restfit error. Axios errors never escape. */
export function classifyTransportError(cause: unknown, request: ApiRequest, summary: RequestSummary): ApiError {
  const message = (cause as Error)?.message ?? String(cause);
  if (/maxContentLength size of/i.test(message)) {
    return new DecodeError(`The response is larger than maxContentLength (${request.transport.maxContentLength} bytes)`, {
      code: 'RESPONSE_TOO_LARGE',
      request: summary,
      cause,
    });
  }
  if (/maxRedirects|Maximum number of redirects/i.test(message)) {
    return new NetworkError(`More than ${request.transport.maxRedirects} redirects`, {
      code: 'TOO_MANY_REDIRECTS',
      request: summary,
      cause,
    });
  }
  const code = lowLevelCode(cause);
  const kind = DNS_CODES.has(code)
    ? 'dns'
    : CONNECT_CODES.has(code)
      ? 'connect'
      : RESET_CODES.has(code) || /socket hang up|aborted|terminated/i.test(message)
        ? 'reset'
        : /certificate|ssl|tls|self[- ]signed/i.test(`${code} ${message}`)
          ? 'tls'
          : 'other';
  const error = new NetworkError(`${describe(kind)}${code ? ` (${code})` : ''}: ${summary.method} ${summary.url}`, {
    request: summary,
    cause,
  });
  error.kind = kind;
  return error;
}

function describe(kind: NetworkError['kind']): string {
  switch (kind) {
    case 'dns':
      return 'The host name could not be resolved';
    case 'connect':
      return 'The connection was refused';
    case 'reset':
      return 'The connection was closed before the response was complete';
    case 'tls':
      return 'The TLS handshake failed';
    default:
      return 'The request failed before a response arrived';
  }
}
