import { callPrefix } from '../core/api-error';
import type { ApiResponse, Next } from '../core/exchange';
import type { Clock } from '../core/options';
import type { CallPlan, CallResult } from '../declaration/call-plan';
import { iterableMethod, type AsyncIterableMethodDecorator } from '../decorators/iterable-methods';
import type { BehaviourMetadata, IterableStrategy } from '../decorators/metadata';
import { ApiError, DecodeError } from '../errors/errors';
import { buildRequest } from '../request/build';
import {
  asByteSource,
  closeSource,
  parseJsonLines,
  parseServerSentEvents,
  type EventLimits,
  type ServerSentEvent,
} from '../response/event-stream';
import { parseJsonText } from '../response/json';
import { mapBody } from '../response/map';
import { fail, send } from './invoke';

/**
 * The method returns an AsyncIterable of `ServerSentEvent`s read from one `text/event-stream` response;
 * `done` is a `data` value that ends the iteration (e.g. `[DONE]`). With `@Returns`, each `data` is JSON mapped.
 */
export const ServerSentEvents = (options: { done?: string } = {}): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => {
    meta.events = options.done === undefined ? { format: 'sse' } : { format: 'sse', done: options.done };
    meta.iterate = EVENTS;
  });

/** The method returns an AsyncIterable of the JSON values of a JSON Lines (NDJSON) response, one a line. */
export const JsonLines = (): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => {
    meta.events = { format: 'jsonl' };
    meta.iterate = EVENTS;
  });

const EVENTS: IterableStrategy = { call: streamEvents, problem: eventsProblem };

/**
 * What is wrong with a `@ServerSentEvents()` / `@JsonLines()` method's other decorators, or undefined
 * (parse() itself refuses one with `@Paginate` too).
 */
function eventsProblem(b: BehaviourMetadata): string | undefined {
  const { format, done } = b.events!;
  const decorator = format === 'sse' ? '@ServerSentEvents()' : '@JsonLines()';
  if (b.fullResponse)
    return `${decorator}: events are iterated one by one, so @FullResponse() cannot apply — remove one of them`;
  if (b.responseType)
    return `${decorator}: events are decoded as they arrive, so @ResponseType('${b.responseType}') cannot apply — remove it`;
  if (done !== undefined && typeof done !== 'string')
    return `${decorator}: done must be a string (the data value that ends the stream), got ${typeof done}`;
  return undefined;
}

const ACCEPT = { events: 'text/event-stream', lines: 'application/x-ndjson, application/jsonl' } as const;

/**
 * The events of one streamed response (`@ServerSentEvents`, `@JsonLines`). Nothing is sent until the
 * first `next()`; the request then goes through the whole pipeline, so retries, auth and the 401
 * refresh apply until the headers arrive — and never after. A non-2xx answer is its typed HttpError,
 * thrown from that first `next()`. Leaving the loop early closes the connection.
 */
export async function* streamEvents(
  plan: CallPlan,
  pipeline: Next,
  clock: Clock,
  args: unknown[],
): AsyncGenerator<unknown> {
  const result = plan.result as Extract<CallResult, { kind: 'events' | 'lines' }>;
  const started = clock.now();
  const request = buildRequest(plan, args);
  request.headers.accept ??= ACCEPT[result.kind];
  const response = await send(plan, pipeline, request, clock, started);
  if (response.error) throw response.error;
  const body = asByteSource(response.data);
  if (!body) {
    const got =
      response.data === undefined || response.data === null ? String(response.data) : typeof response.data;
    const error = new DecodeError(
      `${callPrefix(response.request)}expected a streamed body to read events from, got ${got}`,
      { request: response.request, status: response.status },
    );
    throw settled(error, response, clock, started);
  }
  const limits: EventLimits = {
    maxEventSize: plan.maxContentLength,
    tooLarge: () =>
      new DecodeError(
        `${callPrefix(response.request)}an event is larger than maxContentLength (${plan.maxContentLength} bytes); the stream was closed`,
        { code: 'RESPONSE_TOO_LARGE', request: response.request, status: response.status },
      ),
  };
  const context = {
    status: response.status,
    contentType: response.headers['content-type'],
    request: response.request,
  };
  const returns = plan.returns;
  const toValue = (text: string) => {
    const value = parseJsonText(text, context);
    return returns ? mapBody(value, returns, response.request, response.status) : value;
  };
  try {
    if (result.kind === 'lines') {
      for await (const line of parseJsonLines(body, limits)) yield toValue(line);
      return;
    }
    for await (const event of parseServerSentEvents(body, limits)) {
      if (result.done !== undefined && event.data === result.done) return;
      yield returns ? ({ ...event, data: toValue(event.data) } satisfies ServerSentEvent<unknown>) : event;
    }
  } catch (error) {
    throw settled(error, response, clock, started);
  } finally {
    // However the iteration ends (done, break, an error), the connection goes with it.
    closeSource(body);
  }
}

/** An error from the middle of the stream, carrying the call's attempts and elapsed time like any other. */
function settled(error: unknown, response: ApiResponse<unknown>, clock: Clock, started: number): unknown {
  if (!(error instanceof ApiError)) return error;
  response.elapsedMs = clock.now() - started;
  fail(response, error);
  error.status ||= response.status;
  return error;
}
