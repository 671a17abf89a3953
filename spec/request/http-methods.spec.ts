import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  BasePath,
  Body,
  Delete,
  Field,
  FormUrlEncoded,
  Get,
  Head,
  Http,
  Options,
  Patch,
  Path,
  Post,
  Put,
  Query,
  Returns,
  createClient,
  declared,
  type ApiRequest,
} from 'restfit';
import { startServer, type TestServer } from '../support/test-server';

const Custom = (value: string) => Reflect.metadata('custom:tag', value);

@BasePath('/r')
@FormUrlEncoded()
class Verbs {
  @Get('/get')
  @Custom('on-get')
  get(@Query('a') a?: string): Promise<unknown> {
    return declared();
  }
  @Post('/post')
  post(@Field('f') f: string): Promise<unknown> {
    return declared();
  }
  @Put('/put')
  put(@Field('f') f: string): Promise<unknown> {
    return declared();
  }
  @Patch('/patch')
  patch(@Field('f') f: string): Promise<unknown> {
    return declared();
  }
  @Delete('/delete/{id}')
  remove(@Path('id') id: number): Promise<unknown> {
    return declared();
  }
  @Head('/head')
  head(): Promise<unknown> {
    return declared();
  }
  @Options('/options')
  options(): Promise<unknown> {
    return declared();
  }
  @Http('propfind', '/dav/{id}', { hasBody: true })
  propfind(@Path('id') id: string, @Body() body: string): Promise<unknown> {
    return declared();
  }
  @Http('PURGE', '/cache')
  purge(): Promise<unknown> {
    return declared();
  }
}

class Item {
  id!: number;
  @Type(() => Date) createdAt!: Date;
  get label() {
    return `#${this.id}`;
  }
}

class Items {
  @Get('/item')
  @Returns(Item)
  one(): Promise<Item> {
    return declared();
  }
  @Get('/items')
  @Returns([Item])
  many(): Promise<Item[]> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

test('every HTTP method decorator sends its method and path', async () => {
  const api = createClient(Verbs, { baseURL: server.url });
  await api.get();
  await api.post('1');
  await api.put('2');
  await api.patch('3');
  await api.remove(4);
  await api.head();
  await api.options();
  await api.propfind('d', '<propfind/>');
  await api.purge();
  expect(server.received.map((r) => `${r.method} ${r.url} ${r.body.toString()}`)).toEqual([
    'GET /r/get ',
    'POST /r/post f=1',
    'PUT /r/put f=2',
    'PATCH /r/patch f=3',
    'DELETE /r/delete/4 ',
    'HEAD /r/head ',
    'OPTIONS /r/options ',
    'PROPFIND /r/dav/d <propfind/>',
    'PURGE /r/cache ',
  ]);
});

test('a class-level @FormUrlEncoded gives body-less methods no body and no form content type', async () => {
  const api = createClient(Verbs, { baseURL: server.url });
  await api.get('x');
  await api.head();
  for (const r of server.received) {
    expect(r.headers['content-type']).toBeUndefined();
    expect(r.body).toHaveLength(0);
  }
  await api.remove(1);
  expect(server.received[2].headers['content-type']).toBe('application/x-www-form-urlencoded');
});

test('interceptors see the endpoint: names, path template, arguments and custom decorator metadata', async () => {
  const seen: unknown[] = [];
  const api = createClient(Verbs, {
    baseURL: server.url,
    interceptors: [
      async (request: ApiRequest, next) => {
        const e = request.endpoint;
        seen.push([
          e.service,
          e.operation,
          e.pathTemplate,
          [...e.args],
          e.metadata('custom:tag'),
          request.method,
          request.url,
        ]);
        return next(request);
      },
    ],
  });
  await api.get('q');
  await api.remove(5);
  expect(seen).toEqual([
    ['Verbs', 'get', '/r/get', ['q'], 'on-get', 'GET', `${server.url}/r/get`],
    ['Verbs', 'remove', '/r/delete/{id}', [5], undefined, 'DELETE', `${server.url}/r/delete/5`],
  ]);
});

test('@Returns(Class) and @Returns([Class]) map the JSON body with class-transformer', async () => {
  const api = createClient(Items, { baseURL: server.url });
  server.handle((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 1, createdAt: '2024-01-01T00:00:00.000Z' }));
  });
  const one = await api.one();
  expect(one).toBeInstanceOf(Item);
  expect(one.createdAt).toEqual(new Date('2024-01-01T00:00:00.000Z'));
  expect(one.label).toBe('#1');
  server.handle((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify([{ id: 2, createdAt: '2024-02-01T00:00:00.000Z' }, { id: 3 }]));
  });
  const many = await api.many();
  expect(many.map((i) => [i instanceof Item, i.label])).toEqual([
    [true, '#2'],
    [true, '#3'],
  ]);
});
