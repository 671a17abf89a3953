import 'reflect-metadata';
import { Get, Query, QueryMap, RestClient, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class Search {
  @Get('/search')
  find(
    @Query('q') q?: unknown,
    @Query('tag') tag?: unknown,
    @QueryMap() filter?: Record<string, unknown>,
  ): Promise<unknown> {
    return declared();
  }

  @Get('/raw')
  raw(@Query('sig', { encoded: true }) sig: string, @Query('plain') plain?: string): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let api: Search;
beforeAll(async () => {
  server = await startServer();
  api = createClient(Search, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const lastQuery = () => server.received[server.received.length - 1].rawQuery;

test('values are percent-encoded', async () => {
  await api.find('a b&c=d/é?#+');
  expect(lastQuery()).toBe('q=a%20b%26c%3Dd%2F%C3%A9%3F%23%2B');
});

test('arrays repeat the name by default', async () => {
  await api.find(undefined, ['x', 'y', 3]);
  expect(lastQuery()).toBe('tag=x&tag=y&tag=3');
});

test('0, false and "" are sent; undefined and null are skipped', async () => {
  await api.find(0, false, { a: '', b: 0, c: false, d: undefined, e: null });
  expect(lastQuery()).toBe('q=0&tag=false&a=&b=0&c=false');
  await api.find(null, undefined, undefined);
  expect(lastQuery()).toBe('');
  expect(server.received[1].url).toBe('/search');
});

test('undefined and null inside arrays are skipped', async () => {
  await api.find(undefined, ['a', undefined, null, '', 0]);
  expect(lastQuery()).toBe('tag=a&tag=&tag=0');
});

test('Dates are ISO 8601, in @Query, arrays and @QueryMap', async () => {
  const d = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7));
  await api.find(d, [d], { since: d });
  const iso = '2024-02-29T23%3A59%3A58.007Z';
  expect(lastQuery()).toBe(`q=${iso}&tag=${iso}&since=${iso}`);
});

test('@QueryMap names are encoded and its arrays repeat', async () => {
  await api.find(undefined, undefined, { 'a b': 'c', list: ['1', '2'] });
  expect(lastQuery()).toBe('a%20b=c&list=1&list=2');
});

test('a @QueryMap name that repeats a @Query name adds to it', async () => {
  await api.find('one', undefined, { q: 'two' });
  expect(lastQuery()).toBe('q=one&q=two');
});

test('encoded: true keeps the value as given; the others are still encoded', async () => {
  await api.raw('abc%2Fdef%3D', 'a/b');
  expect(lastQuery()).toBe('sig=abc%2Fdef%3D&plain=a%2Fb');
});

test('encoded: true refuses characters that would break the request line', async () => {
  for (const bad of ['a b', 'a#b', 'a\nb', 'a\0b']) {
    await expect(api.raw(bad)).rejects.toThrow(`Search.raw: @Query('sig') (parameter 0 "sig")`);
  }
  expect(server.received).toHaveLength(0);
});

test('querySerializer: comma', async () => {
  const comma = new RestClient({ baseURL: server.url, querySerializer: 'comma' }).create(Search);
  await comma.find(undefined, ['x', 'y,z'], { ids: [1, 2] });
  expect(lastQuery()).toBe('tag=x,y%2Cz&ids=1,2');
});

test('querySerializer: brackets', async () => {
  const brackets = new RestClient({ baseURL: server.url, querySerializer: 'brackets' }).create(Search);
  await brackets.find('single', ['x', 'y']);
  expect(lastQuery()).toBe('q=single&tag%5B%5D=x&tag%5B%5D=y');
});

test('an empty array sends nothing, in every style', async () => {
  for (const querySerializer of ['repeat', 'comma', 'brackets'] as const) {
    const client = createClient(Search, { baseURL: server.url, querySerializer });
    await client.find('x', []);
    expect(lastQuery()).toBe('q=x');
  }
});

test('an invalid @QueryMap argument is a RequestError', async () => {
  await expect(api.find(undefined, undefined, 'a=b' as never)).rejects.toThrow(
    `Search.find: @QueryMap() (parameter 2 "filter"): expected an object of name → value, got string`,
  );
  expect(server.received).toHaveLength(0);
});

test('an invalid querySerializer option is refused when the client is made', () => {
  expect(() => new RestClient({ baseURL: server.url, querySerializer: 'csv' as never })).toThrow(
    `RestClient: querySerializer must be 'repeat', 'comma' or 'brackets', got "csv"`,
  );
});

test('names like constructor, toString and __proto__ are ordinary parameters', async () => {
  const map = JSON.parse('{"__proto__": ["p1", "p2"], "hasOwnProperty": "h", "toString": "t"}');
  await api.find('q', undefined, map);
  expect(lastQuery()).toBe('q=q&__proto__=p1&__proto__=p2&hasOwnProperty=h&toString=t');
  await api.find(undefined, undefined, { constructor: 'c', valueOf: 0 } as Record<string, unknown>);
  expect(lastQuery()).toBe('constructor=c&valueOf=0');
});
