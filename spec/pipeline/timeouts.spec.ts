import 'reflect-metadata';
import type { Readable } from 'node:stream';
import {
  CallOptions,
  CancelledError,
  FullResponse,
  Get,
  Path,
  RateLimit,
  ResponseType,
  TimeoutError,
  createClient,
  declared,
  type ApiResponse,
  type RestClientOptions,
} from 'restfit';
import { json, startServer, type Handler, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';
import { settle, until } from './support/polling';

class Slow {
  @Get('/slow/{id}')
  get(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }

  @Get('/slow/{id}')
  @FullResponse()
  getFull(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<ApiResponse<any>> {
    return declared();
  }

  @Get('/stream')
  @ResponseType('stream')
  stream(@CallOptions() options?: CallOptions): Promise<Readable> {
    return declared();
  }

  @Get('/limited')
  @RateLimit({ requests: 1, perMs: 60_000 })
  limited(@CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

function slow(options: RestClientOptions = {}) {
  return createClient(Slow, { baseURL: server.url, ...options });
}

/** Headers at once, then one byte every `everyMs` (at most 50 bytes), as a slow or malicious server does. */
function trickle(everyMs = 200): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (++sent >= 50) {
        clearInterval(timer);
        res.end('x');
      } else res.write('x');
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

const never: Handler = () => undefined;

/** Timers alive in this process right now (jest's own excluded by counting before and after). */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('per-attempt timeout', () => {
  test('a server that accepts and never answers → TimeoutError at the timeout', async () => {
    server.handle(never);
    const started = Date.now();
    const error = await slow({ timeout: 200, retry: false })
      .get('1')
      .catch((e) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(3000); // loose for a loaded CI machine; without the timeout it never ends
  });

  test('a body that trickles in (1 byte / 200 ms) → TimeoutError at the timeout, not later', async () => {
    server.handle(trickle(200));
    const started = Date.now();
    const error = await slow({ timeout: 500, retry: false })
      .get('1')
      .catch((e) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(3000); // the whole body would take 10 s
  });

  test('stream mode: the timeout keeps guarding while the caller reads a trickling body', async () => {
    server.handle(trickle(200));
    const started = Date.now();
    const stream = await slow({ timeout: 500, retry: false }).stream();
    const received: Buffer[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk as Buffer);
    })().catch((e) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Buffer.concat(received).toString()).toMatch(/^x+$/);
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(3000); // the whole body would take 10 s
  });

  test('a per-call timeout overrides the client one', async () => {
    server.handle(never);
    const started = Date.now();
    await expect(slow({ timeout: 10_000, retry: false }).get('1', { timeout: 100 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(3000); // the client's timeout is 10 s
  });

  test('a timed-out GET is retried (timeouts: true) and can then succeed (virtual time)', async () => {
    server.script(never, json(200, { ok: 1 }));
    const clock = new TestClock('manual');
    const call = slow({ timeout: 100, clock }).getFull('1');
    await until(() => server.received.length === 1 && clock.pendingTimeouts === 1, 'the first attempt');
    await clock.advance(100); // the attempt's timeout passes on the client's clock
    await until(() => clock.pending === 1, 'the backoff sleep');
    await clock.advance(clock.sleeps[0]);
    const response = await call;
    expect(response).toMatchObject({ ok: true, attempts: 2, data: { ok: 1 } });
    expect(server.received).toHaveLength(2);
    expect(clock.pendingTimeouts).toBe(0);
  });

  test('the attempt timeout runs on the client clock: 30 s pass virtually, not for real', async () => {
    server.handle(never);
    const clock = new TestClock('manual');
    const started = Date.now();
    let done = false;
    const call = slow({ timeout: 30_000, retry: false, clock })
      .get('1')
      .catch((e) => e)
      .finally(() => (done = true));
    await until(() => server.received.length === 1 && clock.pendingTimeouts === 1, 'the attempt');
    await clock.advance(29_999);
    await settle();
    expect(done).toBe(false);
    await clock.advance(1);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('30000 ms timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a deadline cuts the attempt in flight on the client clock too', async () => {
    server.handle(never);
    const clock = new TestClock('manual');
    const call = slow({ timeout: 30_000, retry: { deadlineMs: 500 }, clock })
      .get('1')
      .catch((e) => e);
    await until(() => server.received.length === 1 && clock.pendingTimeouts === 1, 'the attempt');
    await clock.advance(500);
    expect(await call).toMatchObject({ name: 'TimeoutError', code: 'DEADLINE_EXCEEDED', attempts: 1 });
  });

  test('timeouts: false → a timeout is not retried', async () => {
    server.handle(never);
    await expect(slow({ timeout: 100, retry: { timeouts: false } }).get('1')).rejects.toMatchObject({
      code: 'TIMEOUT',
      attempts: 1,
    });
    expect(server.received).toHaveLength(1);
  });
});

describe('cancellation', () => {
  test('a signal aborted before the call → CancelledError, nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(slow().get('1', { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(server.received).toHaveLength(0);
  });

  test('an abort in flight → CancelledError at once, never retried', async () => {
    server.handle(never);
    const controller = new AbortController();
    const call = slow({ timeout: 10_000 }).get('1', { signal: controller.signal });
    await until(() => server.received.length === 1, 'the request to arrive');
    const started = Date.now();
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'CancelledError', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(3000); // the timeout is 10 s
    await settle();
    expect(server.received).toHaveLength(1);
  });

  test('an abort during a backoff wait (injected clock) → CancelledError, no further request, the sleep removed', async () => {
    server.handle(json(503, {}));
    const clock = new TestClock('manual');
    const controller = new AbortController();
    const call = slow({ clock }).get('1', { signal: controller.signal });
    await until(() => clock.pending === 1, 'the backoff sleep');
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(CancelledError);
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    await settle();
    expect(server.received).toHaveLength(1);
  });

  test('an abort during a real 30 s Retry-After wait ends at once and leaves no timer behind', async () => {
    server.handle(json(503, {}, { 'retry-after': '30' }));
    const before = activeTimers();
    const controller = new AbortController();
    let waiting = false;
    const call = slow({ hooks: { onRetry: () => (waiting = true) } }).get('1', { signal: controller.signal });
    await until(() => waiting, 'the retry to be scheduled');
    await settle();
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 1); // the backoff timer
    const started = Date.now();
    controller.abort();
    const error = await call.catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000); // the wait was 30 s
    expect(activeTimers()).toBeLessThanOrEqual(before);
    expect(server.received).toHaveLength(1);
  });

  test('an abort while queued behind the rate limit → CancelledError, nothing sent, no timer left', async () => {
    const api = slow();
    await api.limited(); // uses the only slot of this minute
    const before = activeTimers();
    const controller = new AbortController();
    const queued = api.limited({ signal: controller.signal });
    await settle();
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 1); // the queue's wake-up timer
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    await settle();
    expect(activeTimers()).toBeLessThanOrEqual(before);
    expect(server.received).toHaveLength(1);
  });

  test('stream mode: an abort while the caller reads ends the stream with CancelledError', async () => {
    server.handle(trickle(20));
    const controller = new AbortController();
    const stream = await slow({ timeout: 10_000 }).stream({ signal: controller.signal });
    const error = await (async () => {
      for await (const _chunk of stream) controller.abort();
    })().catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
  });
});
