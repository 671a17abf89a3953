import 'reflect-metadata';
import { BasePath, Get, Query, RequestError, RestClient, Url, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

@BasePath('/ignored-for-url')
class Links {
  @Get()
  follow(@Url() url: unknown, @Query('page') page?: number): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let other: TestServer;
let api: Links;
beforeAll(async () => {
  server = await startServer();
  other = await startServer();
  api = createClient(Links, { baseURL: `${server.url}/api/` });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.reset();
  other.reset();
});

test('an absolute @Url is used as is, with its query kept and @Query added', async () => {
  await api.follow(`${server.url}/next/page?cursor=abc%2Fdef&x=1`, 2);
  expect(server.received[0].path).toBe('/next/page');
  expect(server.received[0].rawQuery).toBe('cursor=abc%2Fdef&x=1&page=2');
});

test('an absolute @Url may name another origin explicitly', async () => {
  await api.follow(`${other.url}/elsewhere`);
  expect(other.received).toHaveLength(1);
  expect(other.received[0].path).toBe('/elsewhere');
  expect(server.received).toHaveLength(0);
});

test('a URL object is accepted', async () => {
  await api.follow(new URL(`${server.url}/obj`));
  expect(server.received[0].path).toBe('/obj');
});

test('a relative @Url resolves against the base URL like a link', async () => {
  await api.follow('items/1?x=1');
  await api.follow('/root');
  expect(server.received.map((r) => r.url)).toEqual(['/api/items/1?x=1', '/root']);
});

test('@Url works on a client without a baseURL', async () => {
  const bare = createClient(Links, {});
  await bare.follow(`${server.url}/bare`);
  expect(server.received[0].path).toBe('/bare');
  await expect(bare.follow('/relative')).rejects.toThrow(
    `Links.follow: @Url(): "/relative" is not a valid URL and no baseURL is set`,
  );
});

test.each([
  'ftp://127.0.0.1/x',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/plain,hi',
  'ws://127.0.0.1/x',
])('only http: and https: — %s is a RequestError and nothing is sent', async (url) => {
  const protocol = new URL(url).protocol;
  await expect(api.follow(url)).rejects.toThrow(
    new RequestError(`Links.follow: @Url(): only http: and https: URLs are allowed, got "${protocol}"`),
  );
  expect(server.received).toHaveLength(0);
});

test.each([
  ['ftp://127.0.0.1/x', 'RestClient: only http: and https: URLs are allowed, got "ftp:"'],
  ['/relative', 'RestClient: baseURL "/relative" is not an absolute URL'],
  [
    'http://127.0.0.1/api?key=1',
    'RestClient: baseURL "http://127.0.0.1/api?key=1" may not contain a query or fragment — use @Query or the headers option',
  ],
])('baseURL %j is refused when the client is made', (baseURL, message) => {
  expect(() => new RestClient({ baseURL })).toThrow(message);
});

test('CR/LF/NUL in a @Url is refused', async () => {
  for (const bad of [`${server.url}/a\r\nHost: evil`, `${server.url}/a\0`]) {
    await expect(api.follow(bad)).rejects.toThrow('Links.follow: @Url(): the URL contains CR, LF or NUL');
  }
  expect(server.received).toHaveLength(0);
});

test('a @Url that is not a string or URL is a RequestError', async () => {
  await expect(api.follow(42)).rejects.toThrow(
    'Links.follow: @Url() (parameter 0 "url"): expected a URL string, got number',
  );
  await expect(api.follow(undefined)).rejects.toThrow(
    'Links.follow: @Url() (parameter 0 "url"): expected a URL string, got undefined',
  );
  expect(server.received).toHaveLength(0);
});

test('query names like constructor and __proto__ in a @Url are ordinary parameters', async () => {
  await api.follow(`${server.url}/q?constructor=1&__proto__=2&toString=3`, 4);
  expect(server.received[0].rawQuery).toBe('constructor=1&__proto__=2&toString=3&page=4');
});
