import 'reflect-metadata';
import { Readable } from 'node:stream';
import {
  Body,
  CallOptions,
  FullResponse,
  Get,
  Idempotent,
  NetworkError,
  Path,
  Post,
  Put,
  Patch,
  Retry,
  RestClient,
  ServiceUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  createClient,
  declared,
  type ApiResponse,
  type RestClientOptions,
} from 'restfit';
import { json, freePort, reset, startServer, text, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';

class Items {
  @Get('/items/{id}')
  get(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }

  @Get('/items/{id}')
  @FullResponse()
  getFull(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<ApiResponse<any>> {
    return declared();
  }

  @Post('/items')
  create(@Body() item: unknown): Promise<any> {
    return declared();
  }

  @Post('/payments')
  @Idempotent()
  pay(@Body() payment: unknown, @CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }

  @Patch('/items/{id}')
  @Idempotent()
  @Retry({ limit: 1 })
  patch(@Path('id') id: string, @Body() change: unknown): Promise<any> {
    return declared();
  }

  @Get('/items/{id}')
  @Retry(false)
  getOnce(@Path('id') id: string): Promise<any> {
    return declared();
  }

  @Put('/blobs/{id}')
  upload(@Path('id') id: string, @Body() content: Readable): Promise<any> {
    return declared();
  }

  @Put('/blobs/{id}')
  uploadBytes(@Path('id') id: string, @Body() content: Buffer): Promise<any> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

function items(options: RestClientOptions = {}, clock = new TestClock()) {
  return { api: createClient(Items, { baseURL: server.url, clock, ...options }), clock };
}

const unavailable = json(503, { error: 'down' });
const ok = json(200, { id: 1, name: 'one' });

describe('status sequences', () => {
  test('503, 503, 200 → three attempts and the body', async () => {
    server.script(unavailable, unavailable, ok);
    const { api } = items();
    const response = await api.getFull('1');
    expect(response.ok).toBe(true);
    expect(response.data).toEqual({ id: 1, name: 'one' });
    expect(response.attempts).toBe(3);
    expect(server.received.map((r) => r.path)).toEqual(['/items/1', '/items/1', '/items/1']);
  });

  test('the body mode resolves with the body after retries', async () => {
    server.script(json(502, {}), ok);
    const { api } = items();
    await expect(api.get('7')).resolves.toEqual({ id: 1, name: 'one' });
    expect(server.received).toHaveLength(2);
  });

  test('exhausting the limit throws the last error with attempts = limit + 1', async () => {
    server.handle(unavailable);
    const { api } = items({ retry: { limit: 3 } });
    await expect(api.get('1')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
      attempts: 4,
    });
    expect(server.received).toHaveLength(4);
  });

  test('POST + 503 → one attempt', async () => {
    server.handle(unavailable);
    const { api } = items();
    await expect(api.create({ a: 1 })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  test('a 4xx other than 408/425/429 is not retried', async () => {
    server.handle(json(404, {}));
    const { api } = items();
    await expect(api.get('1')).rejects.toMatchObject({ status: 404, attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  test.each([408, 425, 429, 500, 504])('%i is retried by default', async (status) => {
    server.script(json(status, {}), ok);
    const { api } = items();
    const response = await api.getFull('1');
    expect(response.status).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  test('retry: false on the client, @Retry(false)-style per call, and limit 0 disable retries', async () => {
    server.handle(unavailable);
    await expect(items({ retry: false }).api.get('1')).rejects.toMatchObject({ attempts: 1 });
    await expect(items().api.get('1', { retry: false })).rejects.toMatchObject({ attempts: 1 });
    await expect(items().api.get('1', { retry: { limit: 0 } })).rejects.toMatchObject({ attempts: 1 });
    expect(server.received).toHaveLength(3);
  });

  test('@Retry(false) on a method disables its retries', async () => {
    server.handle(unavailable);
    await expect(items().api.getOnce('1')).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  test('statusCodes and methods can be changed per call', async () => {
    server.script(json(404, {}), ok);
    const { api } = items();
    await expect(api.get('1', { retry: { statusCodes: [404] } })).resolves.toEqual({ id: 1, name: 'one' });
    expect(server.received).toHaveLength(2);
  });

  test('retryIf decides for failed outcomes and sees the attempt number', async () => {
    server.handle(json(418, { teapot: true }));
    const seen: Array<[number, number]> = [];
    const { api } = items();
    const retryIf = (outcome: ApiResponse<unknown>, attempt: number) => {
      seen.push([outcome.status, attempt]);
      return attempt < 2;
    };
    await expect(api.get('1', { retry: { retryIf } })).rejects.toMatchObject({ status: 418, attempts: 2 });
    expect(seen).toEqual([
      [418, 1],
      [418, 2],
    ]);
  });
});

describe('@Idempotent', () => {
  test('a POST is retried with the same Idempotency-Key on every attempt', async () => {
    server.script(unavailable, unavailable, ok);
    const { api } = items();
    await expect(api.pay({ amount: 5 })).resolves.toEqual({ id: 1, name: 'one' });
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(server.received.map((r) => r.body.toString())).toEqual(Array(3).fill('{"amount":5}'));
  });

  test('each call gets a new key', async () => {
    const { api } = items();
    await api.pay({ amount: 1 });
    await api.pay({ amount: 2 });
    const [a, b] = server.received.map((r) => r.headers['idempotency-key']);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });

  test("the caller's own Idempotency-Key is kept", async () => {
    server.script(unavailable, ok);
    const { api } = items();
    await api.pay({ amount: 1 }, { headers: { 'Idempotency-Key': 'mine-123' } });
    expect(server.received.map((r) => r.headers['idempotency-key'])).toEqual(['mine-123', 'mine-123']);
  });

  test('a PATCH with @Idempotent and @Retry({ limit: 1 }) makes two attempts', async () => {
    server.handle(unavailable);
    const { api } = items();
    await expect(api.patch('1', { name: 'x' })).rejects.toMatchObject({ attempts: 2 });
    expect(server.received.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(server.received[0].headers['idempotency-key']).toBe(server.received[1].headers['idempotency-key']);
  });

  test('a plain GET carries no Idempotency-Key', async () => {
    const { api } = items();
    await api.get('1');
    expect(server.received[0].headers['idempotency-key']).toBeUndefined();
  });
});

describe('backoff and Retry-After', () => {
  test('full jitter: delay = random · min(maxMs, baseMs · 2^retry)', async () => {
    server.handle(unavailable);
    const clock = new TestClock();
    clock.randoms = [0.5, 0.5, 0.25, 0.999];
    const { api } = items({ retry: { limit: 4, backoff: { baseMs: 100, maxMs: 300 } } }, clock);
    await expect(api.get('1')).rejects.toBeInstanceOf(ServiceUnavailableError);
    // caps 100, 200, 300 (400 capped), 300 (800 capped)
    expect(clock.sleeps).toEqual([50, 100, 75, 299]);
  });

  test('429 with Retry-After: 1 → the next attempt not earlier than 1 s later on the clock', async () => {
    server.script(json(429, {}, { 'retry-after': '1' }), ok);
    const clock = new TestClock();
    const sentAt: number[] = [];
    const { api } = items({ hooks: { onRequest: () => sentAt.push(clock.now()) } }, clock);
    await expect(api.get('1')).resolves.toEqual({ id: 1, name: 'one' });
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('Retry-After as an HTTP-date', async () => {
    const clock = new TestClock('auto', Date.parse('2030-01-01T00:00:00Z'));
    server.script(json(503, {}, { 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), ok);
    const { api } = items({}, clock);
    await expect(api.get('1')).resolves.toEqual({ id: 1, name: 'one' });
    expect(clock.sleeps).toEqual([5000]);
  });

  test("an HTTP-date Retry-After too far away: the error's retryAfterMs is read on the client's clock too", async () => {
    const clock = new TestClock('auto', Date.parse('2030-01-01T00:00:00Z'));
    server.handle(json(503, {}, { 'retry-after': 'Tue, 01 Jan 2030 00:02:00 GMT' }));
    const { api } = items({}, clock);
    await expect(api.get('1')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      retryAfterMs: 120_000,
    });
    expect(clock.sleeps).toEqual([]);
  });

  test('Retry-After: 86400 fails at once with the TooManyRequestsError carrying retryAfterMs', async () => {
    server.handle(json(429, { slow: 'down' }, { 'retry-after': '86400' }));
    const { api, clock } = items();
    const error = await api.get('1').catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ retryAfterMs: 86_400_000, attempts: 1, data: { slow: 'down' } });
    expect(clock.sleeps).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  test('a 503 Retry-After above maxRetryAfterMs fails at once as ServiceUnavailableError', async () => {
    server.handle(json(503, {}, { 'retry-after': '10' }));
    const { api, clock } = items({ retry: { maxRetryAfterMs: 5000 } });
    await expect(api.get('1')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      retryAfterMs: 10_000,
      attempts: 1,
    });
    expect(clock.sleeps).toEqual([]);
  });

  test.each(['soon', '-5', '', '1e3', 'NaN'])(
    'a garbage Retry-After (%j) falls back to backoff, never NaN',
    async (value) => {
      server.script(json(503, {}, { 'retry-after': value }), ok);
      const clock = new TestClock();
      clock.randoms = [0.5];
      const { api } = items({ retry: { backoff: { baseMs: 200, maxMs: 1000 } } }, clock);
      await expect(api.get('1')).resolves.toBeDefined();
      expect(clock.sleeps).toEqual([100]);
    },
  );

  test('a random source that returns garbage still gives a finite delay', async () => {
    server.script(unavailable, ok);
    const clock = new TestClock();
    clock.randoms = [NaN];
    const { api } = items({}, clock);
    await expect(api.get('1')).resolves.toBeDefined();
    expect(clock.sleeps.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  });
});

describe('network failures', () => {
  test('a reset connection on GET is retried', async () => {
    server.script(reset, ok);
    const { api } = items();
    const response = await api.getFull('1');
    expect(response).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(server.received).toHaveLength(2);
  });

  test('a reset connection on POST is not', async () => {
    server.script(reset, ok);
    const { api } = items();
    await expect(api.create({})).rejects.toMatchObject({ name: 'NetworkError', kind: 'reset', attempts: 1 });
  });

  test('networkErrors: false turns network retries off', async () => {
    server.script(reset, ok);
    const { api } = items({ retry: { networkErrors: false } });
    await expect(api.get('1')).rejects.toBeInstanceOf(NetworkError);
    expect(server.received).toHaveLength(1);
  });

  test('a refused connection is retried; a DNS failure is not', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const clock = new TestClock();
    const refused = createClient(Items, { baseURL: url, clock, retry: { limit: 2 } });
    await expect(refused.get('1')).rejects.toMatchObject({
      name: 'NetworkError',
      kind: 'connect',
      attempts: 3,
    });

    const dns = createClient(Items, { baseURL: 'http://no-such-host.invalid', clock, retry: { limit: 2 } });
    await expect(dns.get('1')).rejects.toMatchObject({ name: 'NetworkError', kind: 'dns', attempts: 1 });
  });
});

describe('bodies that cannot be sent twice', () => {
  test('a stream body is never re-sent', async () => {
    server.handle(unavailable);
    const { api } = items();
    await expect(api.upload('1', Readable.from([Buffer.from('abc')]))).rejects.toMatchObject({ attempts: 1 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].body.toString()).toBe('abc');
  });

  test('a Buffer body is re-sent whole', async () => {
    server.script(unavailable, ok);
    const { api } = items();
    await api.uploadBytes('1', Buffer.from('abc'));
    expect(server.received.map((r) => r.body.toString())).toEqual(['abc', 'abc']);
  });
});

describe('deadline', () => {
  test('a backoff that would cross the deadline ends the call at once with DEADLINE_EXCEEDED', async () => {
    server.handle(json(503, {}, { 'retry-after': '2' }));
    const { api, clock } = items({ retry: { deadlineMs: 3000, limit: 5 } });
    const error = await api.get('1').catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.cause).toBeInstanceOf(ServiceUnavailableError);
    expect(error.attempts).toBe(2);
    // slept 2 s once; a second 2 s would end at 4 s > 3 s
    expect(clock.sleeps).toEqual([2000]);
    expect(server.received).toHaveLength(2);
  });

  test('the deadline also cuts an attempt in flight (real time, short)', async () => {
    server.handle(() => undefined);
    const api = createClient(Items, { baseURL: server.url, timeout: 5000, retry: { deadlineMs: 150 } });
    const started = Date.now();
    const error = await api.get('1').catch((e) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'DEADLINE_EXCEEDED', attempts: 1 });
    expect(error.cause).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a call that succeeds within the deadline is unaffected', async () => {
    server.script(unavailable, ok);
    const { api } = items({ retry: { deadlineMs: 10_000 } });
    await expect(api.getFull('1')).resolves.toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('retry budget', () => {
  test('retries stop when the budget is spent (a reserve of 100, then 0.1 per call), and the floor refills', async () => {
    server.handle(unavailable);
    const clock = new TestClock('manual');
    clock.randoms = Array(200).fill(0); // zero backoff: no sleeps, the clock stands still
    const client = new RestClient({ baseURL: server.url, clock, retry: { limit: 4 } });
    const api = client.create(Items);
    const derived = client.with({ headers: { 'x-tenant': 't1' } }).create(Items);
    const attempts = async (call: Promise<unknown>) =>
      ((await call.catch((e) => e)) as { attempts: number }).attempts;

    // 25 calls × 4 retries spend the reserve of 100; the derived client shares it.
    for (let i = 0; i < 25; i++) expect(await attempts((i % 2 ? derived : api).get(String(i)))).toBe(5);
    // 26 calls have banked 2.6 retries: the next call gets 2 of them, the one after none.
    expect(await attempts(api.get('26'))).toBe(3);
    const refused = await api.get('27').catch((e) => e);
    expect(refused).toMatchObject({ attempts: 1, status: 503 });
    expect(refused.message).toContain("(not retried: the client's retry budget is exhausted)");
    await clock.advance(1000); // the floor refills at 10 per second
    expect(await attempts(api.get('28'))).toBe(5);
  });

  test("ten concurrent calls that each need two retries all get them (the contract's limit: 2)", async () => {
    const failTwice = new Map<string, number>();
    server.handle((req, res) => {
      const seen = (failTwice.get(req.path) ?? 0) + 1;
      failTwice.set(req.path, seen);
      (seen < 3 ? unavailable : ok)(req, res, undefined as never);
    });
    const clock = new TestClock();
    const api = new RestClient({ baseURL: server.url, clock }).create(Items);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => api.getFull(String(i))));
    expect(outcomes.map((o) => [o.ok, o.attempts])).toEqual(Array(10).fill([true, 3]));
  });
});

describe('hooks and logging', () => {
  test('onRetry and logger.warn fire per retry, logger.debug per attempt, secrets redacted', async () => {
    server.script(unavailable, json(429, {}, { 'retry-after': '1' }), ok);
    const clock = new TestClock();
    clock.randoms = [0.5];
    const events: any[] = [];
    const lines: Record<string, string[]> = { debug: [], info: [], warn: [], error: [] };
    const logger = {
      debug: (m: string) => lines.debug.push(m),
      info: (m: string) => lines.info.push(m),
      warn: (m: string) => lines.warn.push(m),
      error: (m: string) => lines.error.push(m),
    };
    class Secretive {
      @Get('/search')
      search(@CallOptions() _o?: CallOptions): Promise<any> {
        return declared();
      }
    }
    const api = createClient(Secretive, {
      baseURL: server.url,
      clock,
      logger,
      hooks: { onRetry: (event) => events.push(event) },
      interceptors: [(request, next) => ((request.query.api_key = 'sekrit-value'), next(request))],
      retry: { backoff: { baseMs: 200, maxMs: 1000 } },
    });
    await api.search();
    expect(events.map((e) => [e.attempt, e.delayMs, e.response?.status, e.error?.status])).toEqual([
      [2, 100, 503, 503],
      [3, 1000, 429, 429],
    ]);
    expect(events[0].request.url).toBe(`${server.url}/search`);
    expect(lines.warn).toHaveLength(2);
    expect(lines.warn[0]).toContain('Secretive.search');
    expect(lines.warn[0]).toContain('retry 1 of 2 in 100 ms');
    expect(lines.debug).toHaveLength(3);
    const all = [...lines.debug, ...lines.warn].join('\n');
    expect(all).not.toContain('sekrit-value');
    expect(all).toContain('api_key=[REDACTED]');
    expect(server.received.every((r) => r.rawQuery === 'api_key=sekrit-value')).toBe(true);
  });

  test('a warn line says when the budget or Retry-After stops a retry', async () => {
    server.handle(json(429, {}, { 'retry-after': '999999' }));
    const warn = jest.fn();
    const { api } = items({ logger: { debug() {}, info() {}, warn, error() {} } });
    await expect(api.get('1')).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /not retried: Retry-After 999999000 ms is above maxRetryAfterMs 60000/,
    );
  });
});

test('a text 503 body is kept on the final error', async () => {
  server.handle(text(503, 'maintenance', { 'content-type': 'text/plain' }));
  const { api } = items({ retry: { limit: 1 } });
  await expect(api.get('1')).rejects.toMatchObject({ data: 'maintenance', attempts: 2 });
});
