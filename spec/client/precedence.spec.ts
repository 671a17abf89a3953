import 'reflect-metadata';
import axios from 'axios';
import {
  CallOptions,
  Get,
  Header,
  Headers,
  TimeoutError,
  Timeout,
  createClient,
  declared,
  type ApiRequest,
  type Interceptor,
} from 'restfit';
import { hang, startServer, type TestServer } from '../support/test-server';

@Headers({ 'X-Level': 'class', 'X-Class': 'c' })
@Timeout(3000)
class Api {
  @Get('/class-level')
  classLevel(@CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }

  @Get('/method-level')
  @Headers({ 'x-level': 'method' })
  @Timeout(4000)
  methodLevel(@CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }

  @Get('/param')
  @Headers({ 'X-Level': 'method' })
  withParam(@Header('X-Level') level?: string, @CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }
}

class Bare {
  @Get('/bare')
  bare(@CallOptions() options?: CallOptions): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
const timeouts: number[] = [];
const recordTimeout: Interceptor = async (request: ApiRequest, next) => {
  timeouts.push(request.timeout);
  return next(request);
};
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  timeouts.length = 0;
});

const instance = axios.create({ headers: { 'X-Level': 'axios', 'X-Axios': 'a' }, timeout: 1000 });
const level = () => server.received.map((r) => r.headers['x-level']);

test('headers: per call > method > class > client > axios defaults', async () => {
  const bare = createClient(Bare, { baseURL: server.url, axios: instance });
  const api = createClient(Api, { baseURL: server.url, axios: instance, headers: { 'x-level': 'client' } });
  const bareWithClient = createClient(Bare, {
    baseURL: server.url,
    axios: instance,
    headers: { 'X-LEVEL': 'client' },
  });
  await bare.bare();
  await bareWithClient.bare();
  await api.classLevel();
  await api.methodLevel();
  await api.methodLevel({ headers: { 'X-Level': 'call' } });
  expect(level()).toEqual(['axios', 'client', 'class', 'method', 'call']);
  for (const r of server.received) {
    expect(r.rawHeaders.filter((h) => h.toLowerCase() === 'x-level')).toHaveLength(1);
    expect(r.headers['x-axios']).toBe('a');
  }
});

test('a @Header argument beats @Headers; @CallOptions headers beat both', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.withParam('param');
  await api.withParam('param', { headers: { 'x-level': 'call' } });
  await api.withParam(undefined);
  expect(level()).toEqual(['param', 'call', 'method']);
});

test('a @CallOptions header set to undefined removes a lower-level header', async () => {
  const api = createClient(Api, { baseURL: server.url, headers: { 'X-Client': 'c' } });
  await api.methodLevel({ headers: { 'X-Level': undefined, 'x-client': undefined } });
  expect(server.received[0].headers['x-level']).toBeUndefined();
  expect(server.received[0].headers['x-client']).toBeUndefined();
  expect(server.received[0].headers['x-class']).toBe('c');
});

test("a @CallOptions header set to undefined removes it at every level, the axios instance's defaults included", async () => {
  const api = createClient(Api, { baseURL: server.url, axios: instance, headers: { 'X-Client': 'c' } });
  const bare = createClient(Bare, { baseURL: server.url, axios: instance });
  await api.methodLevel({ headers: { 'X-Level': undefined, 'X-AXIOS': undefined } });
  await bare.bare({ headers: { 'x-level': undefined } });
  await bare.bare();
  const [removedEverywhere, removedFromAxios, untouched] = server.received;
  for (const name of ['x-level', 'x-axios']) expect(removedEverywhere.headers[name]).toBeUndefined();
  expect(removedEverywhere.headers).toMatchObject({ 'x-client': 'c', 'x-class': 'c' });
  expect(removedFromAxios.headers['x-level']).toBeUndefined();
  expect(removedFromAxios.headers['x-axios']).toBe('a');
  // The instance itself is untouched, and the next call sends its defaults again.
  expect(untouched.headers).toMatchObject({ 'x-level': 'axios', 'x-axios': 'a' });
  expect(instance.defaults.headers).toMatchObject({ 'X-Level': 'axios', 'X-Axios': 'a' });
});

test("a header removed per call but set again by an interceptor is sent with the interceptor's value", async () => {
  const setAgain: Interceptor = (request, next) =>
    next({ ...request, headers: { ...request.headers, 'x-level': 'step' } });
  const bare = createClient(Bare, { baseURL: server.url, axios: instance, interceptors: [setAgain] });
  await bare.bare({ headers: { 'X-Level': undefined } });
  expect(server.received[0].rawHeaders.filter((h) => h.toLowerCase() === 'x-level')).toHaveLength(1);
  expect(server.received[0].headers['x-level']).toBe('step');
});

test('per-call headers never leak into the next call', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.methodLevel({ headers: { 'X-Once': '1' } });
  await api.methodLevel();
  expect(server.received[0].headers['x-once']).toBe('1');
  expect(server.received[1].headers['x-once']).toBeUndefined();
});

test('timeouts: per call > method > class > client > axios defaults', async () => {
  const interceptors = [recordTimeout];
  await createClient(Bare, { baseURL: server.url, axios: instance, interceptors }).bare();
  await createClient(Bare, { baseURL: server.url, axios: instance, interceptors, timeout: 2000 }).bare();
  const api = createClient(Api, { baseURL: server.url, axios: instance, interceptors, timeout: 2000 });
  await api.classLevel();
  await api.methodLevel();
  await api.methodLevel({ timeout: 5000 });
  await api.methodLevel({ timeout: 0 });
  expect(timeouts).toEqual([1000, 2000, 3000, 4000, 5000, 0]);
  await createClient(Bare, { baseURL: server.url, interceptors }).bare();
  expect(timeouts[6]).toBe(30_000);
});

test('a per-call timeout really bounds the attempt', async () => {
  server.handle(hang);
  const api = createClient(Api, { baseURL: server.url });
  const error = await api.methodLevel({ timeout: 40, retry: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TimeoutError);
  expect((error as TimeoutError).message).toBe('No complete response within the 40 ms timeout');
  expect(server.received).toHaveLength(1);
});

test("per-call responseMode: 'full' resolves an ApiResponse", async () => {
  const api = createClient(Api, { baseURL: server.url });
  const full = (await api.classLevel({ responseMode: 'full' })) as {
    ok: boolean;
    status: number;
    data: unknown;
  };
  expect(full).toMatchObject({ ok: true, status: 200, data: { ok: true } });
  expect(await api.classLevel()).toEqual({ ok: true });
});

test("maxContentLength and maxRedirects: the client's option > the axios instance's defaults > restfit's", async () => {
  const small = axios.create({ maxContentLength: 1000, maxRedirects: 0 });
  server.handle((req, res) => {
    if (req.path === '/bare') res.writeHead(302, { location: '/big' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
  });
  const fromAxios = createClient(Bare, { baseURL: server.url, axios: small, retry: false });
  await expect(fromAxios.bare({ responseMode: 'full' })).resolves.toMatchObject({ status: 302 });

  const following = createClient(Bare, { baseURL: server.url, axios: small, retry: false, maxRedirects: 1 });
  await expect(following.bare()).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });

  const generous = createClient(Bare, {
    baseURL: server.url,
    axios: small,
    retry: false,
    maxRedirects: 1,
    maxContentLength: 10_000,
  });
  await expect(generous.bare()).resolves.toHaveLength(5000);
  expect(server.received.map((r) => r.path)).toEqual(['/bare', '/bare', '/big', '/bare', '/big']);
});
