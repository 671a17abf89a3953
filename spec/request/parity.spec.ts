import 'reflect-metadata';
import {
  BasePath,
  DeclarationError,
  Get,
  Path,
  Query,
  QueryName,
  RequestError,
  createClient,
  declared,
  type QueryStyle,
} from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

// What users of Retrofit, ts-retrofit, uplink and Refit look for (issue 12); each case asserts the
// raw request target the server received.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const target = () => server.received.map((r) => r.url);

describe('a literal query in the path template', () => {
  class SearchApi {
    @Get('/search?sort=desc&flag')
    search(@Query('q') q?: string, @Query('page') page?: number): Promise<unknown> {
      return declared();
    }
    // Retrofit RequestFactoryTest: getWithQueryParamAndPathParam... and the literal-query cases.
    @Get('/foo/bar/?hi=mom')
    withValue(): Promise<unknown> {
      return declared();
    }
    @Get('/foo/bar/?hi')
    withoutValue(): Promise<unknown> {
      return declared();
    }
    @Get('/foo/bar/{ping}/?hi=mom')
    withPath(@Path('ping') ping: string): Promise<unknown> {
      return declared();
    }
    @Get('/foo/bar/?hi=mom')
    withQuery(@Query('ping') ping: string): Promise<unknown> {
      return declared();
    }
    @Get('/raw?a=b%20c&list=1,2&&empty=')
    raw(): Promise<unknown> {
      return declared();
    }
    @Get('/search?sort=desc')
    named(@Query('q') q: string, @QueryName() flag: string): Promise<unknown> {
      return declared();
    }
  }
  const api = () => createClient(SearchApi, { baseURL: server.url });

  test('is kept as written; @Query parameters follow it', async () => {
    await api().search('hello world', 2);
    await api().search();
    expect(target()).toEqual(['/search?sort=desc&flag&q=hello%20world&page=2', '/search?sort=desc&flag']);
  });

  test("Retrofit's cases: with and without a value, after a path parameter, before a @Query", async () => {
    const a = api();
    await a.withValue();
    await a.withoutValue();
    await a.withPath('po ng');
    await a.withQuery('pong');
    expect(target()).toEqual([
      '/foo/bar/?hi=mom',
      '/foo/bar/?hi',
      '/foo/bar/po%20ng/?hi=mom',
      '/foo/bar/?hi=mom&ping=pong',
    ]);
  });

  test('its escapes and commas are sent untouched; empty items are dropped', async () => {
    await api().raw();
    expect(target()).toEqual(['/raw?a=b%20c&list=1,2&empty=']);
  });

  test('under @BasePath, and followed by @Query then @QueryName', async () => {
    @BasePath('/v1')
    class Versioned {
      @Get('/search?sort=desc')
      search(@Query('q') q: string, @QueryName() flag: string): Promise<unknown> {
        return declared();
      }
    }
    await createClient(Versioned, { baseURL: server.url }).search('x', 'exact');
    await api().named('y', 'a b');
    expect(target()).toEqual(['/v1/search?sort=desc&q=x&exact', '/search?sort=desc&q=y&a%20b']);
  });

  test.each([
    [
      '/s?q={q}',
      'Api.m: path "/s?q={q}" has a placeholder in its query — use a @Query(\'name\') parameter for a value that varies',
    ],
    [
      '/s?a=b c',
      'Api.m: path "/s?a=b c" has whitespace, NUL, a second "?" or a bad %-escape in its query — percent-encode it',
    ],
    [
      '/s?a=%zz',
      'Api.m: path "/s?a=%zz" has whitespace, NUL, a second "?" or a bad %-escape in its query — percent-encode it',
    ],
    [
      '/s?a=1#top',
      'Api.m: path "/s?a=1#top" may not contain "#": a fragment is never sent to the server — remove it',
    ],
  ])('%s is a DeclarationError', (path, message) => {
    class Api {
      @Get(path)
      m(): Promise<unknown> {
        return declared();
      }
    }
    expect(() => createClient(Api, { baseURL: server.url })).toThrow(new DeclarationError(message));
  });
});

test('a "?" in @BasePath is a DeclarationError: a literal query belongs to the method', () => {
  @BasePath('/v1?x=1')
  class Api {
    @Get('/search')
    m(): Promise<unknown> {
      return declared();
    }
  }
  expect(() => createClient(Api, { baseURL: server.url })).toThrow(
    new DeclarationError(
      `Api.m: @BasePath('/v1?x=1') may not contain "?" or "#" — a literal query goes in the method's path, e.g. @Get('/search?sort=desc')`,
    ),
  );
});

describe('@QueryName()', () => {
  class Api {
    @Get('/foo/bar/')
    one(@QueryName() name: unknown): Promise<unknown> {
      return declared();
    }
    @Get('/foo/bar/')
    encoded(@QueryName({ encoded: true }) name: string): Promise<unknown> {
      return declared();
    }
    @Get('/foo/bar/')
    mixed(
      @QueryName() first: string,
      @Query('k') k: string,
      @QueryName() second: string[],
    ): Promise<unknown> {
      return declared();
    }
  }
  const api = () => createClient(Api, { baseURL: server.url });

  test('a value-less ?name, percent-encoded; arrays give one each; null and undefined are skipped', async () => {
    await api().one('pong');
    await api().one('p o&n=g');
    await api().one(['a', null, 'b', undefined]);
    await api().one(undefined);
    expect(target()).toEqual(['/foo/bar/?pong', '/foo/bar/?p%20o%26n%3Dg', '/foo/bar/?a&b', '/foo/bar/']);
  });

  test('encoded: true sends it as is; names come after the @Query parameters, in argument order', async () => {
    await api().encoded('a%2Fb');
    await api().mixed('x', 'v', ['y', 'z']);
    expect(target()).toEqual(['/foo/bar/?a%2Fb', '/foo/bar/?k=v&x&y&z']);
  });
});

