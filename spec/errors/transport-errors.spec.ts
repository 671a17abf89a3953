import 'reflect-metadata';
import { AxiosError, isAxiosError } from 'axios';
import { ApiError, CallOptions, Get, NetworkError, TimeoutError, createClient, declared } from 'restfit';
import { rejection } from '../support/rejection';
import { hang, freePort, reset, startServer, type TestServer } from '../support/test-server';

class Api {
  @Get('/data') get(@CallOptions() _options?: CallOptions): Promise<any> {
    return declared();
  }
}

function expectNoAxiosError(error: unknown): void {
  expect(error).toBeInstanceOf(ApiError);
  expect(error).not.toBeInstanceOf(AxiosError);
  expect(isAxiosError(error)).toBe(false);
  let cause = (error as Error).cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    expect(cause).not.toBeInstanceOf(AxiosError);
    expect(isAxiosError(cause)).toBe(false);
    expect((cause as { config?: unknown }).config).toBeUndefined();
    cause = (cause as Error).cause;
  }
}

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Api, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

test('a refused connection is NetworkError kind connect, status 0, with the Node error as cause', async () => {
  const port = await freePort();
  const client = createClient(Api, { baseURL: `http://127.0.0.1:${port}/v1`, retry: false });
  const error = await rejection<NetworkError>(client.get());
  expect(error).toBeInstanceOf(NetworkError);
  expect(error).toMatchObject({ code: 'NETWORK_ERROR', kind: 'connect', status: 0, attempts: 1 });
  expect(error.elapsedMs).toBeGreaterThanOrEqual(0);
  expect(error.request).toEqual({
    method: 'GET',
    url: `http://127.0.0.1:${port}/v1/data`,
    service: 'Api',
    operation: 'get',
  });
  expect(error.message).toBe(
    `Api.get: the connection was refused (ECONNREFUSED, GET http://127.0.0.1:${port}/v1/data)`,
  );
  expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  expectNoAxiosError(error);
});

test('a socket destroyed before any response is NetworkError kind reset', async () => {
  server.handle(reset);
  const error = await rejection<NetworkError>(api.get());
  expect(error).toBeInstanceOf(NetworkError);
  expect(error).toMatchObject({ kind: 'reset', status: 0, attempts: 1 });
  expectNoAxiosError(error);
});

test.each([
  ['with a Content-Length', { 'content-length': '4096' }],
  ['chunked', {}],
])(
  'a JSON body cut off mid-way by a socket reset (%s) is NetworkError, never partial data',
  async (_name, extra) => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...extra });
      res.write('{"items":[{"id":1},{"id":2},');
      setImmediate(() => res.socket?.destroy());
    });
    const error = await rejection<NetworkError>(api.get());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', kind: 'reset', attempts: 1 });
    expect(error.message).toBe(
      `Api.get: the connection was closed before the response was complete (GET ${server.url}/data)`,
    );
    expectNoAxiosError(error);
    // Full-response mode: not ok, no data.
    const full = await api.get({ responseMode: 'full' });
    expect(full).toMatchObject({ ok: false, status: 0, data: undefined });
    expect(full.error).toBeInstanceOf(NetworkError);
  },
);

test('an attempt timeout is TimeoutError, and its cause is no AxiosError', async () => {
  server.handle(hang);
  const error = await rejection<TimeoutError>(api.get({ timeout: 30 }));
  expect(error).toBeInstanceOf(TimeoutError);
  expect(error).toMatchObject({ code: 'TIMEOUT', status: 0, attempts: 1 });
  expect(error.request).toMatchObject({ service: 'Api', operation: 'get', url: `${server.url}/data` });
  expectNoAxiosError(error);
});
