import 'reflect-metadata';
import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { CallOptions, CancelledError, Get, TimeoutError, createClient, declared } from 'restfit';
import { AttemptAbort } from '../../lib/pipeline/attempt-guard';
import { json, startServer, type TestServer } from '../support/test-server';

// Which abort signal axios gets for an attempt (lib/pipeline/attempt-guard.ts, invariant 4): a light
// one where only axios's own adapters (or restfit's) see it, a real AbortSignal wherever other code may.

class Api {
  @Get('/x')
  get(@CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** An answer after `ms`, so a call can be aborted or time out while it waits. */
const after = (ms: number) => (_req: unknown, res: import('node:http').ServerResponse) =>
  void setTimeout(() => json(200, { ok: true })(undefined as never, res, undefined as never), ms);

/** The signals axios's request configs carried, as the response interceptor saw them. */
function signalsSeen(instance: ReturnType<typeof axios.create>): unknown[] {
  const seen: unknown[] = [];
  instance.interceptors.response.use((response) => {
    seen.push(response.config.signal);
    return response;
  });
  return seen;
}

test("axios's own http adapter gets the light signal, and an abort in flight still cancels the call", async () => {
  const instance = axios.create();
  const seen = signalsSeen(instance);
  const api = createClient(Api, { baseURL: server.url, axios: instance });
  await api.get();
  expect(seen).toHaveLength(1);
  expect(seen[0]).toBeInstanceOf(AttemptAbort);
  expect(seen[0]).not.toBeInstanceOf(AbortSignal);

  server.handle(after(5_000));
  const controller = new AbortController();
  const call = api.get({ signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 100));
  controller.abort();
  await expect(call).rejects.toBeInstanceOf(CancelledError);
});

test('the light signal still ends an attempt at its timeout', async () => {
  server.handle(after(5_000));
  const api = createClient(Api, { baseURL: server.url, timeout: 150 });
  const started = Date.now();
  await expect(api.get()).rejects.toBeInstanceOf(TimeoutError);
  expect(Date.now() - started).toBeLessThan(2_000);
});

test('a custom adapter gets a real AbortSignal (fetch and AbortSignal.any take no other), and it cancels', async () => {
  const http = axios.getAdapter('http');
  const kinds: boolean[] = [];
  const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
    kinds.push(config.signal instanceof AbortSignal);
    // What a fetch-based adapter would do with it: throws a TypeError for anything but an AbortSignal.
    const signal = AbortSignal.any([config.signal as AbortSignal]);
    return http({ ...config, signal });
  };
  const api = createClient(Api, { baseURL: server.url, axios: axios.create({ adapter }), timeout: 150 });
  await expect(api.get()).resolves.toEqual({ ok: true });
  server.handle(after(5_000));
  await expect(api.get()).rejects.toBeInstanceOf(TimeoutError);
  // Every attempt (the timed-out GET is retried) got one.
  expect(kinds.length).toBeGreaterThanOrEqual(2);
  expect(new Set(kinds)).toEqual(new Set([true]));
});

test('an axios request interceptor on the instance sees a real AbortSignal', async () => {
  const instance = axios.create();
  const kinds: boolean[] = [];
  const id = instance.interceptors.request.use((config) => {
    kinds.push(config.signal instanceof AbortSignal);
    return config;
  });
  const api = createClient(Api, { baseURL: server.url, axios: instance });
  await api.get();
  // Once it is ejected, nothing but axios's adapter sees the signal again.
  instance.interceptors.request.eject(id);
  const seen = signalsSeen(instance);
  await api.get();
  expect(kinds).toEqual([true]);
  expect(seen[0]).toBeInstanceOf(AttemptAbort);
});

describe('AttemptAbort', () => {
  test('calls each listener once, in the order added, with an abort event; removed ones are not called', () => {
    const abort = new AttemptAbort();
    const calls: string[] = [];
    const first = (event: { type: string }) => calls.push(`first ${event.type}`);
    const second = () => calls.push('second');
    const removed = () => calls.push('removed');
    abort.addEventListener('abort', first);
    abort.addEventListener('abort', first);
    abort.addEventListener('abort', second);
    abort.addEventListener('abort', removed);
    abort.removeEventListener('abort', removed);
    expect(abort.signal).toBe(abort);
    expect(abort.aborted).toBe(false);
    abort.abort();
    abort.abort();
    expect(calls).toEqual(['first abort', 'second']);
    expect(abort.aborted).toBe(true);
    expect((abort.reason as DOMException).name).toBe('AbortError');
  });

  test('keeps a given reason, and a listener added after the abort is never called', () => {
    const abort = new AttemptAbort();
    const reason = new Error('why');
    abort.abort(reason);
    const late = jest.fn();
    abort.addEventListener('abort', late);
    expect(abort.reason).toBe(reason);
    expect(late).not.toHaveBeenCalled();
  });

  test('a listener that throws does not stop the others; its error is reported, not swallowed', () => {
    const abort = new AttemptAbort();
    const after = jest.fn();
    abort.addEventListener('abort', () => {
      throw new Error('listener failed');
    });
    abort.addEventListener('abort', after);
    // Reported as an EventTarget reports it: thrown again from a microtask (an uncaught exception).
    const scheduled: (() => void)[] = [];
    const queue = jest
      .spyOn(globalThis, 'queueMicrotask')
      .mockImplementation((task) => void scheduled.push(task));
    try {
      abort.abort();
    } finally {
      queue.mockRestore();
    }
    expect(after).toHaveBeenCalledTimes(1);
    expect(scheduled).toHaveLength(1);
    expect(() => scheduled[0]()).toThrow('listener failed');
  });
});
