/** The README quick start, run against a real server. */
import { Type } from 'class-transformer';
import {
  BasePath,
  Body,
  Delete,
  Get,
  NoAuth,
  Path,
  Post,
  Query,
  QueryMap,
  Retry,
  Returns,
  bearerAuth,
  createClient,
  declared,
} from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

class User {
  id!: number;
  name!: string;
  @Type(() => Date) createdAt!: Date;
}

@BasePath('/v1')
class UsersApi {
  @Get('/users/{id}')
  @Returns(User)
  getUser(@Path('id') id: number): Promise<User> {
    return declared();
  }

  @Get('/users')
  @Returns([User])
  list(@Query('page') page?: number, @QueryMap() filter?: Record<string, string>): Promise<User[]> {
    return declared();
  }

  @Post('/users')
  @Returns(User)
  create(@Body() user: Partial<User>): Promise<User> {
    return declared();
  }

  @Delete('/users/{id}')
  @Retry(false)
  remove(@Path('id') id: number): Promise<void> {
    return declared();
  }

  @Post('/login')
  @NoAuth()
  login(@Body() creds: { user: string; password: string }): Promise<{ token: string }> {
    return declared();
  }

  async rename(id: number, name: string): Promise<User> {
    const user = await this.getUser(id);
    return this.create({ ...user, name });
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
    if (req.method === 'DELETE') return void res.end();
    if (req.path === '/v1/login') return void res.end(JSON.stringify({ token: 't0k' }));
    if (req.path === '/v1/users') {
      const body =
        req.method === 'POST'
          ? JSON.parse(req.body.toString())
          : [{ id: 1, name: 'a', createdAt: '2020-01-01T00:00:00Z' }];
      return void res.end(JSON.stringify(body));
    }
    res.end(JSON.stringify({ id: 42, name: 'ada', createdAt: '2020-01-01T00:00:00Z' }));
  });
});
afterAll(() => server.close());

test('the quick start works as documented', async () => {
  let token = '';
  const users = createClient(UsersApi, { baseURL: server.url, auth: bearerAuth(() => token) });
  token = (await users.login({ user: 'ada', password: 'pw' })).token;
  const u = await users.getUser(42);
  expect(u).toBeInstanceOf(User);
  expect(u.createdAt).toBeInstanceOf(Date);
  const page = await users.list(2, { role: 'admin' });
  expect(page[0]).toBeInstanceOf(User);
  const renamed = await users.rename(42, 'grace');
  expect(renamed.name).toBe('grace');
  await expect(users.remove(42)).resolves.toBeUndefined();
  expect(server.received.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? '-'}`)).toEqual([
    'POST /v1/login -',
    'GET /v1/users/42 Bearer t0k',
    'GET /v1/users?page=2&role=admin Bearer t0k',
    'GET /v1/users/42 Bearer t0k',
    'POST /v1/users Bearer t0k',
    'DELETE /v1/users/42 Bearer t0k',
  ]);
  expect(JSON.parse(server.received[4].body.toString())).toEqual({
    id: 42,
    name: 'grace',
    createdAt: '2020-01-01T00:00:00.000Z',
  });
});
