import 'reflect-metadata';
import {
  ApiError,
  Body,
  CallOptions,
  DeclarationError,
  DecodeError,
  FullResponse,
  Get,
  Head,
  InternalServerError,
  NetworkError,
  NotFoundError,
  Path,
  Post,
  RequestError,
  RestClient,
  Returns,
  createClient,
  declared,
  type ApiResponse,
  type FullResponseService,
} from 'restfit';
import { json, freePort, startServer, text, type TestServer } from '../support/test-server';

class User {
  id!: number;
  name!: string;
}

class Users {
  @Get('/users/{id}') @Returns(User) get(
    @Path('id') id: string,
    @CallOptions() _options?: CallOptions,
  ): Promise<User> {
    return declared();
  }
  @Get('/users/{id}') @FullResponse() @Returns(User) getFull(
    @Path('id') id: string,
  ): Promise<ApiResponse<User>> {
    return declared();
  }
  @Head('/users') head(): Promise<ApiResponse<undefined>> {
    return declared();
  }
  @Post('/users') create(@Body() user: Partial<User>): Promise<ApiResponse<User>> {
    return declared();
  }
}

class Broken {
  @Get('/users/{id}') get(): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
let full: FullResponseService<Users>;
let body: Users;
beforeAll(async () => {
  server = await startServer();
  full = createClient(Users, { baseURL: server.url, retry: false, responseMode: 'full' });
  body = createClient(Users, { baseURL: server.url, retry: false });
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** The invariants of every ApiResponse, whatever the outcome. */
function expectShape(response: ApiResponse<unknown>, method: string, url: string, operation: string): void {
  expect(typeof response.ok).toBe('boolean');
  expect(typeof response.status).toBe('number');
  expect(typeof response.statusText).toBe('string');
  expect(response.headers).toEqual(expect.any(Object));
  expect('data' in response).toBe(true);
  expect(response.attempts).toBe(1);
  expect(response.elapsedMs).toBeGreaterThanOrEqual(0);
  expect(response.request).toEqual({ method, url, service: 'Users', operation });
  if (!response.ok) {
    expect(response.error).toBeInstanceOf(ApiError);
    expect(response.error!.message).not.toBe('');
    expect(response.error!.status).toBe(response.status);
    expect(response.error!.attempts).toBe(1);
  } else {
    expect(response.error).toBeUndefined();
  }
}

const as = <T>(value: unknown) => value as ApiResponse<T>;

describe("responseMode: 'full' resolves for every outcome", () => {
  test('2xx: ok, decoded and mapped data, headers, status text', async () => {
    server.handle(json(200, { id: 1, name: 'Ann' }, { etag: '"v1"' }));
    const response = as<User>(await full.get('1'));
    expectShape(response, 'GET', `${server.url}/users/1`, 'get');
    expect(response).toMatchObject({ ok: true, status: 200, statusText: 'OK' });
    expect(response.headers.etag).toBe('"v1"');
    expect(response.data).toBeInstanceOf(User);
    expect(response.data).toEqual({ id: 1, name: 'Ann' });
  });

  test('404: not ok, the error body in data, NotFoundError in error', async () => {
    server.handle(json(404, { message: 'no user 2' }));
    const response = as<unknown>(await full.get('2'));
    expectShape(response, 'GET', `${server.url}/users/2`, 'get');
    expect(response).toMatchObject({
      ok: false,
      status: 404,
      statusText: 'Not Found',
      data: { message: 'no user 2' },
    });
    expect(response.error).toBeInstanceOf(NotFoundError);
    expect(response.error!.message).toBe(
      `Users.get: HTTP 404 Not Found (GET ${server.url}/users/2): no user 2`,
    );
  });

  test('500 with an HTML page: not ok, the page as text', async () => {
    server.handle(text(500, '<h1>oops</h1>', { 'content-type': 'text/html' }));
    const response = as<unknown>(await full.get('3'));
    expectShape(response, 'GET', `${server.url}/users/3`, 'get');
    expect(response).toMatchObject({ ok: false, status: 500, data: '<h1>oops</h1>' });
    expect(response.error).toBeInstanceOf(InternalServerError);
  });

  test('a decode failure: not ok, status 200, no data, DecodeError', async () => {
    server.handle(text(200, '{"id":', { 'content-type': 'application/json' }));
    const response = as<unknown>(await full.get('4'));
    expectShape(response, 'GET', `${server.url}/users/4`, 'get');
    expect(response).toMatchObject({ ok: false, status: 200, data: undefined });
    expect(response.error).toBeInstanceOf(DecodeError);
  });

  test('a refused connection: status 0, empty status text and headers, NetworkError', async () => {
    const port = await freePort();
    const offline = createClient(Users, {
      baseURL: `http://127.0.0.1:${port}`,
      retry: false,
      responseMode: 'full',
    });
    const response = as<unknown>(await offline.get('5'));
    expect(response).toMatchObject({
      ok: false,
      status: 0,
      statusText: '',
      headers: {},
      data: undefined,
      attempts: 1,
    });
    expect(response.request).toEqual({
      method: 'GET',
      url: `http://127.0.0.1:${port}/users/5`,
      service: 'Users',
      operation: 'get',
    });
    expect(response.error).toBeInstanceOf(NetworkError);
    expect(response.error!.message).toContain('the connection was refused');
  });

  test('HEAD and 204: ok with undefined data', async () => {
    server.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = as<undefined>(await full.head());
    expectShape(response, 'HEAD', `${server.url}/users`, 'head');
    expect(response).toMatchObject({ ok: true, status: 204, statusText: 'No Content', data: undefined });
  });
});

describe('choosing the mode', () => {
  test('@FullResponse() on a method of a body-mode client', async () => {
    server.handle(json(404, {}));
    const response = await body.getFull('9');
    expect(response).toMatchObject({ ok: false, status: 404 });
    expect(response.error).toBeInstanceOf(NotFoundError);
  });

  test('per call through @CallOptions(), in both directions', async () => {
    server.handle(json(500, { message: 'down' }));
    const response = as<unknown>(await body.get('1', { responseMode: 'full' }));
    expect(response).toMatchObject({ ok: false, status: 500, data: { message: 'down' } });
    await expect(full.get('1', { responseMode: 'body' })).rejects.toBeInstanceOf(InternalServerError);
  });
});

describe('mistakes in the caller’s code still throw', () => {
  test('DeclarationError at create()', () => {
    expect(() => createClient(Broken, { baseURL: server.url, responseMode: 'full' })).toThrow(
      DeclarationError,
    );
  });

  test('RequestError for bad input, and nothing is sent', async () => {
    await expect(full.get('..')).rejects.toBeInstanceOf(RequestError);
    await expect(full.get('a\r\nb', { headers: { 'x-bad': 'a\r\nb' } })).rejects.toBeInstanceOf(RequestError);
    expect(server.received).toHaveLength(0);
  });
});

test('a RequestError names the call it came from', async () => {
  const error = await full.get('..').catch((e) => e);
  expect(error).toBeInstanceOf(RequestError);
  expect(error.request).toEqual({
    method: 'GET',
    url: `${server.url}/users/{id}`,
    service: 'Users',
    operation: 'get',
  });
  expect(error.attempts).toBe(0);
});

describe("full mode and mistakes in the caller's code", () => {
  it('an interceptor that throws a RequestError throws, even in full mode; other failures resolve', async () => {
    class Pings {
      @Get('/ping')
      ping(): Promise<unknown> {
        return declared();
      }
    }
    const refuse = new RestClient({
      baseURL: 'http://127.0.0.1:9',
      responseMode: 'full',
      interceptors: [() => Promise.reject(new RequestError('Pings.ping: refused by policy'))],
    }).create(Pings);
    await expect(refuse.ping()).rejects.toThrow(new RequestError('Pings.ping: refused by policy'));

    const broken = new RestClient({
      baseURL: 'http://127.0.0.1:9',
      responseMode: 'full',
      interceptors: [() => Promise.reject(new Error('boom'))],
    }).create(Pings);
    await expect(broken.ping()).resolves.toMatchObject({
      ok: false,
      status: 0,
      error: { code: 'INTERCEPTOR_ERROR' },
    });
  });
});
