import 'reflect-metadata';
import { CallOptions, CancelledError, Get, Path, TimeoutError, createClient, declared } from 'restfit';
import { hang, json, startServer, type TestServer } from '../support/test-server';
import { until } from './support/polling';

// Attempt timeouts share one timer per client (lib/pipeline/deadlines.ts): these pin down what that
// timer must still do when attempts with different timeouts overlap, and that it holds nothing when idle.

class Items {
  @Get('/items/{id}')
  get(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Timers that keep the process alive right now. */
function refTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

test('a short timeout that starts after a long one still fires on time', async () => {
  server.handle(hang);
  const api = createClient(Items, { baseURL: server.url, timeout: 10_000, retry: false });
  const controller = new AbortController();
  const long = api.get('long', { signal: controller.signal }).catch((e) => e);
  await until(() => server.received.length === 1, 'the first request');
  const started = Date.now();
  const short = await api.get('short', { timeout: 150 }).catch((e) => e);
  const elapsed = Date.now() - started;
  expect(short).toBeInstanceOf(TimeoutError);
  expect(elapsed).toBeGreaterThanOrEqual(140);
  expect(elapsed).toBeLessThan(1000);
  controller.abort();
  expect(await long).toBeInstanceOf(CancelledError);
});

test('overlapping attempts with the same timeout each time out, in order', async () => {
  server.handle(hang);
  const api = createClient(Items, { baseURL: server.url, timeout: 200, retry: false });
  const first = api.get('1').catch((e) => e);
  await new Promise((resolve) => setTimeout(resolve, 60));
  const started = Date.now();
  const second = api.get('2').catch((e) => e);
  expect(await first).toBeInstanceOf(TimeoutError);
  const firstDone = Date.now() - started;
  expect(await second).toBeInstanceOf(TimeoutError);
  const secondDone = Date.now() - started;
  expect(firstDone).toBeLessThan(190);
  expect(secondDone).toBeGreaterThanOrEqual(190);
  expect(secondDone).toBeLessThan(1000);
});

test('an idle client keeps no timer alive; the next call is guarded again', async () => {
  const before = refTimers();
  const api = createClient(Items, { baseURL: server.url, timeout: 30_000 });
  server.handle(json(200, { ok: true }));
  await expect(api.get('1')).resolves.toEqual({ ok: true });
  // Sockets may hold a timer for a moment; the client's 30 s deadline timer would hold one far longer.
  await until(() => refTimers() <= before, "no ref'd timer after an idle call");

  server.handle(hang);
  const started = Date.now();
  await expect(api.get('2', { timeout: 100 })).rejects.toBeInstanceOf(TimeoutError);
  expect(Date.now() - started).toBeLessThan(1000);
  await until(() => refTimers() <= before, "no ref'd timer after a timed-out call");
});
