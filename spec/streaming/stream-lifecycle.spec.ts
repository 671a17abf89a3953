import 'reflect-metadata';
import {
  CallOptions,
  CancelledError,
  DecodeError,
  Get,
  NetworkError,
  NotFoundError,
  ServerSentEvents,
  TimeoutError,
  createClient,
  declared,
  tokenAuth,
  type ServerSentEvent,
} from 'restfit';
import { json, startServer, type TestServer } from '../support/test-server';
import { collect } from '../support/collect';
import { closedWithin, sleep, streaming } from './support/streaming-server';

class EventsApi {
  @Get('/events')
  @ServerSentEvents()
  events(@CallOptions() options?: CallOptions): AsyncIterable<ServerSentEvent> {
    return declared();
  }
}

const event = (n: number) => `id: ${n}\ndata: event ${n}\n\n`;
const FAST_RETRY = { limit: 2, backoff: { baseMs: 1, maxMs: 1 } };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

function client(options: Parameters<typeof createClient>[1] = {}): EventsApi {
  return createClient(EventsApi, { baseURL: server.url, retry: false, ...options });
}

describe('the request goes out on the first next()', () => {
  test('calling the method sends nothing; the first next() sends it once', async () => {
    server.handle(streaming([event(1)]).handler);
    const iterable = client().events();
    await sleep(50);
    expect(server.received).toHaveLength(0);
    const iterator = iterable[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({
      done: false,
      value: { event: 'message', id: '1', data: 'event 1' },
    });
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    expect(server.received).toHaveLength(1);
  });

  test('return() before the first next() sends nothing at all', async () => {
    const iterator = client().events()[Symbol.asyncIterator]();
    await iterator.return!();
    await sleep(50);
    expect(server.received).toHaveLength(0);
  });

  test("a non-2xx answer is that status's typed HttpError from the first next(), with its decoded body", async () => {
    server.handle(json(404, { error: 'no such stream' }));
    const iterator = client().events()[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(NotFoundError);
    await expect(client().events()[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      status: 404,
      data: { error: 'no such stream' },
      attempts: 1,
      request: { service: 'EventsApi', operation: 'events' },
    });
  });
});

describe('retries and auth apply until the headers arrive, never after', () => {
  test('a 503 before the stream is retried', async () => {
    server.script(json(503, { busy: true }), streaming([event(1), event(2)]).handler);
    const events = await collect(client({ retry: FAST_RETRY }).events());
    expect(events.map((e) => e.id)).toEqual(['1', '2']);
    expect(server.received).toHaveLength(2);
  });

  test('a 401 before the stream: the token is refreshed once and the request replayed once', async () => {
    let refreshes = 0;
    const auth = tokenAuth({
      obtain: async () => ({ accessToken: 'old' }),
      refresh: async () => {
        refreshes++;
        return { accessToken: 'new' };
      },
    });
    const stream = streaming([event(1)]).handler;
    server.handle((req, res, raw) =>
      req.headers.authorization === 'Bearer new' ? stream(req, res, raw) : json(401, {})(req, res, raw),
    );
    const events = await collect(client({ auth }).events());
    expect(events).toEqual([{ event: 'message', id: '1', data: 'event 1' }]);
    expect(refreshes).toBe(1);
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  test('a connection lost after the first event is not retried: the iterator fails with NetworkError', async () => {
    server.handle(streaming([event(1)], { then: 'reset' }).handler);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of client({ retry: FAST_RETRY }).events()) seen.push(e.data);
    })();
    await expect(reading).rejects.toThrow(NetworkError);
    await expect(reading).rejects.toMatchObject({ kind: 'reset', attempts: 1 });
    expect(seen).toEqual(['event 1']);
    await sleep(50);
    expect(server.received).toHaveLength(1);
  });
});

describe('ending early closes the connection (the server sees it)', () => {
  test('break after the first event', async () => {
    const { handler, connection } = streaming([event(1), event(2)], { then: 'open' });
    server.handle(handler);
    for await (const e of client().events()) {
      expect(e.id).toBe('1');
      break;
    }
    expect(await closedWithin(connection)).toBe(true);
  });

  test('after a break closed one connection, the next call on the same handler reads its stream to the end', async () => {
    const { handler, connection } = streaming([event(1), event(2)]);
    server.handle(handler);
    const api = client({ timeout: 2000 });
    for await (const e of api.events()) {
      expect(e.id).toBe('1');
      break;
    }
    expect(await closedWithin(connection)).toBe(true);
    const second = await collect(api.events());
    expect(second.map((e) => e.id)).toEqual(['1', '2']);
    expect(server.received).toHaveLength(2);
  });

  test('return() while the server is idle', async () => {
    const { handler, connection } = streaming([event(1)], { then: 'open' });
    server.handle(handler);
    const iterator = client().events()[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return!();
    expect(await closedWithin(connection)).toBe(true);
  });

  test('the signal aborts the wait for the next event with CancelledError', async () => {
    const { handler, connection } = streaming([event(1)], { then: 'open' });
    server.handle(handler);
    const controller = new AbortController();
    const iterator = client().events({ signal: controller.signal })[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toMatchObject({ value: { id: '1' } });
    const waiting = iterator.next();
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow(CancelledError);
    expect(await closedWithin(connection)).toBe(true);
  });
});

describe('timeout bounds the wait for the headers and each idle gap', () => {
  test('a stream longer than the timeout flows while events keep coming; an idle gap is a TimeoutError', async () => {
    const { handler, connection } = streaming([1, 2, 3, 4, 5, 6, 7, 8].map(event), {
      gapMs: 150,
      then: 'open',
    });
    server.handle(handler);
    const seen: string[] = [];
    const started = Date.now();
    const reading = (async () => {
      for await (const e of client({ timeout: 800 }).events()) seen.push(e.id!);
    })();
    await expect(reading).rejects.toThrow(TimeoutError);
    await expect(reading).rejects.toMatchObject({ message: 'No event within the 800 ms timeout' });
    // Eight events 150 ms apart outlast the 800 ms timeout: only the idle gap after them trips it.
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // The last event is written at least 7 × 150 ms after the first; the timeout fires 800 ms after it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 150 + 800 - 5);
    expect(await closedWithin(connection)).toBe(true);
  });

  test('with timeout 0 and a retry deadline, the stream is not cut at its first chunk', async () => {
    server.handle(streaming([1, 2, 3].map(event), { gapMs: 30 }).handler);
    const events = await collect(client({ timeout: 0, retry: { deadlineMs: 5000 } }).events());
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  test('headers that do not come within the timeout are a TimeoutError from the first next()', async () => {
    server.handle(async (req, res, raw) => {
      await sleep(500);
      if (!raw.socket.destroyed) await streaming([event(1)]).handler(req, res, raw);
    });
    const reading = collect(client({ timeout: 100 }).events());
    await expect(reading).rejects.toThrow(TimeoutError);
    // Until the headers, the timeout bounds the attempt as for any call.
    await expect(reading).rejects.toMatchObject({
      message: 'No complete response within the 100 ms timeout',
    });
  });
});

describe('maxContentLength bounds each event, not the stream', () => {
  test('a stream far longer than maxContentLength is read to its end', async () => {
    const events = Array.from({ length: 50 }, (_, i) => `data: ${'x'.repeat(100)} ${i}\n\n`);
    server.handle(streaming(events, { gapMs: 0 }).handler);
    const read = await collect(client({ maxContentLength: 1024 }).events());
    expect(read).toHaveLength(50);
  });

  test('an event larger than maxContentLength is DecodeError RESPONSE_TOO_LARGE; the connection closes', async () => {
    const { handler, connection } = streaming([event(1), `data: ${'x'.repeat(4096)}\n\n`, event(3)], {
      then: 'open',
    });
    server.handle(handler);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of client({ maxContentLength: 1024 }).events()) seen.push(e.data);
    })();
    await expect(reading).rejects.toThrow(DecodeError);
    await expect(reading).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE', status: 200 });
    expect(seen).toEqual(['event 1']);
    expect(await closedWithin(connection)).toBe(true);
  });

  test('an oversized event that arrives in one chunk is refused too', async () => {
    server.handle(streaming([`data: ${'y'.repeat(2000)}\n\n`]).handler);
    await expect(collect(client({ maxContentLength: 1024 }).events())).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
    });
  });
});
