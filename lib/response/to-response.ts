import type { AxiosResponse } from 'axios';
import { Transform, type Readable } from 'node:stream';
import { plainToInstance } from 'class-transformer';
import {
  ApiError,
  BUILT_IN_HTTP_ERRORS,
  CancelledError,
  ClientError,
  DecodeError,
  HttpError,
  NetworkError,
  ServerError,
  TimeoutError,
  type HttpErrorClass,
} from '../errors/errors';
import type { ApiRequest } from '../request/api-request';
import type { ApiResponse, RequestSummary } from './api-response';
import { decodeBody } from './decode';
import { plainHeaders } from './headers';
import { parseRetryAfter } from './retry-after';

/** At most this much of a non-2xx body is read in stream mode to decode the error. */
const STREAM_ERROR_BODY_LIMIT = 1024 * 1024;

export interface StreamAttempt {
  stream: Readable;
  cleanup(): void;
  isTimedOut(): boolean;
  signal?: AbortSignal;
}

/** Decodes one axios response into an ApiResponse: data for 2xx, a typed HttpError otherwise. */
export async function toResponse(
  response: AxiosResponse,
  request: ApiRequest,
  summary: RequestSummary,
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
  const contentType = headers['content-type'];
  try {
    if (streamed && ok) {
      result.data = guardStream(streamed, request, summary);
      return result;
    }
    const bytes = streamed
      ? await readBounded(streamed, Math.min(STREAM_ERROR_BODY_LIMIT, request.transport.maxContentLength))
      : toBuffer(response.data);
    result.data = decodeBody({
      status,
      method: request.method,
      contentType,
      bytes,
      responseType: ok && request.responseType !== 'stream' ? request.responseType : 'auto',
    });
  } catch (error) {
    if (ok || !(error instanceof DecodeError)) {
      const failure = error instanceof ApiError ? error : new DecodeError('The body could not be decoded', { cause: error });
      failure.request = summary;
      failure.status = status;
      result.ok = false;
      result.error = failure;
      return result;
    }
    // An error body that claims JSON and is not: keep it as text rather than lose it.
    result.data = toBuffer(response.data).toString('utf8');
  }
  if (!ok) result.error = httpError(request, summary, result);
  return result;
}

function httpError(request: ApiRequest, summary: RequestSummary, response: ApiResponse<unknown>): HttpError {
  const { status, headers } = response;
  const ErrorClass: HttpErrorClass =
    request.transport.errors[status] ??
    BUILT_IN_HTTP_ERRORS[status] ??
    (status >= 500 ? ServerError : status >= 400 ? ClientError : HttpError);
  let data = response.data;
  const errorType = request.transport.errorType;
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
    retryAfterMs: parseRetryAfter(headers['retry-after'], Date.now()),
  });
  error.attempts = 1;
  return error;
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer || data instanceof Uint8Array) return Buffer.from(data as ArrayBuffer);
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data);
  // A custom adapter that already parsed JSON.
  return Buffer.from(JSON.stringify(data));
}

async function readBounded(attempt: StreamAttempt, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of attempt.stream) {
      size += chunk.length;
      if (size > limit) {
        attempt.stream.destroy();
        break;
      }
      chunks.push(chunk);
    }
  } finally {
    attempt.cleanup();
  }
  return Buffer.concat(chunks);
}

/** The caller's stream: bounded by maxContentLength, and by the attempt's timeout and signal while it is read. */
function guardStream(attempt: StreamAttempt, request: ApiRequest, summary: RequestSummary): Readable {
  const limit = request.transport.maxContentLength;
  let size = 0;
  const source = attempt.stream;
  const guarded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) {
        callback(
          new DecodeError(`The response is larger than maxContentLength (${limit} bytes)`, {
            code: 'RESPONSE_TOO_LARGE',
            request: summary,
          }),
        );
        source.destroy();
        return;
      }
      callback(null, chunk);
    },
  });
  source.on('error', (cause) => {
    const error = attempt.isTimedOut()
      ? new TimeoutError(`No complete response within the ${request.timeout} ms timeout`, { request: summary, cause })
      : attempt.signal?.aborted
        ? new CancelledError('The call was cancelled', { request: summary, cause })
        : Object.assign(
            new NetworkError('The connection was closed before the response was complete', { request: summary, cause }),
            { kind: 'reset' as const },
          );
    guarded.destroy(error);
  });
  source.on('aborted', () => source.emit('error', new Error('aborted')));
  guarded.on('close', () => attempt.cleanup());
  source.pipe(guarded);
  return guarded;
}
