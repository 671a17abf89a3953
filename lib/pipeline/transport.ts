import type { AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { ClientConfig } from '../client/client-config';
import { ApiError, CancelledError, TimeoutError } from '../errors/errors';
import { summarize } from '../errors/redact';
import { encodeForTransport } from '../request/body';
import type { ApiRequest } from '../request/api-request';
import { serializeQuery } from '../request/url';
import type { ApiResponse } from '../response/api-response';
import { classifyTransportError } from '../response/transport-error';
import { toResponse } from '../response/to-response';
import { releaseController, takeController } from './attempt-controllers';
import { Deadlines, type Deadline } from './deadlines';
import type { Next } from './interceptor';
import { describeOutcome } from './log-line';
import { failedOutcome } from './outcome';
import { assertSendable } from './wire-check';

const identity = (data: unknown) => data;
const TRANSFORM = [identity];
const acceptAnyStatus = () => true;

/** The innermost step: one attempt through the axios instance, decoded into an ApiResponse. */
export function createTransport(config: ClientConfig): Next {
  const { axios, clock, hooks, logger } = config;
  const deadlines = new Deadlines();

  /** Decoded, timed and reported to the hooks and the logger: what the step resolves. */
  function finished(
    outcome: ApiResponse<unknown>,
    request: ApiRequest,
    started: number,
  ): ApiResponse<unknown> {
    outcome.elapsedMs = clock.now() - started;
    if (outcome.error) {
      outcome.error.elapsedMs = outcome.elapsedMs;
      hooks.onError?.(outcome.error, request);
    } else hooks.onResponse?.(outcome, request);
    logger?.debug(`${describeOutcome(outcome)} in ${outcome.elapsedMs} ms (attempt ${request.attempt})`);
    return outcome;
  }

  return async function transport(request: ApiRequest): Promise<ApiResponse<unknown>> {
    const started = clock.now();
    hooks.onRequest?.(request);
    const query = serializeQuery(
      request.query,
      request.transport.querySerializer,
      request.transport.encodedQuery,
    );
    const summary = summarize(request, query);
    const signal = request.signal;
    if (signal?.aborted) {
      const error = new CancelledError('The call was cancelled before it was sent', { request: summary });
      // Nothing was sent: 0 attempts (issue 10).
      return finished(failedOutcome(error, summary, 0), request, started);
    }

    // After interceptors and auth: what goes on the wire is checked once more (issue 10).
    assertSendable(request);
    const controller = takeController();
    const deadline = request.timeout > 0 ? deadlines.add(controller, request.timeout) : undefined;
    let onAbort: (() => void) | undefined;
    if (signal) {
      onAbort = () => controller.abort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const stream = request.responseType === 'stream';
    let outcome: ApiResponse<unknown>;
    try {
      const response: AxiosResponse = await axios.request({
        method: request.method,
        url: query ? `${request.url}?${query}` : request.url,
        headers: withoutDefaultContentType(request),
        data: encodeForTransport(request.body),
        responseType: stream ? 'stream' : 'arraybuffer',
        signal: controller.signal,
        timeout: 0,
        validateStatus: acceptAnyStatus,
        maxContentLength: request.transport.maxContentLength,
        maxBodyLength: Infinity,
        // Redirects are a pipeline step (redirect.ts), so credentials never follow to another origin.
        maxRedirects: 0,
        transformRequest: TRANSFORM,
        transformResponse: TRANSFORM,
      });
      if (stream) {
        // The attempt lasts until the caller has read the body: the deadline and the signal keep guarding it.
        outcome = await toResponse(response, request, summary, {
          stream: response.data as Readable,
          cleanup: () => end(deadline, signal, onAbort),
          isTimedOut: () => deadline?.expired === true,
          signal,
        });
      } else {
        end(deadline, signal, onAbort);
        releaseController(controller);
        outcome = await toResponse(response, request, summary);
      }
    } catch (cause) {
      end(deadline, signal, onAbort);
      releaseController(controller);
      const error =
        cause instanceof ApiError
          ? cause
          : deadline?.expired
            ? new TimeoutError(`No complete response within the ${request.timeout} ms timeout`, {
                request: summary,
                cause,
              })
            : signal?.aborted
              ? new CancelledError('The call was cancelled', { request: summary, cause })
              : classifyTransportError(cause, request, summary);
      outcome = failedOutcome(error, summary, 1);
    }
    return finished(outcome, request, started);
  };

  /** The attempt is over: its deadline and its signal listener go. */
  function end(deadline: Deadline | undefined, signal?: AbortSignal, onAbort?: () => void): void {
    if (deadline) deadlines.remove(deadline);
    if (onAbort) signal!.removeEventListener('abort', onAbort);
  }
}

/**
 * Without a body, stop axios from adding its own `application/x-www-form-urlencoded`; it does that only
 * for POST, PUT and PATCH, so other methods need no copy of the headers.
 */
function withoutDefaultContentType(request: ApiRequest): Record<string, string | false> {
  const headers = request.headers;
  if (request.body != null || headers['content-type'] !== undefined) return headers;
  const method = request.method;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') return headers;
  return { ...headers, 'content-type': false };
}
