import {
  ApiError,
  DeclarationError,
  DecodeError,
  FullResponse,
  Get,
  NotFoundError,
  Paginate,
  Query,
  Returns,
  createClient,
  declared,
} from 'restfit';
import { startServer, json, type Handler, type TestServer } from '../support/test-server';
import { collect } from '../support/collect';

class User {
  id!: number;
  get label(): string {
    return `user-${this.id}`;
  }
}

class UsersApi {
  @Get('/users')
  @Paginate({ style: 'link' })
  @Returns([User])
  byLink(@Query('role') role: string): AsyncIterable<User> {
    return declared();
  }

  @Get('/users')
  @Paginate({ style: 'cursor', items: 'data', nextCursor: 'meta.next', cursorParam: 'after' })
  byCursor(@Query('role') role: string): AsyncIterable<{ id: number }> {
    return declared();
  }

  @Get('/users')
  @Paginate({ style: 'page', items: 'data', pageParam: 'p', firstPage: 0, maxPages: 3 })
  byPage(): AsyncIterable<{ id: number }> {
    return declared();
  }
}

/** Pages of two users each, three pages in all; `linkFor` writes the Link header of page n. */
function linkedPages(
  linkFor: (page: number, server: TestServer) => string | undefined,
  server: TestServer,
): Handler {
  return (req, res) => {
    const page = Number(new URLSearchParams(req.rawQuery).get('page') ?? 1);
    const link = linkFor(page, server);
    res.writeHead(200, { 'content-type': 'application/json', ...(link ? { link } : {}) });
    res.end(JSON.stringify([{ id: page * 10 + 1 }, { id: page * 10 + 2 }]));
  };
}

describe('@Paginate', () => {
  let server: TestServer;
  let users: UsersApi;
  beforeAll(async () => {
    server = await startServer();
    users = createClient(UsersApi, { baseURL: server.url, retry: false });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('link style: follows rel="next" (absolute or relative) and maps every item with @Returns', async () => {
    server.handle(
      linkedPages(
        (page, s) =>
          page === 1
            ? `<${s.url}/users?role=admin&page=2>; rel="next", <${s.url}/users?page=3>; rel="last"`
            : page === 2
              ? '</users?role=admin&page=3>; rel="prev next"'
              : '</users?page=1>; rel="first"',
        server,
      ),
    );
    const items = await collect(users.byLink('admin'));
    expect(items.map((u) => u.label)).toEqual([
      'user-11',
      'user-12',
      'user-21',
      'user-22',
      'user-31',
      'user-32',
    ]);
    expect(items[0]).toBeInstanceOf(User);
    expect(server.received.map((r) => r.url)).toEqual([
      '/users?role=admin',
      '/users?role=admin&page=2',
      '/users?role=admin&page=3',
    ]);
  });

  it("cursor style: sends the body's next cursor until there is none", async () => {
    server.script(
      json(200, { data: [{ id: 1 }], meta: { next: 'c-2' } }),
      json(200, { data: [{ id: 2 }, { id: 3 }], meta: { next: 'c 3' } }),
      json(200, { data: [], meta: { next: null } }),
    );
    await expect(collect(users.byCursor('x'))).resolves.toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server.received.map((r) => r.url)).toEqual([
      '/users?role=x',
      '/users?role=x&after=c-2',
      '/users?role=x&after=c%203',
    ]);
  });

  it('page style: counts from firstPage and stops at the first empty page', async () => {
    server.script(
      json(200, { data: [{ id: 1 }] }),
      json(200, { data: [{ id: 2 }] }),
      json(200, { data: [] }),
    );
    await expect(collect(users.byPage())).resolves.toEqual([{ id: 1 }, { id: 2 }]);
    expect(server.received.map((r) => r.url)).toEqual(['/users?p=0', '/users?p=1', '/users?p=2']);
  });

  it('a listing longer than maxPages is an error, never a silently cut list', async () => {
    server.handle(json(200, { data: [{ id: 1 }] }));
    const seen: unknown[] = [];
    const listing = (async () => {
      for await (const item of users.byPage()) seen.push(item);
    })();
    await expect(listing).rejects.toMatchObject({
      request: { method: 'GET', url: `${server.url}/users?p=2`, service: 'UsersApi', operation: 'byPage' },
      attempts: 1,
      code: 'TOO_MANY_PAGES',
      message: 'UsersApi.byPage: more than 3 pages — raise @Paginate({ maxPages }) if that is expected',
    });
    expect(seen).toHaveLength(3);
    expect(server.received).toHaveLength(3);
  });

  it('a failing page throws its typed error; items before it were delivered', async () => {
    server.script(json(200, { data: [{ id: 1 }], meta: { next: 'n' } }), json(404, { error: 'gone' }));
    const seen: unknown[] = [];
    const listing = (async () => {
      for await (const item of users.byCursor('x')) seen.push(item);
    })();
    await expect(listing).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([{ id: 1 }]);
  });

  it('a page without an items array is a DecodeError', async () => {
    server.handle(json(200, { data: { id: 1 } }));
    await expect(collect(users.byCursor('x'))).rejects.toThrow(
      new DecodeError('UsersApi.byCursor: expected an array of items at "data" in the page, got object'),
    );
  });

  it('a next link to another origin is not followed', async () => {
    server.handle(linkedPages(() => '<http://127.0.0.2:1/users?page=2>; rel="next"', server));
    const error = await collect(users.byLink('a')).catch((e: ApiError) => e);
    expect(error).toMatchObject({
      code: 'CROSS_ORIGIN_LINK',
      attempts: 1,
      request: { url: `${server.url}/users?role=a` },
    });
    expect(server.received).toHaveLength(1);
  });

  it('mistakes in @Paginate are DeclarationErrors at create()', () => {
    class NoCursor {
      @Get('/x')
      @Paginate({ style: 'cursor' })
      list(): AsyncIterable<unknown> {
        return declared();
      }
    }
    class Full {
      @Get('/x')
      // @ts-expect-error -- @FullResponse() needs Promise<ApiResponse<T>>; this checks the runtime error too
      @FullResponse()
      @Paginate({ style: 'link' })
      list(): AsyncIterable<unknown> {
        return declared();
      }
    }
    expect(() => createClient(NoCursor, { baseURL: server.url })).toThrow(
      new DeclarationError(
        "NoCursor.list: @Paginate: the cursor style needs nextCursor, e.g. { style: 'cursor', nextCursor: 'meta.next' }",
      ),
    );
    expect(() => createClient(Full, { baseURL: server.url })).toThrow(
      new DeclarationError(
        'Full.list: @Paginate: pages are iterated as items, so @FullResponse() cannot apply — remove one of them',
      ),
    );
  });
});
