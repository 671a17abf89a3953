import type { AxiosResponse } from 'axios';
import { isUtf8, Transform, type Readable } from '../platform/node';
import { plainToInstance } from 'class-transformer';
import { callPrefix } from '../core/api-error';
import type { ApiRequest, ApiResponse, RequestSummary } from '../core/exchange';
import { parseRetryAfter } from '../core/retry-policy';
import type { CallPlan } from '../declaration/call-plan';
import { errorClassFor } from '../errors/error-class-for-status';
import { ApiError, DecodeError, type HttpError } from '../errors/errors';
import { decodeBody, decodeText, type DecodeInput } from './decode';
import { bodyStreamError, isTooLarge, tooLargeError, type StreamGuards } from './transport-error';

/** At most this much of a non-2xx body is read in stream mode to decode the error. */
const STREAM_ERROR_BODY_LIMIT = 1024 * 1024;

/** A body still arriving (responseType 'stream'): the attempt's timer and signal guard it until it is read. */
export interface StreamAttempt extends StreamGuards {
  stream: Readable;
  /** Ends the attempt: clears its timer and its signal listener. */
  cleanup(): void;
}

/** Decodes one axios response into an ApiResponse: data for 2xx, a typed HttpError otherwise. Never throws. */
export async function toResponse(
  response: AxiosResponse,
  request: ApiRequest,
  plan: CallPlan,
  summary: RequestSummary,
  now: () => number,
  streamed?: StreamAttempt,
): Promise<ApiResponse<unknown>> {
  const status = response.status;
  const headers = plainHeaders(response.headers);
  const ok = status >= 200 && status < 300;
  const result: ApiResponse<unknown> = {
    ok,
    status,
    statusText: response.statusText ?? '',
    headers,
    data: undefined,
    elapsedMs: 0,
    attempts: 1,
    request: summary,
  };
  let bytes: Buffer;
  if (streamed) {
    if (ok && declaredLength(headers) > plan.maxContentLength) {
      streamed.stream.destroy();
      streamed.cleanup();
      return failed(result, tooLargeError(plan, summary, status));
    }
    if (ok) {
      result.data = guardStream(streamed, request, plan, summary, status);
      return result;
    }
    try {
      bytes = await readBounded(streamed, Math.min(STREAM_ERROR_BODY_LIMIT, plan.maxContentLength));
    } catch (cause) {
      return failed(result, bodyStreamError(cause, streamed, request, plan, summary));
    }
  } else {
    bytes = toBuffer(response.data);
  }

  const input: DecodeInput = {
    status,
    method: request.method,
    contentType: headers['content-type'],
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
  if (errorType && data !== null && typeof data === 'object' && !Buffer.isBuffer(data)) {
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

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data);
  // A custom adapter that already parsed JSON.
  return Buffer.from(JSON.stringify(data));
}

/**
 * Reads at most `limit` bytes of a streamed (error) body, then ends the attempt and frees the connection.
 * A body that trips maxContentLength on the way is kept as far as it was read: it is only an error body.
 */
async function readBounded(attempt: StreamAttempt, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of attempt.stream) {
      const room = limit - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (cause) {
    if (!isTooLarge(cause)) throw cause;
  } finally {
    attempt.stream.destroy();
    attempt.cleanup();
  }
  return Buffer.concat(chunks);
}

/** The caller's stream: bounded by maxContentLength, and by the attempt's timeout and signal while it is read. */
function guardStream(
  attempt: StreamAttempt,
  request: ApiRequest,
  plan: CallPlan,
  summary: RequestSummary,
  status: number,
): Readable {
  const limit = plan.maxContentLength;
  const source = attempt.stream;
  let size = 0;
  const guarded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      // axios enforces maxContentLength too; this covers adapters that do not.
      if (size > limit) callback(tooLargeError(plan, summary, status));
      else callback(null, chunk);
    },
  });
  source.once('error', (cause) => guarded.destroy(bodyStreamError(cause, attempt, request, plan, summary)));
  // However the caller's stream ends (read, destroyed, failed), the attempt ends and the socket is freed.
  guarded.once('close', () => {
    attempt.cleanup();
    if (!source.destroyed) source.destroy();
  });
  // The caller may not listen yet (it is still opening a file, say) when a timeout or an abort destroys
  // the stream: without a listener that 'error' would crash the process. The error stays on the stream
  // (`readable.errored`), so `for await`, pipeline() and later listeners still see it.
  guarded.on('error', ignore);
  source.pipe(guarded);
  return guarded;
}

function ignore(): void {}

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
