import 'reflect-metadata';
import {
  DeclarationError,
  Get,
  Path,
  RateLimit,
  RateLimitError,
  RestClient,
  createClient,
  declared,
  type RestClientOptions,
} from 'restfit';
import { json, startServer, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';
import { Things } from './support/things';
import { settle, until } from './support/polling';

@RateLimit({ requests: 2, perMs: 1000 })
class ClassLimited {
  @Get('/a/{id}')
  a(@Path('id') id: string): Promise<any> {
    return declared();
  }

  @Get('/b/{id}')
  b(@Path('id') id: string): Promise<any> {
    return declared();
  }

  @Get('/c/{id}')
  @RateLimit({ requests: 1, perMs: 1000 })
  c(@Path('id') id: string): Promise<any> {
    return declared();
  }
}

class Strict {
  @Get('/strict/{id}')
  @RateLimit({ requests: 2, perMs: 1000, wait: false })
  get(@Path('id') id: string): Promise<any> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Records the clock time at which each attempt was sent, and its path. */
function recorder(clock: TestClock) {
  const sent: Array<{ at: number; path: string }> = [];
  const hooks: RestClientOptions['hooks'] = {
    onRequest: (request) => sent.push({ at: clock.now(), path: new URL(request.url).pathname }),
  };
  return { sent, hooks };
}

/** A client of `service` on the test server and `clock`, recording each attempt it sends. */
function recordingClient<T extends object>(
  service: new () => T,
  options: RestClientOptions = {},
  clock = new TestClock(),
) {
  const { sent, hooks } = recorder(clock);
  return { api: createClient(service, { baseURL: server.url, clock, hooks, ...options }), clock, sent };
}

/** No more than `requests` starts in any window of `perMs`: the (i+requests)-th start is ≥ perMs after the i-th. */
function expectSlidingWindow(times: number[], requests: number, perMs: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i + requests < sorted.length; i++) {
    expect(sorted[i + requests] - sorted[i]).toBeGreaterThanOrEqual(perMs);
  }
}

describe('rateLimit option', () => {
  test('5 per second: 20 calls spread over ≥ 3 s of clock, never 6 in one second', async () => {
    const { api, clock, sent } = recordingClient(Things, { rateLimit: { requests: 5, perMs: 1000 } });
    const start = clock.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => api.get(String(i))));
    const times = sent.map((s) => s.at);
    expect(times).toHaveLength(20);
    expect(Math.max(...times) - start).toBeGreaterThanOrEqual(3000);
    expectSlidingWindow(times, 5, 1000);
    expect(server.received).toHaveLength(20);
  });

  test('queued calls start in the order they were made (FIFO)', async () => {
    const { api, sent } = recordingClient(Things, { rateLimit: { requests: 1, perMs: 100 } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => api.get(String(i))));
    expect(sent.map((s) => s.path)).toEqual(Array.from({ length: 8 }, (_, i) => `/things/${i}`));
    expectSlidingWindow(
      sent.map((s) => s.at),
      1,
      100,
    );
  });

  test('every service of a client and every derived client share the limiter; a separate client does not', async () => {
    const clock = new TestClock();
    const { sent, hooks } = recorder(clock);
    const client = new RestClient({
      baseURL: server.url,
      clock,
      hooks,
      rateLimit: { requests: 2, perMs: 1000 },
    });
    const a = client.create(Things);
    const b = client.with({ headers: { 'x-tenant': 'b' } }).create(Things);
    const start = clock.now();
    await Promise.all([a.get('1'), b.get('2'), a.other('3'), b.other('4')]);
    expect(sent.map((s) => s.at - start).sort((x, y) => x - y)).toEqual([0, 0, 1000, 1000]);

    const separate = createClient(Things, {
      baseURL: server.url,
      clock,
      rateLimit: { requests: 2, perMs: 1000 },
    });
    const before = clock.now();
    await Promise.all([separate.get('5'), separate.get('6')]);
    expect(clock.now()).toBe(before);
  });

  test('wait: false → RateLimitError with retryAfterMs, nothing sent for it', async () => {
    const clock = new TestClock('manual');
    const api = createClient(Things, {
      baseURL: server.url,
      clock,
      rateLimit: { requests: 2, perMs: 1000, wait: false },
    });
    await api.get('1');
    await clock.advance(300);
    await api.get('2');
    const error = await api.get('3').catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 700, attempts: 0 });
    expect(error.request).toMatchObject({ service: 'Things', operation: 'get' });
    expect(server.received).toHaveLength(2);
    await clock.advance(700);
    await expect(api.get('4')).resolves.toBeDefined();
  });

  test('retries do not take rate-limit slots (they are paced by backoff and the budget)', async () => {
    server.script(json(503, {}), json(200, {}));
    const clock = new TestClock();
    clock.randoms = [0];
    const api = createClient(Things, {
      baseURL: server.url,
      clock,
      rateLimit: { requests: 1, perMs: 60_000 },
    });
    const before = clock.now();
    await api.get('1');
    expect(server.received).toHaveLength(2);
    expect(clock.now()).toBe(before);
  });

  test.each([
    [{ requests: 0, perMs: 1000 }],
    [{ requests: 1.5, perMs: 1000 }],
    [{ requests: 5, perMs: 0 }],
    [{ requests: 5, perMs: Infinity }],
  ])('an impossible limit %o is a DeclarationError', (rateLimit) => {
    expect(() => createClient(Things, { baseURL: server.url, rateLimit })).toThrow(DeclarationError);
    expect(() => createClient(Things, { baseURL: server.url, rateLimit })).toThrow(/RestClient: rateLimit/);
  });
});

