import 'reflect-metadata';
import {
  BasePath,
  Get,
  Headers,
  Path,
  Post,
  Body,
  Query,
  Timeout,
  createClient,
  declared,
  type ApiRequest,
  type Next,
} from 'restfit';
import { startServer, type Received, type TestServer } from '../support/test-server';

@BasePath('/v1')
@Headers({ 'X-Base': 'base', 'X-Who': 'base' })
class BaseApi {
  @Get('/items/{id}')
  get(@Path('id') id: string): Promise<unknown> {
    return declared();
  }

  @Get('/items')
  @Headers({ 'X-Method': 'base-list' })
  list(@Query('page') page?: number): Promise<unknown> {
    return declared();
  }

  @Post('/items')
  create(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  async firstPage(): Promise<unknown> {
    return this.list(1);
  }
}

@BasePath('/v2')
@Headers({ 'X-Who': 'child', 'X-Child': 'child' })
@Timeout(1234)
class ChildApi extends BaseApi {
  // re-declared with another path and parameter
  @Get('/things/{id}')
  override get(@Path('id') id: string): Promise<unknown> {
    return declared();
  }

  // overridden by an ordinary method: no longer declared; it composes a declared one
  override async create(body: unknown): Promise<unknown> {
    return this.createWrapped({ wrapped: body });
  }

  @Post('/items')
  createWrapped(@Body() body: unknown): Promise<unknown> {
    return declared();
  }

  async viaSuper(body: unknown): Promise<unknown> {
    return super.create(body);
  }

  @Get('/extra')
  extra(): Promise<unknown> {
    return declared();
  }
}

class GrandChild extends ChildApi {
  @Get('/grand')
  grand(): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = (): Received => server.received[server.received.length - 1];
const timeouts: number[] = [];
const interceptors = [
  async (request: ApiRequest, next: Next) => {
    timeouts.push(request.timeout);
    return next(request);
  },
];

/** What the parent sends, recorded in a fixed order. */
async function parentTraffic(): Promise<
  Array<Pick<Received, 'method' | 'url'> & { headers: Record<string, unknown> }>
> {
  server.reset();
  const parent = createClient(BaseApi, { baseURL: server.url });
  await parent.get('1');
  await parent.list(2);
  await parent.create({ a: 1 });
  await parent.firstPage();
  return server.received.map((r) => ({
    method: r.method,
    url: r.url,
    headers: {
      base: r.headers['x-base'],
      who: r.headers['x-who'],
      child: r.headers['x-child'],
      method: r.headers['x-method'],
    },
    body: r.body.toString(),
  }));
}

test('the parent sends exactly what it declares', async () => {
  expect(await parentTraffic()).toEqual([
    {
      method: 'GET',
      url: '/v1/items/1',
      headers: { base: 'base', who: 'base', child: undefined, method: undefined },
      body: '',
    },
    {
      method: 'GET',
      url: '/v1/items?page=2',
      headers: { base: 'base', who: 'base', child: undefined, method: 'base-list' },
      body: '',
    },
    {
      method: 'POST',
      url: '/v1/items',
      headers: { base: 'base', who: 'base', child: undefined, method: undefined },
      body: '{"a":1}',
    },
    {
      method: 'GET',
      url: '/v1/items?page=1',
      headers: { base: 'base', who: 'base', child: undefined, method: 'base-list' },
      body: '',
    },
  ]);
});

test('a subclass inherits declared methods and class decorators, and overrides them', async () => {
  const child = createClient(ChildApi, { baseURL: server.url, interceptors });
  timeouts.length = 0;
  await child.get('1');
  expect(last().url).toBe('/v2/things/1');
  await child.list(3);
  expect(last().url).toBe('/v2/items?page=3');
  expect(last().headers).toMatchObject({
    'x-base': 'base',
    'x-who': 'child',
    'x-child': 'child',
    'x-method': 'base-list',
  });
  await child.extra();
  expect(last().url).toBe('/v2/extra');
  expect(timeouts).toEqual([1234, 1234, 1234]);
});

test('an ordinary override replaces the declaration', async () => {
  const child = createClient(ChildApi, { baseURL: server.url });
  await child.create({ x: 1 });
  expect(server.received).toHaveLength(1);
  expect(last().method).toBe('POST');
  expect(last().url).toBe('/v2/items');
  expect(last().body.toString()).toBe('{"wrapped":{"x":1}}');
});

test('the parent’s declaration is not reachable through super (a clear error, nothing sent)', async () => {
  const child = createClient(ChildApi, { baseURL: server.url });
  await expect(child.viaSuper({})).rejects.toThrow(/an undecorated override cannot reach it through super/);
  expect(server.received).toHaveLength(0);
});

test('inherited helper methods run with `this` = the subclass client', async () => {
  const child = createClient(ChildApi, { baseURL: server.url });
  await child.firstPage();
  expect(last().url).toBe('/v2/items?page=1');
  expect(child).toBeInstanceOf(ChildApi);
  expect(child).toBeInstanceOf(BaseApi);
});

test('a grandchild inherits from both', async () => {
  const grand = createClient(GrandChild, { baseURL: server.url });
  await grand.grand();
  await grand.get('9');
  expect(server.received.map((r) => r.url)).toEqual(['/v2/grand', '/v2/things/9']);
  expect(last().headers['x-child']).toBe('child');
});

test('subclasses never change the parent’s metadata (the parent, created after them, sends the same)', async () => {
  const before = await parentTraffic();
  // define yet another subclass now, after the parent was parsed, re-decorating everything
  @BasePath('/v3')
  @Headers({ 'X-Base': 'late' })
  class Late extends BaseApi {
    @Post('/late/{id}')
    @Headers({ 'X-Method': 'late' })
    override list(@Path('id') id?: number): Promise<unknown> {
      return declared();
    }
  }
  await createClient(Late, { baseURL: server.url }).list(5);
  expect(last().url).toBe('/v3/late/5');
  expect(last().headers['x-base']).toBe('late');
  expect(await parentTraffic()).toEqual(before);
});

test('a subclass defined before the parent is ever used does not change it either', async () => {
  class Parent {
    @Get('/p')
    @Headers({ 'X-P': 'p' })
    m(@Query('q') q?: string): Promise<unknown> {
      return declared();
    }
  }
  class Child extends Parent {
    @Post('/c')
    @Headers({ 'X-P': 'c' })
    override m(@Body() body?: unknown): Promise<unknown> {
      return declared();
    }
  }
  await createClient(Child, { baseURL: server.url }).m({ a: 1 });
  await createClient(Parent, { baseURL: server.url }).m('x');
  expect(server.received.map((r) => [r.method, r.url, r.headers['x-p'], r.body.toString()])).toEqual([
    ['POST', '/c', 'c', '{"a":1}'],
    ['GET', '/p?q=x', 'p', ''],
  ]);
});
