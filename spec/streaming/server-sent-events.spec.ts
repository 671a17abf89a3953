import 'reflect-metadata';
import {
  Body,
  CallOptions,
  DecodeError,
  DeclarationError,
  FullResponse,
  Get,
  Post,
  ResponseType,
  Returns,
  ServerSentEvents,
  createClient,
  declared,
  type Interceptor,
  type ServerSentEvent,
} from 'restfit';
import { startServer, type TestServer } from '../support/test-server';
import { collect } from '../support/collect';
import {
  byteByByte,
  closedWithin,
  randomSplits,
  streaming,
  whole,
  type Splitter,
} from './support/streaming-server';

class Chunk {
  text!: string;
  get loud(): string {
    return this.text.toUpperCase();
  }
}

class ChatApi {
  @Post('/chat')
  @ServerSentEvents({ done: '[DONE]' })
  raw(@Body() request: object, @CallOptions() options?: CallOptions): AsyncIterable<ServerSentEvent> {
    return declared();
  }

  @Post('/chat')
  @ServerSentEvents({ done: '[DONE]' })
  @Returns(Chunk)
  chunks(@Body() request: object): AsyncIterable<ServerSentEvent<Chunk>> {
    return declared();
  }

  @Get('/events')
  @ServerSentEvents()
  events(): AsyncIterable<ServerSentEvent> {
    return declared();
  }
}

// The WHATWG cases in one body: a BOM, comments, ids, named events, multi-line data, retry, and
// CRLF, LF and bare CR line ends; "héllo ✓" has multi-byte UTF-8 that byte-by-byte writes cut apart.
const BODY = [
  '\uFEFF: a comment before anything\r\n',
  'id: 1\r\nevent: greeting\r\ndata: {"text":"héllo ✓"}\r\n\r\n',
  ':keep-alive\n\n',
  'data: line one\ndata:line two\ndata\n\n',
  'retry: 2500\rid: 7\rdata: {"text":"cr only"}\r\r',
  'event: ignored-without-data\n\n',
  'data: [DONE]\n\n',
  'data: {"text":"after the sentinel"}\n\n',
].join('');

const EXPECTED: ServerSentEvent[] = [
  { event: 'greeting', data: '{"text":"héllo ✓"}', id: '1' },
  { event: 'message', data: 'line one\nline two\n' },
  { event: 'message', data: '{"text":"cr only"}', id: '7', retry: 2500 },
];