describe('@RateLimit', () => {
  test('on the class: one window shared by its methods; on a method: its own window as well', async () => {
    const { api, clock, sent } = recordingClient(ClassLimited);
    const start = clock.now();
    await Promise.all([api.a('1'), api.b('2'), api.a('3'), api.b('4')]);
    expect(sent.map((s) => s.at - start)).toEqual([0, 0, 1000, 1000]);

    sent.length = 0;
    const start2 = clock.now() + 1000;
    await clock.sleep(1000);
    // c: the class window (2/s) and its own (1/s) both apply
    await Promise.all([api.c('1'), api.c('2'), api.c('3')]);
    expect(sent.map((s) => s.at - start2)).toEqual([0, 1000, 2000]);
  });

  test('a class limit stacks with the client limit', async () => {
    const { api, clock, sent } = recordingClient(ClassLimited, { rateLimit: { requests: 1, perMs: 500 } });
    const start = clock.now();
    await Promise.all([api.a('1'), api.a('2'), api.a('3')]);
    // client: one per 500 ms; class: two per 1000 ms
    expect(sent.map((s) => s.at - start)).toEqual([0, 500, 1000]);
  });

  test('a method limit with wait: false fails at once over the limit', async () => {
    const api = createClient(Strict, { baseURL: server.url, clock: new TestClock('manual') });
    await api.get('1');
    await api.get('2');
    await expect(api.get('3')).rejects.toMatchObject({ name: 'RateLimitError', retryAfterMs: 1000 });
    expect(server.received).toHaveLength(2);
  });
});

