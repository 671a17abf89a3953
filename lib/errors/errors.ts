import { inspect } from 'node:util';
import type { RequestSummary } from '../response/api-response';

export interface ApiErrorOptions {
  code?: string;
  cause?: unknown;
  request?: RequestSummary;
}

const UNKNOWN_REQUEST: RequestSummary = Object.freeze({ method: '', url: '', service: '', operation: '' });

/** The root of every error restfit throws. */
export class ApiError extends Error {
  /** A stable, machine-readable code, e.g. `NOT_FOUND`, `TIMEOUT`. */
  code: string;
  /** Attempts made for the call, replays included. */
  attempts = 0;
  /** Milliseconds for the whole call. */
  elapsedMs = 0;
  request: RequestSummary;
  /** HTTP status where a response arrived; 0 otherwise. */
  status = 0;
  override cause?: unknown;

  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = options.code ?? 'API_ERROR';
    this.request = options.request ?? UNKNOWN_REQUEST;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      attempts: this.attempts,
      elapsedMs: this.elapsedMs,
      request: this.request,
    };
  }

  [inspect.custom](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${inspect(this.toJSON(), { depth: 4 })}`;
  }
}

/** A mistake in the decorators of a service class, found by `create()`. */
export class DeclarationError extends ApiError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'DECLARATION_ERROR', ...options });
  }
}

/** The call's input could not be turned into a safe request; nothing was sent. */
export class RequestError extends ApiError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'REQUEST_ERROR', ...options });
  }
}

export interface HttpErrorInit {
  status: number;
  statusText?: string;
  headers?: Record<string, string>;
  data?: unknown;
  request?: RequestSummary;
  message?: string;
  code?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** A response arrived with a non-2xx status. Subclass it (without a constructor) for your own errors. */
export class HttpError<TData = unknown> extends ApiError {
  statusText: string;
  headers: Record<string, string>;
  /** The decoded error body (typed by `@ErrorType`). */
  data: TData | undefined;
  /** Set where the response had a valid Retry-After header. */
  retryAfterMs?: number;

  constructor(init: HttpErrorInit) {
    const request = init.request ?? UNKNOWN_REQUEST;
    super(init.message ?? describeHttpFailure(init.status, init.statusText, request), {
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

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), statusText: this.statusText, retryAfterMs: this.retryAfterMs };
  }
}

function describeHttpFailure(status: number, statusText: string | undefined, request: RequestSummary): string {
  const where = request.service ? ` (${request.service}.${request.operation}: ${request.method} ${request.url})` : '';
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}${where}`;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'SERVER_ERROR' : status >= 400 ? 'CLIENT_ERROR' : 'HTTP_ERROR');
}

export class ClientError<T = unknown> extends HttpError<T> {}
export class ServerError<T = unknown> extends HttpError<T> {}
export class BadRequestError<T = unknown> extends ClientError<T> {}
export class UnauthorizedError<T = unknown> extends ClientError<T> {}
export class ForbiddenError<T = unknown> extends ClientError<T> {}
export class NotFoundError<T = unknown> extends ClientError<T> {}
export class ConflictError<T = unknown> extends ClientError<T> {}
export class UnprocessableEntityError<T = unknown> extends ClientError<T> {}
export class TooManyRequestsError<T = unknown> extends ClientError<T> {}
export class InternalServerError<T = unknown> extends ServerError<T> {}
export class BadGatewayError<T = unknown> extends ServerError<T> {}
export class ServiceUnavailableError<T = unknown> extends ServerError<T> {}
export class GatewayTimeoutError<T = unknown> extends ServerError<T> {}

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

/** No response arrived: refused, reset, DNS, TLS. The low-level error is in `cause`. */
export class NetworkError extends ApiError {
  /** What went wrong: `connect` (refused), `reset`, `dns`, `tls` or `other`. Retries skip `dns` and `tls`. */
  kind: 'connect' | 'reset' | 'dns' | 'tls' | 'other' = 'other';
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'NETWORK_ERROR', ...options });
  }
}

/** An attempt's timeout (`TIMEOUT`) or the call's deadline (`DEADLINE_EXCEEDED`) elapsed. */
export class TimeoutError extends ApiError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'TIMEOUT', ...options });
  }
}

/** The caller's AbortSignal fired. */
export class CancelledError extends ApiError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'CANCELLED', ...options });
  }
}

/** The body could not be decoded or mapped (`DECODE_ERROR`), or was too large (`RESPONSE_TOO_LARGE`). */
export class DecodeError extends ApiError {
  /** A short, printable start of the body. */
  snippet?: string;
  constructor(message: string, options: ApiErrorOptions & { status?: number; snippet?: string } = {}) {
    super(message, { code: 'DECODE_ERROR', ...options });
    if (options.status !== undefined) this.status = options.status;
    if (options.snippet !== undefined) this.snippet = options.snippet;
  }
}

/** The client-side rate limit refused the call (`wait: false`). */
export class RateLimitError extends ApiError {
  retryAfterMs: number;
  constructor(message: string, options: ApiErrorOptions & { retryAfterMs: number }) {
    super(message, { code: 'RATE_LIMITED', ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Credentials could not be obtained or refreshed. */
export class AuthError extends ApiError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'AUTH_ERROR', ...options });
  }
}

/** A refresh failed: the session is over; the next call starts afresh. */
export class SessionExpiredError extends AuthError {
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, { code: 'SESSION_EXPIRED', ...options });
  }
}
