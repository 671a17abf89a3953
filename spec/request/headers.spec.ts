import 'reflect-metadata';
import { Body, Get, Header, HeaderMap, Headers, Post, RequestError, createClient, declared } from 'restfit';
import { startServer, type Received, type TestServer } from '../support/test-server';

@Headers({ 'X-Class': 'class', 'X-Shared': 'from-class', Accept: 'application/vnd.class+json' })
class Api {
  @Get('/plain')
  plain(): Promise<unknown> {
    return declared();
  }

  @Get('/merged')
  @Headers({ 'x-shared': 'from-method', 'X-Method': 'method' })
  merged(): Promise<unknown> {
    return declared();
  }

  @Get('/param')
  param(@Header('X-Trace') trace?: unknown, @HeaderMap() extra?: Record<string, unknown>): Promise<unknown> {
    return declared();
  }

  @Post('/typed')
  typed(@Body() body: unknown, @Header('content-type') type?: string): Promise<unknown> {
    return declared();
  }

  @Post('/declared-type')
  @Headers({ 'CONTENT-TYPE': 'application/merge-patch+json' })
  declaredType(@Body() body: unknown): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Api, {
    baseURL: server.url,
    headers: { 'X-Client': 'client', 'x-shared': 'from-client' },
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];
/** How many times a header name arrived, whatever its case. */
const count = (r: Received, name: string) =>
  r.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length;

test('client, class and method headers merge; the nearer one wins', async () => {
  await api.merged();
  const h = last().headers;
  expect(h['x-client']).toBe('client');
  expect(h['x-class']).toBe('class');
  expect(h['x-method']).toBe('method');
  expect(h['x-shared']).toBe('from-method');
  expect(h.accept).toBe('application/vnd.class+json');
  expect(count(last(), 'x-shared')).toBe(1);
  expect(count(last(), 'accept')).toBe(1);
  await api.plain();
  expect(last().headers['x-shared']).toBe('from-class');
  expect(last().headers['x-method']).toBeUndefined();
});

test('a @Header parameter of "content-type" replaces the default content type, never duplicates it', async () => {
  await api.typed({ a: 1 }, 'application/vnd.api+json');
  expect(last().headers['content-type']).toBe('application/vnd.api+json');
  expect(count(last(), 'content-type')).toBe(1);
  expect(last().body.toString()).toBe('{"a":1}');
});

test('an @Headers "CONTENT-TYPE" replaces the default content type', async () => {
  await api.declaredType({ a: 1 });
  expect(last().headers['content-type']).toBe('application/merge-patch+json');
  expect(count(last(), 'content-type')).toBe(1);
});

test('an undefined or null optional @Header is skipped, and does not crash', async () => {
  await api.param(undefined);
  await api.param(null);
  for (const r of server.received) expect(r.headers['x-trace']).toBeUndefined();
  expect(server.received).toHaveLength(2);
});

test('0, false and "" are sent in @Header and @HeaderMap; undefined and null are skipped', async () => {
  await api.param(0, { 'X-False': false, 'X-Empty': '', 'X-Undefined': undefined, 'X-Null': null });
  const h = last().headers;
  expect(h['x-trace']).toBe('0');
  expect(h['x-false']).toBe('false');
  expect(h['x-empty']).toBe('');
  expect(count(last(), 'x-empty')).toBe(1);
  expect(count(last(), 'x-undefined')).toBe(0);
  expect(count(last(), 'x-null')).toBe(0);
});

test('Dates are ISO 8601 and arrays are joined with ", "', async () => {
  await api.param(new Date(Date.UTC(2020, 5, 1)), { 'X-List': ['a', 'b'] });
  expect(last().headers['x-trace']).toBe('2020-06-01T00:00:00.000Z');
  expect(last().headers['x-list']).toBe('a, b');
});

test('@HeaderMap names are case-insensitive: one value per name, the later one wins', async () => {
  await api.param('param', { 'x-trace': 'map', 'X-CLIENT': 'map-client' });
  expect(last().headers['x-trace']).toBe('map');
  expect(last().headers['x-client']).toBe('map-client');
  expect(count(last(), 'x-client')).toBe(1);
});

describe('header injection is refused before anything is sent', () => {
  test.each([
    ['CR LF', 'a\r\nX-Injected: 1'],
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['NUL', 'a\0b'],
  ])('%s in a @Header value', async (_what, value) => {
    await expect(api.param(value)).rejects.toThrow(
      new RequestError(
        `Api.param: @Header('X-Trace') (parameter 0 "trace"): header "X-Trace" contains CR, LF or NUL`,
      ),
    );
    expect(server.received).toHaveLength(0);
  });

  test('CR/LF in a @HeaderMap value', async () => {
    await expect(api.param(undefined, { 'X-A': 'ok\r\nX-B: injected' })).rejects.toThrow(
      `Api.param: @HeaderMap() (parameter 1 "extra"): header "X-A" contains CR, LF or NUL`,
    );
    expect(server.received).toHaveLength(0);
  });

  test.each(['X A', 'X:A', 'X\r\nA', '', 'é'])('an invalid @HeaderMap name %j', async (name) => {
    await expect(api.param(undefined, { [name]: 'v' })).rejects.toThrow(
      `Api.param: @HeaderMap() (parameter 1 "extra"): invalid header name ${JSON.stringify(name)}`,
    );
    expect(server.received).toHaveLength(0);
  });

  test('a character Node cannot send in a header is a RequestError, not a network error', async () => {
    await expect(api.param('snowman ☃')).rejects.toBeInstanceOf(RequestError);
    expect(server.received).toHaveLength(0);
  });
});
