import 'reflect-metadata';
import axios, { type AxiosInstance } from 'axios';
import { Body, Get, Headers, Post, Query, RestClient, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Api {
  @Get('/items')
  list(@Query('page') page?: number): Promise<unknown> {
    return declared();
  }

  @Post('/items')
  @Headers({ 'X-Method': 'm' })
  create(@Body() body: unknown): Promise<unknown> {
    return declared();
  }
}

/** Everything observable about an axios instance's configuration, for before/after comparison. */
function snapshot(instance: AxiosInstance) {
  const handlers = (manager: unknown) => (manager as { handlers: unknown[] }).handlers.filter(Boolean).length;
  return {
    defaults: JSON.stringify(instance.defaults),
    headers: JSON.stringify(instance.defaults.headers),
    transformRequest: instance.defaults.transformRequest,
    transformResponse: instance.defaults.transformResponse,
    adapter: instance.defaults.adapter,
    validateStatus: instance.defaults.validateStatus,
    requestInterceptors: handlers(instance.interceptors.request),
    responseInterceptors: handlers(instance.interceptors.response),
  };
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('a user-supplied axios instance', () => {
  let instance: AxiosInstance;
  let responsesSeen: number;

  beforeEach(() => {
    responsesSeen = 0;
    instance = axios.create({
      baseURL: server.url,
      headers: { 'X-Instance': 'inst', 'X-Shared': 'inst' },
      timeout: 4321,
    });
    let n = 0;
    instance.interceptors.request.use((config) => {
      config.headers.set('X-Intercepted', String(++n));
      return config;
    });
    instance.interceptors.response.use((response) => {
      responsesSeen++;
      return response;
    });
  });

  test('is used: its baseURL, headers and interceptors apply on every call', async () => {
    const api = createClient(Api, { axios: instance, headers: { 'x-shared': 'client' } });
    for (let i = 0; i < 5; i++) await api.list(i);
    await api.create({ a: 1 });
    expect(server.received).toHaveLength(6);
    expect(server.received.map((r) => r.headers['x-intercepted'])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(responsesSeen).toBe(6);
    for (const r of server.received) {
      expect(r.headers['x-instance']).toBe('inst');
      // client option beats axios defaults, and the name arrives once
      expect(r.headers['x-shared']).toBe('client');
      expect(r.rawHeaders.filter((h) => h.toLowerCase() === 'x-shared')).toHaveLength(1);
    }
    expect(server.received[5].headers['x-method']).toBe('m');
  });

  test('is never mutated: defaults and interceptors are the same after many calls', async () => {
    const before = snapshot(instance);
    const client = new RestClient({
      axios: instance,
      headers: { 'X-Client': 'c' },
      timeout: 1000,
      retry: false,
    });
    const api = client.create(Api);
    const derived = client.with({ headers: { 'X-Derived': 'd' } }).create(Api);
    await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 2 ? api.list(i) : derived.create({ i }))));
    expect(server.received).toHaveLength(25);
    expect(snapshot(instance)).toEqual(before);
    expect(instance.defaults.headers['X-Client' as never]).toBeUndefined();
    expect(instance.defaults.timeout).toBe(4321);
  });

  test('its timeout is the last default, used when no client option sets one', async () => {
    const seen: number[] = [];
    const options = {
      axios: instance,
      interceptors: [
        async (request: { timeout: number }, next: (r: never) => Promise<never>) => {
          seen.push(request.timeout);
          return next(request as never);
        },
      ],
    };
    await createClient(Api, options as never).list();
    await createClient(Api, { ...options, timeout: 99 } as never).list();
    expect(seen).toEqual([4321, 99]);
  });

  test('a client baseURL option beats the instance baseURL', async () => {
    const elsewhere = axios.create({ baseURL: 'http://127.0.0.1:1/never' });
    await createClient(Api, { axios: elsewhere, baseURL: `${server.url}/v2` }).list();
    expect(server.received[0].path).toBe('/v2/items');
  });
});

describe('global axios state', () => {
  test('the default axios instance is neither used nor changed by restfit clients', async () => {
    const before = snapshot(axios);
    let globalCalls = 0;
    const probe = axios.interceptors.request.use((config) => {
      globalCalls++;
      return config;
    });
    try {
      const api = createClient(Api, { baseURL: server.url, headers: { 'X-Client': 'c' }, timeout: 5000 });
      await api.list(1);
      await api.create({ b: 2 });
      expect(server.received).toHaveLength(2);
      expect(globalCalls).toBe(0);
    } finally {
      axios.interceptors.request.eject(probe);
    }
    expect(snapshot(axios)).toEqual(before);
  });

  test('interceptors of one client never run for another', async () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    const a = createClient(Api, {
      baseURL: server.url,
      interceptors: [async (r, next) => (seenA.push(r.url), next(r))],
    });
    const b = createClient(Api, {
      baseURL: server.url,
      interceptors: [async (r, next) => (seenB.push(r.url), next(r))],
    });
    const plain = createClient(Api, { baseURL: server.url });
    await a.list();
    await b.list();
    await b.list();
    await plain.list();
    expect(seenA).toHaveLength(1);
    expect(seenB).toHaveLength(2);
  });
});
