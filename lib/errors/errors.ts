import { ApiError, UNKNOWN_REQUEST, callPrefix, callTarget, type ApiErrorOptions } from '../core/api-error';
import type { RequestSummary } from '../core/exchange';
import { redactSecretsInText } from '../core/secrets';

export { ApiError, type ApiErrorOptions } from '../core/api-error';

/** A mistake in the decorators of a service class, found by `create()`. */
export class DeclarationError extends ApiError {
  static override readonly errorName: string = 'DeclarationError';
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'DECLARATION_ERROR', ...options });
  }
}

/** The call's input could not be turned into a safe request; nothing was sent. */
export class RequestError extends ApiError {
  static override readonly errorName: string = 'RequestError';
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'REQUEST_ERROR', ...options });
  }
}

/** What restfit passes to an HttpError class (yours too: subclasses take no constructor of their own). */
export interface HttpErrorInit {
  /** The response status. */
  status: number;
  /** The reason phrase; default `''`. */
  statusText?: string;
  /** The response headers, lower-case names. */
  headers?: Record<string, string>;
  /** The decoded error body. */
  data?: unknown;
  /** The call the response belongs to. */
  request?: RequestSummary;
  /**
   * Replaces the default message,
   * `UsersApi.getUser: HTTP 404 Not Found (GET https://…/users/1): <detail>`.
   */
  message?: string;
  /** Replaces the code chosen by status (`NOT_FOUND`, …; else `CLIENT_ERROR` or `SERVER_ERROR`). */
  code?: string;
  /** The response's Retry-After, in ms. */
  retryAfterMs?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** A response arrived with a non-2xx status. Subclass it (without a constructor) for your own errors. */
export class HttpError<TData = unknown> extends ApiError {
  static override readonly errorName: string = 'HttpError';
  /** The reason phrase of the response; often `''` (HTTP/2 has none). */
  statusText: string;
  /** The response headers, lower-case names (secret ones are redacted in toJSON and inspect). */
  headers: Record<string, string>;
  /** The decoded error body: JSON, text or bytes; mapped by `@ErrorType`. */
  data: TData | undefined;
  /** Set where the response had a valid Retry-After header. */
  declare retryAfterMs?: number;

  constructor(init: HttpErrorInit) {
    const request = init.request ?? UNKNOWN_REQUEST;
    super(init.message ?? describeHttpFailure(init, request), {
      code: init.code ?? codeForStatus(init.status),
      cause: init.cause,
      request,
    });
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.headers = init.headers ?? {};
    this.data = init.data as TData | undefined;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

const DETAIL_LENGTH = 200;

/** `UsersApi.getUser: HTTP 404 Not Found (GET https://…/users/1): no such user`. */
function describeHttpFailure(init: HttpErrorInit, request: RequestSummary): string {
  const target = callTarget(request);
  const detail = detailOf(init.data);
  return `${callPrefix(request)}HTTP ${init.status}${init.statusText ? ` ${init.statusText}` : ''}${target ? ` (${target})` : ''}${detail ? `: ${detail}` : ''}`;
}

/** The server's own short explanation: `message`, `error_description`, `error`, `detail` or `title`, or a one-line text body. */
function detailOf(data: unknown): string | undefined {
  let text: unknown;
  if (typeof data === 'string') text = data.startsWith('<') ? undefined : data;
  else if (data !== null && typeof data === 'object' && !(data instanceof Uint8Array)) {
    const body = data as Record<string, unknown>;
    const nested = body.error as Record<string, unknown> | undefined;
    text =
      pickString(body.message) ??
      pickString(body.error_description) ??
      pickString(body.error) ??
      pickString(body.detail) ??
      pickString(body.title) ??
      (nested !== null && typeof nested === 'object' ? pickString(nested.message) : undefined);
  }
  if (typeof text !== 'string') return undefined;
  // A form-encoded or log-like body may carry key=value secrets as well as JSON fields.
  const line = redactSecretsInText(text.trim().replace(/\s+/g, ' '));
  if (!line) return undefined;
  return line.length > DETAIL_LENGTH ? `${line.slice(0, DETAIL_LENGTH)}…` : line;
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, DETAIL_LENGTH * 2) : undefined;
}

/** The stable `code` of an HttpError, by status. */
export const HTTP_ERROR_CODES: Readonly<Record<number, string>> = Object.freeze({
  304: 'NOT_MODIFIED',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  412: 'PRECONDITION_FAILED',
  413: 'CONTENT_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  423: 'LOCKED',
  425: 'TOO_EARLY',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  451: 'UNAVAILABLE_FOR_LEGAL_REASONS',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
});

function codeForStatus(status: number): string {
  return (
    HTTP_ERROR_CODES[status] ??
    (status >= 500 ? 'SERVER_ERROR' : status >= 400 ? 'CLIENT_ERROR' : 'HTTP_ERROR')
  );
}

/** Any 4xx status; the common ones have their own subclass. */
export class ClientError<T = unknown> extends HttpError<T> {
  static override readonly errorName: string = 'ClientError';
}
/** Any 5xx status; the common ones have their own subclass. */
export class ServerError<T = unknown> extends HttpError<T> {
  static override readonly errorName: string = 'ServerError';
}
export class BadRequestError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'BadRequestError';
}
export class UnauthorizedError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'UnauthorizedError';
}
export class ForbiddenError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'ForbiddenError';
}
export class NotFoundError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'NotFoundError';
}
export class ConflictError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'ConflictError';
}
export class UnprocessableEntityError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'UnprocessableEntityError';
}
/** 429; `retryAfterMs` is set when the response had a Retry-After header. */
export class TooManyRequestsError<T = unknown> extends ClientError<T> {
  static override readonly errorName: string = 'TooManyRequestsError';
}
export class InternalServerError<T = unknown> extends ServerError<T> {
  static override readonly errorName: string = 'InternalServerError';
}
export class BadGatewayError<T = unknown> extends ServerError<T> {
  static override readonly errorName: string = 'BadGatewayError';
}
/** 503; `retryAfterMs` is set when the response had a Retry-After header. */
export class ServiceUnavailableError<T = unknown> extends ServerError<T> {
  static override readonly errorName: string = 'ServiceUnavailableError';
}
export class GatewayTimeoutError<T = unknown> extends ServerError<T> {
  static override readonly errorName: string = 'GatewayTimeoutError';
}