describe("@Query(name, { style }) over the client's querySerializer", () => {
  const styles: [QueryStyle, string][] = [
    ['repeat', 'tag=a&tag=b%20c&n=1'],
    ['comma', 'tag=a,b%20c&n=1'],
    ['brackets', 'tag%5B%5D=a&tag%5B%5D=b%20c&n=1'],
    ['indices', 'tag%5B0%5D=a&tag%5B1%5D=b%20c&n=1'],
    ['pipe', 'tag=a|b%20c&n=1'],
  ];
  test.each(styles)("style '%s'", async (style, query) => {
    class Api {
      @Get('/items')
      list(@Query('tag', { style }) tags: string[], @Query('n') n: number[]): Promise<unknown> {
        return declared();
      }
    }
    // The other parameter keeps the client's serializer ('repeat').
    await createClient(Api, { baseURL: server.url }).list(['a', 'b c'], [1]);
    expect(server.received[0].rawQuery).toBe(query);
  });

  test("the parameter's style wins over the client's; a single value is a plain pair in any style", async () => {
    class Api {
      @Get('/items')
      list(
        @Query('tag', { style: 'indices' }) tags: string[] | string,
        @Query('n') n: number[],
      ): Promise<unknown> {
        return declared();
      }
    }
    const api = createClient(Api, { baseURL: server.url, querySerializer: 'comma' });
    await api.list(['x', 'y'], [1, 2]);
    await api.list('x', [3]);
    expect(target()).toEqual(['/items?tag%5B0%5D=x&tag%5B1%5D=y&n=1,2', '/items?tag=x&n=3']);
  });

  test('an unknown style is a DeclarationError', () => {
    class Api {
      @Get('/items')
      list(@Query('tag', { style: 'matrix' as QueryStyle }) tags: string[]): Promise<unknown> {
        return declared();
      }
    }
    expect(() => createClient(Api, { baseURL: server.url })).toThrow(
      new DeclarationError(
        `Api.list: @Query('tag') (parameter 0 "tags"): style must be one of 'repeat', 'comma', 'brackets', 'indices', 'pipe', got "matrix"`,
      ),
    );
  });
});

describe("@Path(name, { segments: true }) (Refit's {**path})", () => {
  class Files {
    @Get('/files/{path}/meta')
    meta(@Path('path', { segments: true }) path: string): Promise<unknown> {
      return declared();
    }
    @Get('/files/{path}')
    one(@Path('path') path: string): Promise<unknown> {
      return declared();
    }
  }
  const files = () => createClient(Files, { baseURL: server.url });

  test("keeps '/' and encodes each segment on its own", async () => {
    await files().meta('docs/a b/ü?#%.txt');
    await files().meta('single');
    await files().one('docs/a b');
    expect(target()).toEqual([
      '/files/docs/a%20b/%C3%BC%3F%23%25.txt/meta',
      '/files/single/meta',
      '/files/docs%2Fa%20b',
    ]);
  });

  test.each(['a//b', '/a', 'a/', 'a/./b', 'a/../b', '..', '.'])(
    '%j is a RequestError; nothing is sent',
    async (value) => {
      await expect(files().meta(value)).rejects.toThrow(
        new RequestError(
          `Files.meta: @Path('path') (parameter 0 "path"): ${JSON.stringify(value)} has an empty, "." or ".." segment — each segment between "/" must name something`,
        ),
      );
      expect(server.received).toHaveLength(0);
    },
  );
});

describe('a redirect or a Link header carries the whole next URL', () => {
  test("the declaration's literal query and @QueryName values are not added to a redirect's Location", async () => {
    class Api {
      @Get('/old?sort=desc')
      get(@QueryName() flag: string): Promise<unknown> {
        return declared();
      }
    }
    server.script(
      (_req, res) => {
        res.writeHead(302, { location: '/new?page=2' });
        res.end();
      },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      },
    );
    await createClient(Api, { baseURL: server.url }).get('exact');
    expect(target()).toEqual(['/old?sort=desc&exact', '/new?page=2']);
  });
});

describe('a secret in a literal query', () => {
  test('is sent, but redacted in errors', async () => {
    class Api {
      @Get('/x?api_key=s3cret&sort=desc')
      get(): Promise<unknown> {
        return declared();
      }
    }
    server.handle((_req, res) => {
      res.writeHead(500).end();
    });
    const failure = createClient(Api, { baseURL: server.url, retry: false }).get();
    await expect(failure).rejects.toMatchObject({
      request: { url: `${server.url}/x?api_key=[REDACTED]&sort=desc` },
    });
    await expect(failure).rejects.not.toThrow(/s3cret/);
    expect(target()).toEqual(['/x?api_key=s3cret&sort=desc']);
  });
});
