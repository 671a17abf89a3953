import 'reflect-metadata';
import { inspect } from 'node:util';
import { DeclarationError, Get, Path, Query, RestClient, createClient, declared } from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class UsersApi {
  private readonly prefix = 'user-';
  calls = 0;

  @Get('/users/{id}')
  getUser(@Path('id') id: string): Promise<{ path: string }> {
    return declared();
  }

  @Get('/users')
  list(@Query('q') q?: string): Promise<unknown> {
    return declared();
  }

  /** An ordinary method: `this` is the live client. */
  async labelled(id: number): Promise<string> {
    this.calls++;
    await this.getUser(`${this.prefix}${id}`);
    return `${this.prefix}${id}`;
  }

  get name(): string {
    return 'users';
  }

  static create(baseURL: string): UsersApi {
    return createClient(UsersApi, { baseURL });
  }
}

let server: TestServer;
let api: UsersApi;
beforeAll(async () => {
  server = await startServer();
  api = createClient(UsersApi, { baseURL: server.url });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

test('a declared method built with `new` throws a clear DeclarationError', () => {
  const plain = new UsersApi();
  expect(() => plain.getUser('1')).toThrow(
    new DeclarationError(
      'declared(): this method is a restfit declaration and its body never runs — build the service with createClient(Service) or client.create(Service), not new Service() (an undecorated override cannot reach it through super either: declare the call under another name)',
    ),
  );
  expect(server.received).toHaveLength(0);
});

test('the client is an instance of the service class', () => {
  expect(api).toBeInstanceOf(UsersApi);
});

test('undecorated methods, getters and class fields work with `this` = the client', async () => {
  await expect(api.labelled(7)).resolves.toBe('user-7');
  expect(server.received.map((r) => r.path)).toEqual(['/users/user-7']);
  expect(api.calls).toBe(1);
  expect(api.name).toBe('users');
  expect(UsersApi.create(server.url)).toBeInstanceOf(UsersApi);
});

test('each create() makes an independent instance; both share the parsed declarations', async () => {
  const client = new RestClient({ baseURL: server.url });
  const a = client.create(UsersApi);
  const b = client.create(UsersApi);
  expect(a).not.toBe(b);
  await a.labelled(1);
  expect(a.calls).toBe(1);
  expect(b.calls).toBe(0);
  expect(a.getUser).toBe(b.getUser);
});

test('String(), JSON.stringify() and util.inspect() do not throw', () => {
  const api = createClient(UsersApi, { baseURL: server.url });
  expect(() => String(api)).not.toThrow();
  expect(String(api)).toBe('[object Object]');
  expect(JSON.parse(JSON.stringify(api))).toEqual({ prefix: 'user-', calls: 0 });
  expect(() => inspect(api)).not.toThrow();
  expect(`${api}`).toBe('[object Object]');
});

test('declared methods are not own enumerable properties (spreads and Object.keys stay clean)', () => {
  const api = createClient(UsersApi, { baseURL: server.url });
  expect(Object.keys(api)).toEqual(['prefix', 'calls']);
  expect({ ...api }).toEqual({ prefix: 'user-', calls: 0 });
});

test('a detached declared method says how to call it', async () => {
  const { getUser } = api;
  await expect(getUser('1')).rejects.toThrow(
    new DeclarationError(
      'UsersApi.getUser: called without its client as `this` — call it as client.getUser(...) or bind it: client.getUser.bind(client)',
    ),
  );
  const bound = api.getUser.bind(api);
  await expect(bound('2')).resolves.toBeDefined();
  expect(server.received.map((r) => r.path)).toEqual(['/users/2']);
});

test('a declared method keeps its name', () => {
  expect(api.getUser.name).toBe('getUser');
});

test('a constructor that needs arguments is reported clearly at create()', () => {
  class NeedsConfig {
    private readonly region: string;
    constructor(config: { region: string }) {
      this.region = config.region;
    }
    @Get('/x')
    m(): Promise<unknown> {
      return declared();
    }
  }
  expect(() => createClient(NeedsConfig, { baseURL: server.url })).toThrow(DeclarationError);
  expect(() => createClient(NeedsConfig, { baseURL: server.url })).toThrow(
    /^NeedsConfig: its constructor threw when create\(\) built the service \(it is called without arguments\): Cannot read properties of undefined/,
  );
});

test('calls made before another finishes each get their own result', async () => {
  server.handle((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.path }));
  });
  const results = await Promise.all(['a', 'b', 'c'].map((id) => api.getUser(id)));
  expect(results.map((r) => r.path)).toEqual(['/users/a', '/users/b', '/users/c']);
});
