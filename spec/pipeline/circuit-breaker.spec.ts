import 'reflect-metadata';
import {
  ApiError,
  CircuitOpenError,
  DeclarationError,
  RestClient,
  createClient,
  type CircuitStateChange,
  type RestClientOptions,
} from 'restfit';
import { json, freePort, startServer, type Handler, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';
import { Things } from './support/things';
import { until } from './support/polling';

const BREAKER = { failureRatio: 0.5, minimumCalls: 4, windowMs: 10_000, openMs: 1_000, halfOpenCalls: 1 };

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const failing = json(500, { message: 'down' });
const healthy = json(200, { ok: true });

function breakerClient(extra: RestClientOptions = {}) {
  const clock = new TestClock('manual');
  const changes: CircuitStateChange[] = [];
  const options: RestClientOptions = {
    baseURL: server.url,
    clock,
    retry: false,
    circuitBreaker: BREAKER,
    hooks: { onCircuitStateChange: (change) => changes.push(change) },
    ...extra,
  };
  const client = new RestClient(options);
  return { client, api: client.create(Things), clock, changes };
}

/** A handler that answers only once the test opens the gate. */
function gated(answer: Handler) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handler: Handler = async (req, res, raw) => {
    await gate;
    await answer(req, res, raw);
  };
  return { handler, open };
}

const transitions = (changes: CircuitStateChange[]) => changes.map((c) => `${c.from}→${c.to}`);

