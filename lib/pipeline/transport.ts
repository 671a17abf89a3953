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
import type { Next } from './interceptor';
import { failedOutcome } from './outcome';

const identity = (data: unknown) => data;
const TRANSFORM = [identity];
const acceptAnyStatus = () => true;

/** The innermost step: one attempt through the axios instance, decoded into an ApiResponse. */
export function createTransport(config: ClientConfig): Next {
  const { axios, clock, hooks, logger } = config;
  return async function transport(request: ApiRequest): Promise<ApiResponse<unknown>> {
    const started = clock.now();
    hooks.onRequest?.(request);
    const outcome = await send(request);
    outcome.elapsedMs = clock.now() - started;
    if (outcome.error) {
      outcome.error.elapsedMs = outcome.elapsedMs;
      hooks.onError?.(outcome.error, request);
    } else hooks.onResponse?.(outcome, request);
    logger?.debug(
      `restfit ${outcome.request.service}.${outcome.request.operation} ${outcome.request.method} ${outcome.request.url} → ${outcome.status || outcome.error?.code} in ${outcome.elapsedMs} ms (attempt ${request.attempt})`,
    );
    return outcome;
  };

  async function send(request: ApiRequest): Promise<ApiResponse<unknown>> {
    const summary = summarize(request);
    const signal = request.signal;
    if (signal?.aborted)
      return failedOutcome(
        new CancelledError('The call was cancelled before it was sent', { request: summary }),
        summary,
        1,
      );

    const controller = takeController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (request.timeout > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, request.timeout);
    }
    const stream = request.responseType === 'stream';
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    try {
      const query = serializeQuery(
        request.query,
        request.transport.querySerializer,
        request.transport.encodedQuery,
      );
      const response: AxiosResponse = await axios.request({
        method: request.method,
        url: query ? `${request.url}?${query}` : request.url,
        // Without a body, stop axios from adding its own `application/x-www-form-urlencoded` to POST/PUT/PATCH.
        headers:
          request.body == null && request.headers['content-type'] === undefined
            ? { ...request.headers, 'content-type': false }
            : request.headers,
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
        // The attempt lasts until the caller has read the body: the timer and the signal keep guarding it.
        return await toResponse(response, request, summary, {
          stream: response.data as Readable,
          cleanup,
          isTimedOut: () => timedOut,
          signal,
        });
      }
      cleanup();
      releaseController(controller);
      return await toResponse(response, request, summary);
    } catch (cause) {
      cleanup();
      releaseController(controller);
      const error =
        cause instanceof ApiError
          ? cause
          : timedOut
            ? new TimeoutError(`No complete response within the ${request.timeout} ms timeout`, {
                request: summary,
                cause,
              })
            : signal?.aborted
              ? new CancelledError('The call was cancelled', { request: summary, cause })
              : classifyTransportError(cause, request, summary);
      return failedOutcome(error, summary, 1);
    }
  }
}