let server: TestServer;
let chat: ChatApi;
beforeAll(async () => {
  server = await startServer();
  chat = createClient(ChatApi, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('@ServerSentEvents parses by the WHATWG rules', () => {
  const splits: [string, Splitter][] = [
    ['in one write', whole],
    ['byte by byte', byteByByte],
    ...[1, 2, 3, 42].map((seed): [string, Splitter] => [
      `in random pieces (seed ${seed})`,
      randomSplits(seed),
    ]),
  ];
  test.each(splits)('a stream written %s: every event, nothing after [DONE]', async (_name, split) => {
    const { handler, connection } = streaming([BODY], { split, then: 'open' });
    server.handle(handler);
    const events = await collect(chat.raw({ stream: true }));
    expect(events).toEqual(EXPECTED);
    // The sentinel ends the iteration and the connection, though the server keeps it open.
    expect(await closedWithin(connection)).toBe(true);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({
      method: 'POST',
      path: '/chat',
      body: Buffer.from('{"stream":true}'),
    });
    expect(server.received[0].headers.accept).toBe('text/event-stream');
  });

  test('an event cut off by the end of the body is dropped; the iteration ends with the body', async () => {
    server.handle(streaming(['data: one\n\n', 'data: two\n'], { split: byteByByte }).handler);
    expect(await collect(chat.events())).toEqual([{ event: 'message', data: 'one' }]);
  });

  test('a body whose last event ends in a bare CR pair still delivers it', async () => {
    server.handle(streaming(['data: one\r\r', 'data: last\r\r'], { split: byteByByte }).handler);
    expect((await collect(chat.events())).map((e) => e.data)).toEqual(['one', 'last']);
  });

  test('a caller-set Accept header is kept', async () => {
    server.handle(streaming(['data: x\n\n']).handler);
    await collect(chat.raw({}, { headers: { accept: 'text/event-stream; q=1' } }));
    expect(server.received[0].headers.accept).toBe('text/event-stream; q=1');
  });
});

describe('a body an interceptor answered', () => {
  const answer =
    (data: unknown): Interceptor =>
    async (request) => ({
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: {},
      data,
      elapsedMs: 0,
      attempts: 1,
      request: { method: request.method, url: request.url, service: 'ChatApi', operation: 'raw' },
    });

  test('a whole string (e.g. from a cache) is parsed as the event stream; nothing is sent', async () => {
    const events = await collect(
      chat.raw({}, { interceptors: [answer('data: cached\n\ndata: [DONE]\n\n')] }),
    );
    expect(events).toEqual([{ event: 'message', data: 'cached' }]);
    expect(server.received).toHaveLength(0);
  });

  test('anything else is a DecodeError', async () => {
    await expect(collect(chat.raw({}, { interceptors: [answer({ not: 'a stream' })] }))).rejects.toThrow(
      new DecodeError('ChatApi.raw: expected a streamed body to read events from, got object'),
    );
  });
});

describe('@Returns maps each data', () => {
  test('JSON data becomes an instance of the class; event, id and retry are kept', async () => {
    const body =
      'id: a\ndata: {"text":"one"}\n\nevent: delta\nretry: 10\ndata: {"text":\ndata: "two"}\n\ndata: [DONE]\n\n';
    server.handle(streaming([body], { split: randomSplits(7) }).handler);
    const events = await collect(chat.chunks({}));
    expect(events).toHaveLength(2);
    expect(events[0].data).toBeInstanceOf(Chunk);
    expect(events.map((e) => ({ ...e, data: e.data.loud }))).toEqual([
      { event: 'message', id: 'a', data: 'ONE' },
      { event: 'delta', retry: 10, data: 'TWO' },
    ]);
  });

  test('data that is not JSON is a DecodeError from the iterator, after the events before it', async () => {
    const { handler, connection } = streaming(['data: {"text":"ok"}\n\ndata: not json\n\n'], {
      then: 'open',
    });
    server.handle(handler);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of chat.chunks({})) seen.push(event.data.text);
    })();
    await expect(reading).rejects.toThrow(DecodeError);
    await expect(reading).rejects.toMatchObject({
      message: expect.stringContaining('ChatApi.chunks'),
      status: 200,
      attempts: 1,
    });
    expect(seen).toEqual(['ok']);
    expect(await closedWithin(connection)).toBe(true);
  });
});

describe('declaration mistakes are DeclarationErrors at create()', () => {
  test('@FullResponse, @ResponseType or a non-string done', () => {
    class Full {
      @Get('/e')
      // @ts-expect-error -- @FullResponse() needs a method typed Promise<ApiResponse<T>>
      @FullResponse()
      @ServerSentEvents()
      events(): AsyncIterable<ServerSentEvent> {
        return declared();
      }
    }
    class Typed {
      @Get('/e')
      @ResponseType('text')
      @ServerSentEvents()
      events(): AsyncIterable<ServerSentEvent> {
        return declared();
      }
    }
    class Done {
      @Get('/e')
      @ServerSentEvents({ done: 1 as unknown as string })
      events(): AsyncIterable<ServerSentEvent> {
        return declared();
      }
    }
    expect(() => createClient(Full, { baseURL: server.url })).toThrow(
      new DeclarationError(
        'Full.events: @ServerSentEvents(): events are iterated one by one, so @FullResponse() cannot apply — remove one of them',
      ),
    );
    expect(() => createClient(Typed, { baseURL: server.url })).toThrow(
      new DeclarationError(
        "Typed.events: @ServerSentEvents(): events are decoded as they arrive, so @ResponseType('text') cannot apply — remove it",
      ),
    );
    expect(() => createClient(Done, { baseURL: server.url })).toThrow(
      new DeclarationError(
        'Done.events: @ServerSentEvents(): done must be a string (the data value that ends the stream), got number',
      ),
    );
  });
});
