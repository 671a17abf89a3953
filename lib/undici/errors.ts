import { AxiosError, CanceledError, type InternalAxiosRequestConfig } from 'axios';
import { RequestError } from '../errors/errors';

/**
 * undici's own error codes, as the codes axios's http adapter gives for the same failure, so that
 * restfit (and any code written against axios) classifies them alike. Node's system errors
 * (ECONNREFUSED, ENOTFOUND, TLS errors…) pass through undici unchanged and keep their codes.
 */
const AXIOS_CODE_FOR: Readonly<Record<string, string>> = {
  // The peer closed the connection before the response was complete: Node says "socket hang up".
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: AxiosError.ERR_BAD_REQUEST,
  UND_ERR_INVALID_ARG: AxiosError.ERR_BAD_REQUEST,
  UND_ERR_NOT_SUPPORTED: AxiosError.ERR_NOT_SUPPORT,
  UND_ERR_CLOSED: AxiosError.ERR_BAD_OPTION,
  UND_ERR_DESTROYED: AxiosError.ERR_BAD_OPTION,
};

/** What the adapter rejects with for a failure of undici (or of a body stream): always an AxiosError. */
export function toAxiosError(cause: unknown, config: InternalAxiosRequestConfig, request: unknown): Error {
  if (cause instanceof AxiosError || cause instanceof RequestError) return cause;
  // Duck-typed: Node's own errors may come from another realm (e.g. under jest), failing `instanceof Error`.
  const error = typeof cause === 'object' && cause !== null ? (cause as Error) : new Error(String(cause));
  const code = (error as { code?: string }).code;
  return AxiosError.from(error, (code && AXIOS_CODE_FOR[code]) || code, config, request);
}

/** axios's own timeout error: ECONNABORTED, or ETIMEDOUT with `transitional.clarifyTimeoutError`. */
export function timeoutError(config: InternalAxiosRequestConfig, request: unknown): AxiosError {
  const message =
    config.timeoutErrorMessage ||
    (config.timeout ? `timeout of ${config.timeout}ms exceeded` : 'timeout exceeded');
  return new AxiosError(
    message,
    config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
    config,
    request,
  );
}

/** axios's cancellation error (`ERR_CANCELED`), or the cancel token's own reason. */
export function cancelError(reason: unknown, config: InternalAxiosRequestConfig, request: unknown): Error {
  if (reason instanceof CanceledError) return reason;
  return new CanceledError(undefined, config, request);
}

/** axios's error for a response body past `maxContentLength`. */
export function tooLargeResponse(config: InternalAxiosRequestConfig, request: unknown): AxiosError {
  return new AxiosError(
    `maxContentLength size of ${config.maxContentLength} exceeded`,
    AxiosError.ERR_BAD_RESPONSE,
    config,
    request,
  );
}

/** axios's error for a request body past `maxBodyLength`. */
export function tooLargeBody(config: InternalAxiosRequestConfig, request: unknown): AxiosError {
  return new AxiosError(
    'Request body larger than maxBodyLength limit',
    AxiosError.ERR_BAD_REQUEST,
    config,
    request,
  );
}

/** A setting the adapter cannot honour: a typed restfit error (code UNSUPPORTED_OPTION), never a silent no-op. */
export function optionError(problem: string): RequestError {
  return new RequestError(`undiciAdapter: ${problem}`, { code: 'UNSUPPORTED_OPTION' });
}

/** An axios option this adapter cannot honour, named in the message. */
export function unsupported(option: string, detail: string): RequestError {
  return optionError(`the axios option "${option}" is not supported — ${detail}`);
}
