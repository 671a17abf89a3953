import { createParser } from 'eventsource-parser';

/** One Server-Sent Event (WHATWG EventSource rules); `data` is the string as sent, or mapped by `@Returns`. */
export interface ServerSentEvent<T = string> {
  /** The `event:` field; `'message'` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`; with `@Returns`, that text parsed as JSON and mapped. */
  data: T;
  /** The `id:` field of this event, when it had one. */
  id?: string;
  /** A `retry:` field (ms) seen since the previous event. */
  retry?: number;
}

/** Anything that yields bytes: a Node Readable, a web ReadableStream or an AsyncIterable<Uint8Array>. */
export type ByteSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** How large one event (or line) may grow, in characters, and the error when it grows beyond. */
export interface EventLimits {
  maxEventSize: number;
  tooLarge(): Error;
}

/**
 * The chunks of any byte source. Leaving the loop early ends the source: a Node stream is destroyed,
 * a web stream cancelled, so the connection under it closes.
 */
export function chunksOf(source: ByteSource): AsyncIterable<Uint8Array | string> {
  if (Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>;
  return readWebStream(source as ReadableStream<Uint8Array>);
}

/**
 * A body as a byte source: a stream or AsyncIterable as is; a whole string or byte array (say, from an
 * interceptor that answered from a cache) as one chunk; anything else undefined.
 */
export function asByteSource(body: unknown): ByteSource | undefined {
  if (typeof body === 'string' || body instanceof Uint8Array)
    return (async function* () {
      yield body;
    })();
  if (body !== null && typeof body === 'object') {
    if (Symbol.asyncIterator in body || body instanceof ReadableStream) return body as ByteSource;
  }
  return undefined;
}

/** Ends a source no longer read (a Node stream is destroyed, an unlocked web stream cancelled). */
export function closeSource(source: ByteSource): void {
  const node = source as { destroy?: () => void };
  if (typeof node.destroy === 'function') node.destroy();
  else if (source instanceof ReadableStream && !source.locked) source.cancel().catch(() => undefined);
}

/** A web ReadableStream where it is not async-iterable (Safari). */
async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Text of a byte source, decoded as UTF-8 across chunk boundaries; a leading BOM is dropped. */
async function* textOf(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of chunksOf(source)) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * The events of a `text/event-stream` body, parsed by `eventsource-parser` (multi-line data, comments,
 * ids, retry, CR/LF/CRLF, BOM). An event still incomplete when the body ends is dropped, as the WHATWG
 * rules say. An event, or a line, longer than `maxEventSize` ends the iteration with `tooLarge()`.
 */
export async function* parseServerSentEvents(
  source: ByteSource,
  limits: EventLimits,
): AsyncGenerator<ServerSentEvent> {
  const ready: ServerSentEvent[] = [];
  let retry: number | undefined;
  let overflow = false;
  const parser = createParser({
    maxBufferSize: limits.maxEventSize,
    onRetry: (ms) => (retry = ms),
    onEvent: ({ event, data, id }) => {
      if (overflow || data.length > limits.maxEventSize) return void (overflow = true);
      const parsed: ServerSentEvent = { event: event || 'message', data };
      if (id !== undefined) parsed.id = id;
      if (retry !== undefined) parsed.retry = retry;
      retry = undefined;
      ready.push(parsed);
    },
    // Unknown fields and a bad retry value are ignored, as an EventSource ignores them.
    onError: (error) => void (error.type === 'max-buffer-size-exceeded' && (overflow = true)),
  });
  let endsWithCR = false;
  for await (const text of textOf(source)) {
    parser.feed(text);
    endsWithCR = text.charCodeAt(text.length - 1) === 13;
    // Events are handed out after the whole chunk is parsed (the parser is never re-entered from a loop
    // body), those before an oversized one included.
    for (let i = 0; i < ready.length; i++) yield ready[i];
    ready.length = 0;
    if (overflow) throw limits.tooLarge();
  }
  // The parser holds a final CR back in case an LF follows; at the end of the body it ends its line.
  if (endsWithCR) {
    parser.feed('\n');
    yield* ready;
  }
}

/**
 * The non-blank lines of a JSON Lines body (`\n` or `\r\n`), one JSON text each, not yet parsed. A line
 * longer than `maxEventSize` ends the iteration with `tooLarge()`; a last line without `\n` counts.
 */
export async function* parseJsonLines(source: ByteSource, limits: EventLimits): AsyncGenerator<string> {
  let pending = '';
  let overflow = false;
  const lines: string[] = [];
  const take = (line: string) => {
    if (overflow || line.length > limits.maxEventSize) overflow = true;
    else if (line.trim()) lines.push(line);
  };
  for await (const text of textOf(source)) {
    pending += text;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      take(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > limits.maxEventSize) overflow = true;
    // The lines before an oversized one are handed out first.
    for (let i = 0; i < lines.length; i++) yield lines[i];
    lines.length = 0;
    if (overflow) throw limits.tooLarge();
  }
  take(pending);
  if (lines.length) yield lines[0];
  if (overflow) throw limits.tooLarge();
}
