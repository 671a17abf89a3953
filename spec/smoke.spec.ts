import 'reflect-metadata';
import { Get, Path, Query, Post, Body, createClient, declared, NotFoundError } from 'restfit';
import { startServer, json, echo, type TestServer } from './support/test-server';

class Api {
  @Get('/users/{id}')
  get(@Path('id') id: string, @Query('q') q?: string): Promise<any> {
    return declared();
  }
  @Post('/users')
  create(@Body() body: unknown): Promise<any> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer(echo)));
afterAll(() => server.close());

test('smoke', async () => {
  const api = createClient(Api, { baseURL: server.url });
  const r = await api.get('a/b', 'x y');
  expect(r.url).toBe('/users/a%2Fb?q=x%20y');
  const p = await api.create({ a: 1 });
  expect(p.body).toBe('{"a":1}');
  expect(p.headers['content-type']).toBe('application/json');
  server.handle(json(404, { message: 'nope' }));
  await expect(api.get('1')).rejects.toBeInstanceOf(NotFoundError);
});
