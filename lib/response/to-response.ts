import type { AxiosResponse } from 'axios';
import { plainToInstance } from 'class-transformer';
import { callPrefix } from '../core/api-error';
import type { ApiRequest, ApiResponse, RequestSummary } from '../core/exchange';
import { parseRetryAfter } from '../core/retry-policy';
import { isEventStream, type CallPlan } from '../declaration/call-plan';
import { errorClassFor } from '../errors/error-class-for-status';
import { ApiError, DecodeError, type HttpError } from '../errors/errors';
import { decodeBody, decodeText, type DecodeInput } from './decode';
import {
  discardResponseStream,
  guardResponseStream,
  isUtf8,
  readResponseBounded,
  toBytes,
} from '../platform';
import { bodyStreamError, isTooLarge, tooLargeError, type StreamGuards } from './transport-error';

/** At most this much of a non-2xx body is read in stream mode to decode the error. */
const STREAM_ERROR_BODY_LIMIT = 1024 * 1024;

/** A body still arriving (responseType 'stream'): the attempt's timer and signal guard it until it is read. */
export interface StreamAttempt extends StreamGuards {
  /** A Node Readable on Node, a web ReadableStream elsewhere. */
  stream: unknown;
  /** Ends the attempt: clears its timer and its signal listener. */
  cleanup(): void;
  /** A chunk arrived (an event stream restarts its idle timeout). */
  onChunk?(): void;
}

/**
 * Decodes one buffered axios response into an ApiResponse: data for 2xx, a typed HttpError otherwise.
 * Synchronous (one async step less on every call); never throws.
 */
export function toResponse(
  response: AxiosResponse,
  request: ApiRequest,
  plan: CallPlan,
  summary: RequestSummary,
  now: () => number,
): ApiResponse<unknown> {
  const result = newResult(response, summary);
  return decoded(result, toBytes(response.data), request, plan, now);
}

/** `toResponse` for a body still arriving: a 2xx resolves at once with the guarded stream as data. */
export async function toStreamedResponse(
  response: AxiosResponse,
  request: ApiRequest,
  plan: CallPlan,
  summary: RequestSummary,
  now: () => number,
  streamed: StreamAttempt,
): Promise<ApiResponse<unknown>> {
  const result = newResult(response, summary);
  const { ok, status, headers } = result;
  // An event stream is bounded event by event (client/stream-events.ts), never as a whole.
  const events = isEventStream(plan.result);
  if (ok && !events && declaredLength(headers) > plan.maxContentLength) {
    discardResponseStream(streamed);
    return failed(result, tooLargeError(plan, summary, status));
  }
  if (ok) {
    result.data = guardResponseStream(streamed, events ? Infinity : plan.maxContentLength, {
      tooLarge: () => tooLargeError(plan, summary, status),
      failed: (cause) => bodyStreamError(cause, streamed, events, plan, summary),
    });
    return result;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readResponseBounded(
      streamed,
      Math.min(STREAM_ERROR_BODY_LIMIT, plan.maxContentLength),
      isTooLarge,
    );
  } catch (cause) {
    return failed(result, bodyStreamError(cause, streamed, false, plan, summary));
  }
  return decoded(result, bytes, request, plan, now);
}

function newResult(response: AxiosResponse, summary: RequestSummary): ApiResponse<unknown> {
  const status = response.status;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: response.statusText ?? '',
    headers: plainHeaders(response.headers),
    data: undefined,
    elapsedMs: 0,
    attempts: 1,
    request: summary,
  };
}

/** The result with its body decoded: the data of a 2xx, or the HttpError of any other status. */
function decoded(
  result: ApiResponse<unknown>,
  bytes: Uint8Array,
  request: ApiRequest,
  plan: CallPlan,
  now: () => number,
): ApiResponse<unknown> {
  const { ok, status } = result;
  const summary = result.request;
  const input: DecodeInput = {
    status,
    method: request.method,
    contentType: result.headers['content-type'],
    bytes,
    request: summary,
    responseType: ok && plan.responseType !== 'stream' ? plan.responseType : 'auto',
  };
  if (!ok) {
    result.data = decodeErrorBody(input);
    result.error = httpError(plan, summary, result, now());
    return result;
  }
  try {
    result.data = decodeBody(input);
  } catch (error) {
    return failed(
      result,
      error instanceof ApiError
        ? error
        : new DecodeError(`${callPrefix(summary)}the body could not be decoded`, {
            cause: error,
            request: summary,
            status,
            body: bytes,
          }),
    );
  }
  return result;
}

/** An error body is decoded like any other, but a body that claims JSON and is not stays as text (or bytes). */
function decodeErrorBody(input: DecodeInput): unknown {
  try {
    return decodeBody(input);
  } catch {
    return isUtf8(input.bytes) ? decodeText(input.bytes, undefined) : input.bytes;
  }
}

function failed(result: ApiResponse<unknown>, error: ApiError): ApiResponse<unknown> {
  error.status = result.status;
  result.ok = false;
  result.data = undefined;
  result.error = error;
  return result;
}

function httpError(
  plan: CallPlan,
  summary: RequestSummary,
  response: ApiResponse<unknown>,
  now: number,
): HttpError {
  const { status, headers } = response;
  const ErrorClass = errorClassFor(status, plan.errors);
  let data = response.data;
  const errorType = plan.errorType;
  if (errorType && data !== null && typeof data === 'object' && !(data instanceof Uint8Array)) {
    try {
      data = plainToInstance(errorType, data);
    } catch {
      // Keep the plain body: an error must not be lost to a mapping problem.
    }
  }
  response.data = data;
  const error = new ErrorClass({
    status,
    statusText: response.statusText,
    headers,
    data,
    request: summary,
    retryAfterMs: parseRetryAfter(headers['retry-after'], now),
  });
  return error;
}

function declaredLength(headers: Record<string, string>): number {
  const value = headers['content-length'];
  return value === undefined ? -1 : Number(value);
}

/** Axios headers as a plain object with lower-case names; repeated values joined (set-cookie by newlines). */
export function plainHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return result;
  // AxiosHeaders keeps each header as an own property of the instance: read them directly, no toJSON() copy.
  const source = headers as Record<string, unknown>;
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined || value === null || value === false || typeof value === 'function') continue;
    const key = name.toLowerCase();
    result[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : String(value);
  }
  return result;
}