describe('a server 429 with Retry-After pauses the client', () => {
  test('10 concurrent calls, one gets 429 Retry-After: 1 → the calls queued behind it wait a second', async () => {
    server.script(json(429, {}, { 'retry-after': '1' }), json(200, { ok: true }));
    const { api, clock, sent } = recordingClient(
      Things,
      { rateLimit: { requests: 2, perMs: 100 } },
      new TestClock('manual'),
    );
    const start = clock.now();
    const calls = Array.from({ length: 10 }, (_, i) => api.get(String(i)));
    // two start at once; one of them is told to come back in 1 s
    await until(() => clock.sleeps.includes(1000) && server.received.length === 2, 'the 429');
    await clock.advance(100); // the next rate-limit slot: but the client is paused
    await settle();
    expect(server.received).toHaveLength(2);
    await clock.advance(900);
    let done = false;
    const all = Promise.all(calls).then(() => (done = true));
    // the rest start two per 100 ms after the pause
    for (let i = 0; i < 20 && !done; i++) {
      await clock.advance(100);
      await settle();
    }
    await all;
    expect(server.received).toHaveLength(11); // 10 calls + 1 retry
    const later = sent.slice(2).map((s) => s.at - start);
    expect(later.every((at) => at >= 1000)).toBe(true);
    // calls (not the one retry, which the limit does not count) keep to two per 100 ms
    const firstSends = sent.filter((s, i) => sent.findIndex((t) => t.path === s.path) === i);
    expect(firstSends).toHaveLength(10);
    expectSlidingWindow(
      firstSends.map((s) => s.at),
      2,
      100,
    );
  });

  test('without a rateLimit option, calls made during the pause wait for it too', async () => {
    server.script(json(429, {}, { 'retry-after': '1' }), json(200, { ok: true }));
    const { api, clock, sent } = recordingClient(Things, {}, new TestClock('manual'));
    const start = clock.now();
    const first = api.get('first');
    await until(() => clock.pending === 1, 'the first call to wait for its retry');
    const others = Array.from({ length: 9 }, (_, i) => api.get(String(i)));
    await settle();
    expect(server.received).toHaveLength(1);
    await clock.advance(1000);
    await Promise.all([first, ...others]);
    expect(server.received).toHaveLength(11);
    expect(sent.slice(1).every((s) => s.at - start >= 1000)).toBe(true);
  });

  test("one tenant's 429 pauses neither a derived client nor, with retries off, its own next call", async () => {
    server.script(json(429, {}, { 'retry-after': '3' }), json(200, { ok: true }));
    const clock = new TestClock('manual');
    const root = new RestClient({ baseURL: server.url, clock });
    const tenantA = root.with({ headers: { 'x-tenant': 'a' }, retry: false }).create(Things);
    const tenantB = root.with({ headers: { 'x-tenant': 'b' } }).create(Things);
    await expect(tenantA.get('1')).rejects.toMatchObject({ status: 429, retryAfterMs: 3000 });
    await expect(tenantB.get('2')).resolves.toEqual({ ok: true });
    await expect(tenantA.get('3')).resolves.toEqual({ ok: true });
    expect(clock.sleeps).toEqual([]);
    expect(server.received.map((r) => r.headers['x-tenant'])).toEqual(['a', 'b', 'a']);
  });

  test("derived clients that change only headers share the parent's pipeline, and a 429's pause stays with the client that got it", async () => {
    server.script(json(429, {}, { 'retry-after': '1' }), json(200, { ok: true }));
    const clock = new TestClock('manual');
    const seen: string[] = [];
    // One client interceptor: it sees every call of the family that runs through the root's pipeline.
    const root = new RestClient({
      baseURL: server.url,
      clock,
      interceptors: [(request, next) => (seen.push(request.headers['x-tenant'] ?? '-'), next(request))],
    });
    const tenantA = root.with({ headers: { 'x-tenant': 'a' } }).create(Things);
    const tenantB = root.with({ headers: { 'x-tenant': 'b' } }).create(Things);
    const first = tenantA.get('1');
    await until(() => clock.pending === 1, "tenant a's retry to wait for the pause");
    // b is not paused: it goes at once; a's next call waits for a's pause.
    await expect(tenantB.get('2')).resolves.toEqual({ ok: true });
    const againA = tenantA.get('3');
    await settle();
    expect(server.received.map((r) => r.headers['x-tenant'])).toEqual(['a', 'b']);
    await clock.advance(1000);
    await Promise.all([first, againA]);
    expect(server.received.map((r) => r.headers['x-tenant']).sort()).toEqual(['a', 'a', 'a', 'b']);
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  test('a Retry-After above maxRetryAfterMs does not pause the client', async () => {
    server.script(json(429, {}, { 'retry-after': '86400' }), json(200, {}));
    const clock = new TestClock('manual');
    const api = createClient(Things, { baseURL: server.url, clock });
    await expect(api.get('1')).rejects.toMatchObject({ status: 429 });
    await expect(api.get('2')).resolves.toBeDefined();
    expect(clock.sleeps).toEqual([]);
  });
});
