import {
  recordMethod,
  recordMisplaced,
  type EventStreamOptions,
  type MethodMetadata,
  type PaginateOptions,
} from './metadata';

/**
 * A decorator for a method that returns an AsyncIterable (`@Paginate`, `@ServerSentEvents`, `@JsonLines`).
 * Typed on the method itself, so declaring it as `Promise<T[]>` is a compile error rather than an
 * AsyncGenerator hidden behind a Promise type.
 * @typeParam T - The method's type: its result must be an AsyncIterable.
 */
export type AsyncIterableMethodDecorator = <T extends (...args: any[]) => AsyncIterable<unknown>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

function iterableMethod(change: (meta: MethodMetadata) => void): AsyncIterableMethodDecorator {
  return (target, key) => {
    if (typeof target === 'function') recordMisplaced(target, `static method "${String(key)}"`);
    else recordMethod(target, key, change);
  };
}

/** The method returns an AsyncIterable over the items of every page (Link header, cursor or page number). */
export const Paginate = (options: PaginateOptions): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => (meta.paginate = options));

/**
 * The method returns an AsyncIterable of `ServerSentEvent`s read from one `text/event-stream` response;
 * `done` is a `data` value that ends the iteration (e.g. `[DONE]`). With `@Returns`, each `data` is JSON mapped.
 */
export const ServerSentEvents = (options: { done?: string } = {}): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => (meta.events = eventStream('sse', options.done)));

/** The method returns an AsyncIterable of the JSON values of a JSON Lines (NDJSON) response, one a line. */
export const JsonLines = (): AsyncIterableMethodDecorator =>
  iterableMethod((meta) => (meta.events = eventStream('jsonl')));

function eventStream(format: EventStreamOptions['format'], done?: string): EventStreamOptions {
  return done === undefined ? { format } : { format, done };
}