/**
 * A class restfit constructs for an error status (the values of the `errors` option): `HttpError` or a
 * subclass of it without a constructor of its own.
 */
export type HttpErrorClass = new (init: HttpErrorInit) => HttpError;

/** The built-in class for each status; others fall back to ClientError / ServerError / HttpError. */
export const BUILT_IN_HTTP_ERRORS: Readonly<Record<number, HttpErrorClass>> = Object.freeze({
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: TooManyRequestsError,
  500: InternalServerError,
  502: BadGatewayError,
  503: ServiceUnavailableError,
  504: GatewayTimeoutError,
});

/** How a request failed without a response: `connect` (refused), `reset`, `dns`, `tls` or `other`. */
export type NetworkErrorKind = 'connect' | 'reset' | 'dns' | 'tls' | 'other';

/** No response arrived: refused, reset, DNS, TLS. The low-level error is in `cause`. */
export class NetworkError extends ApiError {
  static override readonly errorName: string = 'NetworkError';
  /** What went wrong: `connect` (refused), `reset`, `dns`, `tls` or `other`. Retries skip `dns` and `tls`. */
  kind: NetworkErrorKind;
  constructor(message: string, options: ApiErrorOptions & { kind?: NetworkErrorKind } = {}) {
    super(message, { code: 'NETWORK_ERROR', ...options });
    this.kind = options.kind ?? 'other';
  }
}

/** An attempt's timeout (`TIMEOUT`) or the call's deadline (`DEADLINE_EXCEEDED`) elapsed. */
export class TimeoutError extends ApiError {
  static override readonly errorName: string = 'TimeoutError';
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'TIMEOUT', ...options });
  }
}

/** The caller's AbortSignal fired. */
export class CancelledError extends ApiError {
  static override readonly errorName: string = 'CancelledError';
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'CANCELLED', ...options });
  }
}

/** What `DecodeError` takes besides its message. */
export interface DecodeErrorOptions extends ApiErrorOptions {
  /** The response status, when a response arrived. */
  status?: number;
  /** A short, printable start of the body. */
  snippet?: string;
  /** The raw body that could not be decoded. */
  body?: Uint8Array;
}

/** The body could not be decoded or mapped (`DECODE_ERROR`), or was too large (`RESPONSE_TOO_LARGE`). */
export class DecodeError extends ApiError {
  static override readonly errorName: string = 'DecodeError';
  /** A short, printable start of the body (secret-looking JSON fields replaced). */
  declare snippet?: string;
  /** The raw body that could not be decoded (not enumerable: kept out of toJSON and inspect). */
  declare body?: Uint8Array;
  constructor(message: string, options: DecodeErrorOptions = {}) {
    super(message, { code: 'DECODE_ERROR', ...options });
    if (options.status !== undefined) this.status = options.status;
    if (options.snippet !== undefined) this.snippet = options.snippet;
    if (options.body !== undefined) {
      Object.defineProperty(this, 'body', {
        value: options.body,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }
}

/** The client-side rate limit refused the call (`wait: false`). */
export class RateLimitError extends ApiError {
  static override readonly errorName: string = 'RateLimitError';
  /** Milliseconds until the client-side window has a free slot. */
  retryAfterMs: number;
  constructor(message: string, options: ApiErrorOptions & { retryAfterMs: number }) {
    super(message, { code: 'RATE_LIMITED', ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The circuit breaker of the call's origin is open (or half-open with its probes in flight): the call
 * failed at once and nothing was sent. `retryAfterMs` is the time until the breaker lets a probe through.
 */
export class CircuitOpenError extends ApiError {
  static override readonly errorName: string = 'CircuitOpenError';
  /** Milliseconds until the breaker lets a probe through. */
  retryAfterMs: number;
  constructor(message: string, options: ApiErrorOptions & { retryAfterMs: number }) {
    super(message, { code: 'CIRCUIT_OPEN', ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** What AuthError takes besides its message. */
export interface AuthErrorOptions extends ApiErrorOptions {
  /** The kind of the network failure in `cause`, when the credentials could not be fetched for one. */
  kind?: NetworkErrorKind;
}

/** Credentials could not be obtained or refreshed. */
export class AuthError extends ApiError {
  static override readonly errorName: string = 'AuthError';
  /** Set when the token endpoint could not be reached: the kind of the NetworkError in `cause`. */
  declare kind?: NetworkErrorKind;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super(message, { code: 'AUTH_ERROR', ...options });
    if (options.kind !== undefined) this.kind = options.kind;
  }
}

/** A refresh failed: the session is over; the next call starts afresh. */
export class SessionExpiredError extends AuthError {
  static override readonly errorName: string = 'SessionExpiredError';
  constructor(message: string, options: AuthErrorOptions = {}) {
    super(message, { code: 'SESSION_EXPIRED', ...options });
  }
}
