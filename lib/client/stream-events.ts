import type { ResolvedEndpoint } from '../declaration/resolve-endpoint';
import { callPrefix } from '../errors/describe-request';
import { ApiError, DecodeError } from '../errors/errors';
import type { Next } from '../pipeline/interceptor';
import type { ApiResponse } from '../response/api-response';
import {
  asByteSource,
  closeSource,
  parseJsonLines,
  parseServerSentEvents,
  type EventLimits,
  type ServerSentEvent,
} from '../response/event-stream';
import { parseJson } from '../response/json';
import { mapBody } from '../response/map';
import { prepareRequest, send } from './invoke';

const ACCEPT = { sse: 'text/event-stream', jsonl: 'application/x-ndjson, application/jsonl' } as const;

/**
 * The events of one streamed response (`@ServerSentEvents`, `@JsonLines`). Nothing is sent until the
 * first `next()`; the request then goes through the whole pipeline, so retries, auth and the 401
 * refresh apply until the headers arrive — and never after. A non-2xx answer is its typed HttpError,
 * thrown from that first `next()`. Leaving the loop early closes the connection.
 */
export async function* streamEvents(
  endpoint: ResolvedEndpoint,
  pipeline: Next,
  args: unknown[],
): AsyncGenerator<unknown> {
  const { format, done } = endpoint.spec.behaviour.events!;
  const started = endpoint.config.clock.now();
  const request = prepareRequest(endpoint, args);
  request.headers.accept ??= ACCEPT[format];
  const response = await send(endpoint, pipeline, request, started);
  if (response.error) throw response.error;
  const body = asByteSource(response.data);
  if (!body) {
    const got =
      response.data === undefined || response.data === null ? String(response.data) : typeof response.data;
    throw settled(
      new DecodeError(
        `${callPrefix(response.request)}expected a streamed body to read events from, got ${got}`,
        {
          request: response.request,
          status: response.status,
        },
      ),
      response,
      endpoint,
      started,
    );
  }
  const limits: EventLimits = {
    maxEventSize: request.transport.maxContentLength,
    tooLarge: () =>
      new DecodeError(
        `${callPrefix(response.request)}an event is larger than maxContentLength (${request.transport.maxContentLength} bytes); the stream was closed`,
        { code: 'RESPONSE_TOO_LARGE', request: response.request, status: response.status },
      ),
  };
  const returns = request.transport.returns;
  const toValue = (text: string) => {
    const value = parseJson(Buffer.from(text), {
      status: response.status,
      contentType: response.headers['content-type'],
      request: response.request,
    });
    return returns ? mapBody(value, returns, response.request, response.status) : value;
  };
  try {
    if (format === 'jsonl') {
      for await (const line of parseJsonLines(body, limits)) yield toValue(line);
      return;
    }
    for await (const event of parseServerSentEvents(body, limits)) {
      if (done !== undefined && event.data === done) return;
      yield returns ? ({ ...event, data: toValue(event.data) } satisfies ServerSentEvent<unknown>) : event;
    }
  } catch (error) {
    throw settled(error, response, endpoint, started);
  } finally {
    // However the iteration ends (done, break, an error), the connection goes with it.
    closeSource(body);
  }
}

/** An error from the middle of the stream, carrying the call's attempts and elapsed time like any other. */
function settled(
  error: unknown,
  response: ApiResponse<unknown>,
  endpoint: ResolvedEndpoint,
  started: number,
): unknown {
  if (!(error instanceof ApiError)) return error;
  error.attempts = response.attempts;
  error.elapsedMs = endpoint.config.clock.now() - started;
  error.status ||= response.status;
  return error;
}
