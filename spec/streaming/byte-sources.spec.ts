// The event parsers read any byte source (12.1: on non-Node runtimes a body is a web ReadableStream).
// This file imports lib/response/event-stream.ts directly: it is the seam other runtimes use.
import { parseJsonLines, parseServerSentEvents, type ByteSource } from '../../lib/response/event-stream';
import { collect } from '../support/collect';

const encoder = new TextEncoder();
const limits = { maxEventSize: 1024, tooLarge: () => new Error('too large') };

/** A web ReadableStream that hands out `text` one byte per pull and records whether it was cancelled. */
function webStream(text: string): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  const bytes = encoder.encode(text);
  let at = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at < bytes.length) controller.enqueue(bytes.subarray(at, ++at));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

/** The same, without Symbol.asyncIterator (as in Safari), so the reader path is taken. */
function readerOnly(stream: ReadableStream<Uint8Array>): ByteSource {
  return { getReader: () => stream.getReader() } as unknown as ReadableStream<Uint8Array>;
}

async function* asyncBytes(text: string): AsyncGenerator<Uint8Array> {
  for (const byte of encoder.encode(text)) yield Uint8Array.of(byte);
}

const SSE = '\uFEFFid: 1\r\ndata: ü\r\n\r\ndata: two\rdata: lines\r\r';

describe('event parsers over any byte source', () => {
  test('a web ReadableStream, an iterator-less one, and an AsyncIterable<Uint8Array>', async () => {
    const expected = [
      { event: 'message', id: '1', data: 'ü' },
      { event: 'message', data: 'two\nlines' },
    ];
    expect(await collect(parseServerSentEvents(webStream(SSE).stream, limits))).toEqual(expected);
    expect(await collect(parseServerSentEvents(readerOnly(webStream(SSE).stream), limits))).toEqual(expected);
    expect(await collect(parseServerSentEvents(asyncBytes(SSE), limits))).toEqual(expected);
    expect(await collect(parseJsonLines(asyncBytes('1\r\n\r\n{"a":"ü"}'), limits))).toEqual([
      '1\r',
      '{"a":"ü"}',
    ]);
  });

  test('leaving the loop early cancels a web stream, with or without its async iterator', async () => {
    for (const wrap of [(s: ReadableStream<Uint8Array>) => s, readerOnly]) {
      const source = webStream('data: a\n\ndata: b\n\n');
      for await (const event of parseServerSentEvents(wrap(source.stream), limits)) {
        expect(event.data).toBe('a');
        break;
      }
      expect(source.cancelled()).toBe(true);
    }
  });
});