describe('circuitBreaker', () => {
  test('fails, recovers, fails again: exact state sequence, nothing sent while open, one probe when half-open', async () => {
    const { api, clock, changes } = breakerClient();
    server.handle(failing);
    for (let i = 0; i < 4; i++) await expect(api.get(String(i))).rejects.toMatchObject({ status: 500 });
    expect(transitions(changes)).toEqual(['closed→open']);
    expect(changes[0].origin).toBe(server.origin);
    expect(server.received).toHaveLength(4);

    // Open: calls fail at once with CircuitOpenError, nothing reaches the server.
    const refused = api.get('x');
    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterMs: 1000, attempts: 0 });
    await clock.advance(400);
    await expect(api.get('y')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterMs: 600 });
    expect(server.received).toHaveLength(4);

    // Half-open: one probe goes through (held by the server); a second call meanwhile is refused.
    await clock.advance(600);
    const probeAnswer = gated(healthy);
    server.handle(probeAnswer.handler);
    const probe = api.get('probe');
    await until(() => server.received.length === 5, 'the probe');
    expect(transitions(changes)).toEqual(['closed→open', 'open→half-open']);
    await expect(api.get('second')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterMs: 0 });
    probeAnswer.open();
    await expect(probe).resolves.toEqual({ ok: true });
    expect(transitions(changes)).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
    expect(server.received.map((r) => r.path)).toEqual(
      [0, 1, 2, 3].map((i) => `/things/${i}`).concat('/things/probe'),
    );

    // Closed again, with a fresh window: it takes minimumCalls failures to open once more.
    server.handle(failing);
    for (let i = 0; i < 3; i++) await expect(api.get(`again${i}`)).rejects.toMatchObject({ status: 500 });
    expect(changes).toHaveLength(3);
    await expect(api.get('again3')).rejects.toMatchObject({ status: 500 });
    expect(transitions(changes).slice(3)).toEqual(['closed→open']);

    // A failed probe re-opens for another openMs.
    await clock.advance(1000);
    await expect(api.get('probe2')).rejects.toMatchObject({ status: 500 });
    expect(transitions(changes).slice(4)).toEqual(['open→half-open', 'half-open→open']);
    await expect(api.get('z')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterMs: 1000 });
    expect(server.received).toHaveLength(10);
  });

  test('halfOpenCalls: 2 probes at once, a third is refused; their successes close it', async () => {
    const { api, clock, changes } = breakerClient({ circuitBreaker: { ...BREAKER, halfOpenCalls: 2 } });
    server.handle(failing);
    for (let i = 0; i < 4; i++) await expect(api.get(String(i))).rejects.toMatchObject({ status: 500 });
    await clock.advance(1000);
    const answer = gated(healthy);
    server.handle(answer.handler);
    const probes = [api.get('p1'), api.get('p2')];
    await expect(api.get('p3')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterMs: 0 });
    await until(() => server.received.length === 6, 'both probes');
    answer.open();
    await Promise.all(probes);
    expect(transitions(changes)).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
    expect(server.received.map((r) => r.path).slice(4)).toEqual(['/things/p1', '/things/p2']);
  });

  test('4xx answers and cancelled calls are not failures; the ratio counts only the window', async () => {
    const { api, clock, changes } = breakerClient();
    server.handle(json(404, { message: 'nope' }));
    for (let i = 0; i < 6; i++) await expect(api.get(String(i))).rejects.toMatchObject({ status: 404 });
    server.handle(failing);
    // 6 successes (404s) + 5 failures: 5/11 < 0.5, still closed.
    for (let i = 0; i < 5; i++) await expect(api.get(`f${i}`)).rejects.toMatchObject({ status: 500 });
    expect(changes).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    await expect(api.get('c', { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(changes).toEqual([]);
    // windowMs later every one of those calls has left the window: one failure alone is < minimumCalls.
    await clock.advance(10_000);
    await expect(api.get('f5')).rejects.toMatchObject({ status: 500 });
    expect(changes).toEqual([]);
    for (let i = 6; i < 9; i++) await expect(api.get(`f${i}`)).rejects.toMatchObject({ status: 500 });
    expect(transitions(changes)).toEqual(['closed→open']);
  });

  test('network errors and timeouts are failures', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const { api, changes } = breakerClient({ baseURL: deadUrl, timeout: 200 });
    for (let i = 0; i < 4; i++)
      await expect(api.get(String(i))).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(transitions(changes)).toEqual(['closed→open']);

    // Its own server: requests it never answers must not show up in the next test's server log.
    const silent = await startServer(() => undefined);
    try {
      // Attempt timeouts run on a clock with timer(): the wall clock here, so they fire unattended.
      const slow = breakerClient({ baseURL: silent.url, timeout: 50, clock: undefined });
      for (let i = 0; i < 4; i++)
        await expect(slow.api.get(String(i))).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(transitions(slow.changes)).toEqual(['closed→open']);
    } finally {
      await silent.close();
    }
  });

  test('@CircuitBreaker(false) bypasses it; other origins have their own breaker; derived clients share it', async () => {
    const { client, api, changes } = breakerClient();
    server.handle(failing);
    for (let i = 0; i < 4; i++) await expect(api.get(String(i))).rejects.toMatchObject({ status: 500 });
    expect(transitions(changes)).toEqual(['closed→open']);
    const derived = client.with({ headers: { 'x-tenant': 't1' } }).create(Things);
    await expect(derived.get('d')).rejects.toBeInstanceOf(CircuitOpenError);
    // Opted out: sent even though the circuit is open.
    server.handle(healthy);
    await expect(api.health()).resolves.toEqual({ ok: true });
    const other = await startServer();
    try {
      await expect(api.at(`${other.url}/elsewhere`)).resolves.toEqual({ ok: true });
      expect(other.received).toHaveLength(1);
    } finally {
      await other.close();
    }
    expect(server.received.map((r) => r.path).slice(4)).toEqual(['/health']);
  });

  test('off unless configured; bad options are a DeclarationError at construction', async () => {
    server.handle(failing);
    const api = createClient(Things, { baseURL: server.url, retry: false });
    for (let i = 0; i < 30; i++) await expect(api.get(String(i))).rejects.toMatchObject({ status: 500 });
    expect(server.received).toHaveLength(30);
    expect(() => new RestClient({ circuitBreaker: { ...BREAKER, failureRatio: 2 } })).toThrow(
      DeclarationError,
    );
    expect(() => new RestClient({ circuitBreaker: { ...BREAKER, minimumCalls: 0 } })).toThrow(
      /RestClient: circuitBreaker: minimumCalls must be a whole number ≥ 1, got 0/,
    );
    expect(() => new RestClient({ circuitBreaker: { ...BREAKER, openMs: -1 } })).toThrow(/openMs/);
  });
});
