import 'reflect-metadata';
import {
  CircuitOpenError,
  Get,
  Path,
  RateLimitError,
  RestClient,
  TimeoutError,
  bearerAuth,
  declared,
  type CircuitStateChange,
  type RestClientOptions,
} from 'restfit';
import { json, startServer, type TestServer } from '../support/test-server';
import { TestClock } from '../pipeline/support/test-clock';
import { settle, until } from '../pipeline/support/polling';

/**
 * Derived clients (`with()`, one per tenant or user) run their calls through their parent's pipeline
 * unless they change what its steps read: what the server receives is still each client's own, and a
 * 429's pause stays with the client that got it, while the rate-limit windows and the circuit breakers
 * are the family's.
 */
class Things {
  @Get('/things/{id}')
  get(@Path('id') id: string): Promise<any> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const authorizations = () => server.received.map((r) => r.headers.authorization);

describe('which derived clients share the pipeline', () => {
  const sharing: [string, RestClientOptions][] = [
    ['headers', { headers: { 'x-tenant': 't1' } }],
    ['auth', { auth: bearerAuth('user-token') }],
    ['baseURL', { baseURL: 'http://127.0.0.1:9/v2' }],
    ['timeout', { timeout: 1_000 }],
    ['retry', { retry: { limit: 1 } }],
    ['rateLimit', { rateLimit: { requests: 5, perMs: 1_000 } }],
    ['responseMode', { responseMode: 'full' }],
    ['maxContentLength', { maxContentLength: 1_000 }],
    ['maxRedirects', { maxRedirects: 0 }],
    ['querySerializer', { querySerializer: 'comma' }],
    ['errors', { errors: {} }],
  ];
  test.each(sharing)(
    'one that overrides %s runs its calls through the root’s pipeline',
    (_kind, overrides) => {
      const root = new RestClient({ baseURL: server.url });
      const derived = root.with(overrides);
      expect(derived.config.pipelineOf).toBe(root.config);
      // …and so does one derived from it: the family has one pipeline.
      expect(derived.with({ headers: { 'x-more': '1' } }).config.pipelineOf).toBe(root.config);
    },
  );

  const owning: [string, RestClientOptions][] = [
    ['hooks', { hooks: { onRequest: () => undefined } }],
    ['interceptors', { interceptors: [(request, next) => next(request)] }],
    ['logger', { logger: console }],
    ['clock', { clock: new TestClock() }],
    [
      'circuitBreaker',
      {
        circuitBreaker: {
          failureRatio: 0.5,
          minimumCalls: 2,
          windowMs: 1_000,
          openMs: 1_000,
          halfOpenCalls: 1,
        },
      },
    ],
    ['proxy (a pool of its own too)', { proxy: false }],
  ];
  test.each(owning)('one that overrides %s builds a pipeline of its own', (_kind, overrides) => {
    const root = new RestClient({ baseURL: server.url });
    expect(root.with(overrides).config.pipelineOf).toBeUndefined();
  });

  test('a derived client takes what its overrides leave alone from its parent, already normalized', () => {
    const root = new RestClient({
      baseURL: server.url,
      headers: { 'X-App': 'app' },
      hooks: { onRequest: () => undefined },
      interceptors: [(request, next) => next(request)],
      retry: { limit: 4 },
    });
    const derived = root.with({ auth: bearerAuth('t') });
    for (const field of ['headers', 'hooks', 'interceptors', 'retry', 'errors'] as const) {
      expect(derived.config[field]).toBe(root.config[field]);
    }
    expect(root.with({ headers: { 'x-b': '1' } }).config.headers).toEqual({ 'x-app': 'app', 'x-b': '1' });
    expect(root.config.headers).toEqual({ 'x-app': 'app' });
  });
});

describe('what the server receives from each client of a family', () => {
  test('each derived client sends its own bearer token; the parent and a sibling keep theirs', async () => {
    const root = new RestClient({ baseURL: server.url, auth: bearerAuth('service-token') });
    const alice = root.with({ auth: bearerAuth('alice-token') }).create(Things);
    const bob = root
      .with({ auth: bearerAuth(() => 'bob-token'), headers: { 'X-User': 'bob' } })
      .create(Things);
    await alice.get('1');
    await bob.get('2');
    await root.create(Things).get('3');
    await alice.get('4');
    expect(authorizations()).toEqual([
      'Bearer alice-token',
      'Bearer bob-token',
      'Bearer service-token',
      'Bearer alice-token',
    ]);
    expect(server.received.map((r) => r.headers['x-user'])).toEqual([undefined, 'bob', undefined, undefined]);
  });

  test('a derived client without auth of its own sends its parent’s; one derived from a derived client keeps merging', async () => {
    const root = new RestClient({ baseURL: server.url, headers: { 'X-App': 'app' } });
    const alice = root.with({ auth: bearerAuth('alice-token') });
    await alice
      .with({ headers: { 'X-Tenant': 'acme' } })
      .create(Things)
      .get('1');
    await root.create(Things).get('2');
    expect(server.received[0].headers).toMatchObject({
      authorization: 'Bearer alice-token',
      'x-app': 'app',
      'x-tenant': 'acme',
    });
    expect(server.received[1].headers.authorization).toBeUndefined();
    expect(server.received[1].headers['x-tenant']).toBeUndefined();
  });

  test('a derived timeout bounds the derived client’s attempts only', async () => {
    server.handle(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const root = new RestClient({ baseURL: server.url, retry: false });
    const hurried = root.with({ timeout: 50 }).create(Things);
    const error = await hurried.get('1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 1 });
    await expect(root.create(Things).get('2')).resolves.toEqual({ ok: true });
  });

  test('a derived retry setting applies to the derived client only', async () => {
    server.script(
      json(503, {}),
      json(503, {}),
      json(200, { ok: true }),
      json(503, {}),
      json(200, { ok: true }),
    );
    const root = new RestClient({ baseURL: server.url, clock: new TestClock(), retry: { limit: 2 } });
    await expect(root.with({ retry: false }).create(Things).get('1')).rejects.toMatchObject({ status: 503 });
    await expect(root.create(Things).get('2')).resolves.toEqual({ ok: true });
    // A sibling that overrides something else retries as its parent does.
    await expect(
      root
        .with({ auth: bearerAuth('t') })
        .create(Things)
        .get('3'),
    ).resolves.toEqual({ ok: true });
    expect(server.received.map((r) => r.path)).toEqual([
      '/things/1',
      '/things/2',
      '/things/2',
      '/things/3',
      '/things/3',
    ]);
  });
});

describe('per-client and per-family state', () => {
  test('a 429 pauses the derived client that got it; its sibling and the parent go on at once', async () => {
    server.script(json(429, {}, { 'retry-after': '1' }), json(200, { ok: true }));
    const clock = new TestClock('manual');
    const root = new RestClient({ baseURL: server.url, clock });
    const alice = root.with({ auth: bearerAuth('alice') }).create(Things);
    const bob = root.with({ auth: bearerAuth('bob') }).create(Things);
    const first = alice.get('1');
    await until(() => clock.pending === 1, "alice's retry to wait for the pause");
    await expect(bob.get('2')).resolves.toEqual({ ok: true });
    await expect(root.create(Things).get('3')).resolves.toEqual({ ok: true });
    const againAlice = alice.get('4');
    await settle();
    // alice's retry and her next call wait for her pause; nothing of hers was sent meanwhile.
    expect(authorizations()).toEqual(['Bearer alice', 'Bearer bob', undefined]);
    await clock.advance(1000);
    await expect(Promise.all([first, againAlice])).resolves.toEqual([{ ok: true }, { ok: true }]);
    expect(authorizations().slice(3).sort()).toEqual(['Bearer alice', 'Bearer alice']);
  });

  test('derived clients share their parent’s rate-limit window', async () => {
    const clock = new TestClock('manual');
    const root = new RestClient({
      baseURL: server.url,
      clock,
      rateLimit: { requests: 3, perMs: 1000, wait: false },
    });
    const alice = root.with({ auth: bearerAuth('alice') }).create(Things);
    const bob = root.with({ headers: { 'x-user': 'bob' }, timeout: 5_000 }).create(Things);
    await alice.get('1');
    await bob.get('2');
    await root.create(Things).get('3');
    for (const api of [alice, bob, root.create(Things)]) {
      await expect(api.get('4')).rejects.toBeInstanceOf(RateLimitError);
    }
    expect(server.received).toHaveLength(3);
    await clock.advance(1000);
    await expect(bob.get('5')).resolves.toEqual({ ok: true });
  });

  test('derived clients share their parent’s circuit breaker', async () => {
    server.handle((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const changes: CircuitStateChange[] = [];
    const root = new RestClient({
      baseURL: server.url,
      retry: false,
      circuitBreaker: {
        failureRatio: 0.5,
        minimumCalls: 2,
        windowMs: 60_000,
        openMs: 60_000,
        halfOpenCalls: 1,
      },
      hooks: { onCircuitStateChange: (change) => changes.push(change) },
    });
    const alice = root.with({ auth: bearerAuth('alice') }).create(Things);
    const bob = root.with({ headers: { 'x-user': 'bob' } }).create(Things);
    await expect(alice.get('1')).rejects.toMatchObject({ status: 503 });
    await expect(bob.get('2')).rejects.toMatchObject({ status: 503 });
    // Two failures of the family opened the one breaker of its origin: nobody sends now.
    for (const api of [root.create(Things), alice, bob]) {
      await expect(api.get('3')).rejects.toBeInstanceOf(CircuitOpenError);
    }
    expect(server.received).toHaveLength(2);
    expect(changes).toEqual([{ origin: new URL(server.url).origin, from: 'closed', to: 'open' }]);
  });
});
