/**
 * One regression test per bug seen in ts-retrofit on a real server (ARCHITECTURE.md, "What the peers got wrong").
 */
import 'reflect-metadata';
import {
  Body,
  CallOptions,
  Field,
  FormUrlEncoded,
  Get,
  Header,
  HeaderMap,
  Headers,
  Path,
  Post,
  QueryMap,
  RestClient,
  createClient,
  declared,
  type ApiRequest,
  type Next,
} from 'restfit';
import { startServer, type Received, type TestServer } from '../support/test-server';

class Api {
  @Get('/search')
  @Headers({ 'X-Static': 's' })
  search(
    @QueryMap() query?: Record<string, unknown>,
    @HeaderMap() headers?: Record<string, unknown>,
    @CallOptions() options?: CallOptions,
  ): Promise<unknown> {
    return declared();
  }

  @Get('/files/{name}')
  file(@Path('name') name: string, @Header('X-Optional') optional?: string): Promise<unknown> {
    return declared();
  }

  @Post('/text')
  text(@Body() body: unknown, @Header('content-type') type?: string): Promise<unknown> {
    return declared();
  }

  @Post('/login')
  @FormUrlEncoded()
  @Headers({ 'X-Form-Header': 'kept', Accept: 'application/json' })
  login(@Field('user') user: string): Promise<unknown> {
    return declared();
  }

  async helper(name: string): Promise<unknown> {
    return this.file(name);
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];

test('per-call query maps and headers never reappear in the next call', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.search({ a: '1' }, { 'X-Per-Call': 'first' }, { headers: { 'X-Call-Option': 'first' } });
  await api.search();
  await api.search({ b: '2' });
  expect(server.received.map((r) => r.rawQuery)).toEqual(['a=1', '', 'b=2']);
  expect(server.received[1].headers['x-per-call']).toBeUndefined();
  expect(server.received[1].headers['x-call-option']).toBeUndefined();
  expect(server.received[1].headers['x-static']).toBe('s');
  // the caller's own objects are untouched
  const query = { c: '3' };
  await api.search(query);
  expect(query).toEqual({ c: '3' });
});

test('interceptors never leak across clients or services', async () => {
  class Other {
    @Get('/other')
    other(): Promise<unknown> {
      return declared();
    }
  }
  const seen: string[] = [];
  const mark = (name: string) => async (request: ApiRequest, next: Next) => {
    seen.push(`${name}:${request.endpoint.service}`);
    request.headers['x-marked-by'] = name;
    return next(request);
  };
  const first = new RestClient({ baseURL: server.url, interceptors: [mark('first')] });
  const second = new RestClient({ baseURL: server.url });
  await first.create(Api).search();
  await first.create(Other).other();
  await second.create(Api).search();
  await second.create(Other).other();
  await createClient(Api, { baseURL: server.url }).search();
  expect(seen).toEqual(['first:Api', 'first:Other']);
  expect(server.received.map((r) => r.headers['x-marked-by'])).toEqual([
    'first',
    'first',
    undefined,
    undefined,
    undefined,
  ]);
});

test('0, false and "" in maps are sent, not dropped', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.search({ zero: 0, no: false, empty: '' }, { 'X-Zero': 0, 'X-No': false, 'X-Empty': '' });
  expect(last().rawQuery).toBe('zero=0&no=false&empty=');
  expect(last().headers).toMatchObject({ 'x-zero': '0', 'x-no': 'false', 'x-empty': '' });
});

test('an undefined optional @Header does not crash and is not sent', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.file('a');
  expect(last().headers['x-optional']).toBeUndefined();
  expect(last().rawHeaders.map((h) => h.toLowerCase())).not.toContain('x-optional');
});

test('@Body "abc" is sent as abc, not {"0":"a","1":"b","2":"c"}', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.text('abc');
  expect(last().body.toString()).toBe('abc');
});

test('Content-Type is matched case-insensitively: one header, the declared value', async () => {
  const api = createClient(Api, { baseURL: server.url, headers: { 'CONTENT-TYPE': 'application/x-client' } });
  await api.text('abc', 'text/csv');
  expect(last().rawHeaders.filter((h) => h.toLowerCase() === 'content-type')).toHaveLength(1);
  expect(last().headers['content-type']).toBe('text/csv');
  await api.text('abc');
  expect(last().headers['content-type']).toBe('application/x-client');
});

test('@Headers together with @FormUrlEncoded: both the headers and the form arrive', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.login('ada');
  expect(last().headers).toMatchObject({
    'x-form-header': 'kept',
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  });
  expect(last().body.toString()).toBe('user=ada');
});

test('helper methods keep working with `this` = the client', async () => {
  const api = createClient(Api, { baseURL: server.url });
  await api.helper('x y');
  expect(last().path).toBe('/files/x%20y');
});

test("a subclass never corrupts its parent's metadata", async () => {
  class Child extends Api {
    @Get('/child/{name}')
    @Headers({ 'X-Static': 'child' })
    override file(@Path('name') name: string): Promise<unknown> {
      return declared();
    }
  }
  await createClient(Child, { baseURL: server.url }).file('c');
  await createClient(Api, { baseURL: server.url }).file('p', 'opt');
  expect(server.received.map((r) => [r.path, r.headers['x-static'], r.headers['x-optional']])).toEqual([
    ['/child/c', 'child', undefined],
    ['/files/p', undefined, 'opt'],
  ]);
});

test.each([
  ['a/b?c#d', '/files/a%2Fb%3Fc%23d'],
  ['%2e%2e', '/files/%252e%252e'],
  ['é', '/files/%C3%A9'],
  ['a b', '/files/a%20b'],
])('path value %j is encoded as %s', async (value, path) => {
  await createClient(Api, { baseURL: server.url }).file(value);
  expect(last().path).toBe(path);
});

test('a path value of ".." is refused and nothing is sent', async () => {
  await expect(createClient(Api, { baseURL: server.url }).file('..')).rejects.toThrow(/path traversal/);
  expect(server.received).toHaveLength(0);
});

test('importing restfit does not touch the global axios defaults or interceptors', () => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require('axios').default as typeof import('axios').default;
    const count = (m: unknown) => (m as { handlers: unknown[] }).handlers.length;
    const before = {
      defaults: JSON.stringify(axios.defaults),
      adapter: axios.defaults.adapter,
      transformRequest: axios.defaults.transformRequest,
      request: count(axios.interceptors.request),
      response: count(axios.interceptors.response),
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const restfit = require('restfit') as typeof import('restfit');
    restfit.createClient(Api, { baseURL: server.url });
    expect({
      defaults: JSON.stringify(axios.defaults),
      adapter: axios.defaults.adapter,
      transformRequest: axios.defaults.transformRequest,
      request: count(axios.interceptors.request),
      response: count(axios.interceptors.response),
    }).toEqual(before);
  });
});
