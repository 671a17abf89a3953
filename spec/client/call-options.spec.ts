import 'reflect-metadata';
import { CallOptions, CancelledError, Get, RequestError, bearerAuth, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

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

test('call options that are not an object are a RequestError; nothing is sent', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await expect(api.get('fast' as never)).rejects.toThrow(
    new RequestError('Api.get: @CallOptions() (parameter 0 "options"): expected a CallOptions object'),
  );
  expect(server.received).toHaveLength(0);
});

test('CR/LF in a per-call header, or an invalid name, is a RequestError; nothing is sent', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await expect(api.get({ headers: { 'X-A': 'a\r\nX-B: b' } })).rejects.toThrow(
    'Api.get: @CallOptions() headers: header "X-A" contains CR, LF or NUL',
  );
  await expect(api.get({ headers: { 'X A': 'v' } })).rejects.toThrow(
    'Api.get: @CallOptions() headers: invalid header name "X A"',
  );
  expect(server.received).toHaveLength(0);
});

test('an already aborted signal cancels before anything is sent', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await expect(api.get({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  expect(server.received).toHaveLength(0);
});

test('auth: false sends no credentials for this call only', async () => {
  const api = createClient(Api, { baseURL: server.url, auth: bearerAuth('tok') });
  await api.get({ auth: false });
  await api.get();
  expect(server.received.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer tok']);
});

test('auth: a provider name picks that provider for this call; an unknown name is a RequestError', async () => {
  const api = createClient(Api, {
    baseURL: server.url,
    auth: { default: bearerAuth('user'), admin: bearerAuth('admin') },
  });
  await api.get({ auth: 'admin' });
  await api.get();
  expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer admin', 'Bearer user']);
  await expect(api.get({ auth: 'root' })).rejects.toBeInstanceOf(RequestError);
  expect(server.received).toHaveLength(2);
});

test('auth copies the query for its attempt without losing a "__proto__" parameter an interceptor set', async () => {
  // The auth step works on a copy of the request's headers and query; a copy made by plain assignment
  // would turn an own "__proto__" key into a prototype and drop it.
  const api = createClient(Api, {
    baseURL: server.url,
    headers: { 'x-client': 'c' },
    auth: bearerAuth('tok'),
    interceptors: [
      (request, next) => {
        request.query = JSON.parse('{"__proto__": "p", "a": "1"}');
        return next(request);
      },
    ],
  });
  await api.get();
  expect(server.received.map((r) => [r.url, r.headers['x-client'], r.headers.authorization])).toEqual([
    ['/x?__proto__=p&a=1', 'c', 'Bearer tok'],
  ]);
});
