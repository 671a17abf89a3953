import 'reflect-metadata';
import {
  ApiError,
  BadGatewayError,
  BadRequestError,
  ClientError,
  ConflictError,
  DeclarationError,
  ErrorType,
  ForbiddenError,
  GatewayTimeoutError,
  Get,
  Head,
  HttpError,
  InternalServerError,
  NotFoundError,
  RestClient,
  ServerError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableEntityError,
  createClient,
  declared,
  type Clock,
  type HttpErrorClass,
} from 'restfit';
import { startServer, json, text, type TestServer } from '../support/test-server';

class Problem {
  type!: string;
  detail!: string;
  get summary() {
    return `${this.type}: ${this.detail}`;
  }
}

class Things {
  @Get('/things') list(): Promise<any> {
    return declared();
  }
  @Head('/things') head(): Promise<any> {
    return declared();
  }
  @Get('/typed') @ErrorType(Problem) typed(): Promise<any> {
    return declared();
  }
}

/**
 * Every call to now() moves time on by 7 ms, so elapsedMs is visibly measured on this clock. It starts
 * at the wall clock's epoch ms (as Clock.now() is specified): an HTTP-date Retry-After is read on it.
 */
function steppingClock(): Clock & { current(): number } {
  let now = Date.now();
  return { now: () => (now += 7), current: () => now, sleep: () => Promise.resolve(), random: () => 0 };
}
const clock = steppingClock();

let server: TestServer;
let things: Things;
beforeAll(async () => {
  server = await startServer();
  things = createClient(Things, { baseURL: server.url, retry: false, clock });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const byStatus: Array<[number, string, Function, Function]> = [
  [400, 'BAD_REQUEST', BadRequestError, ClientError],
  [401, 'UNAUTHORIZED', UnauthorizedError, ClientError],
  [403, 'FORBIDDEN', ForbiddenError, ClientError],
  [404, 'NOT_FOUND', NotFoundError, ClientError],
  [409, 'CONFLICT', ConflictError, ClientError],
  [422, 'UNPROCESSABLE_ENTITY', UnprocessableEntityError, ClientError],
  [429, 'TOO_MANY_REQUESTS', TooManyRequestsError, ClientError],
  [500, 'INTERNAL_SERVER_ERROR', InternalServerError, ServerError],
  [502, 'BAD_GATEWAY', BadGatewayError, ServerError],
  [503, 'SERVICE_UNAVAILABLE', ServiceUnavailableError, ServerError],
  [504, 'GATEWAY_TIMEOUT', GatewayTimeoutError, ServerError],
  [405, 'METHOD_NOT_ALLOWED', ClientError, ClientError],
  [410, 'GONE', ClientError, ClientError],
  [418, 'CLIENT_ERROR', ClientError, ClientError],
  [451, 'UNAVAILABLE_FOR_LEGAL_REASONS', ClientError, ClientError],
  [501, 'NOT_IMPLEMENTED', ServerError, ServerError],
  [507, 'SERVER_ERROR', ServerError, ServerError],
  [599, 'SERVER_ERROR', ServerError, ServerError],
];

describe('every status has its class and a stable code', () => {
  test.each(byStatus)('%i → code %s', async (status, code, ErrorClass, Family) => {
    server.handle(json(status, { message: `status ${status} explained` }, { 'x-request-id': 'r-1' }));
    const error = await things.list().catch((e) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(Family);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.data).toEqual({ message: `status ${status} explained` });
    expect(error.headers['x-request-id']).toBe('r-1');
    expect(error.headers['content-type']).toBe('application/json');
    expect(error.attempts).toBe(1);
    expect(error.elapsedMs).toBeGreaterThan(0);
    expect(error.elapsedMs % 7).toBe(0);
    expect(error.request).toEqual({
      method: 'GET',
      url: `${server.url}/things`,
      service: 'Things',
      operation: 'list',
    });
    expect(error.message).toBe(
      `Things.list: HTTP ${status} ${error.statusText} (GET ${server.url}/things): status ${status} explained`,
    );
    expect(error.statusText).not.toBe('');
  });
});

describe('error bodies', () => {
  test('an HTML 502 page arrives as text in HttpError.data, and the message does not repeat it', async () => {
    const page =
      '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';
    server.handle(text(502, page, { 'content-type': 'text/html' }));
    const error = await things.list().catch((e) => e);
    expect(error).toBeInstanceOf(BadGatewayError);
    expect(error.data).toBe(page);
    expect(error.message).toBe(`Things.list: HTTP 502 Bad Gateway (GET ${server.url}/things)`);
  });

  test('an HTML 502 page that claims to be JSON is kept as text, not lost to a DecodeError', async () => {
    server.handle(text(502, '<html>bad gateway</html>', { 'content-type': 'application/json' }));
    await expect(things.list()).rejects.toMatchObject({
      name: 'BadGatewayError',
      code: 'BAD_GATEWAY',
      data: '<html>bad gateway</html>',
    });
  });

  test('a one-line plain-text error body becomes the detail of the message', async () => {
    server.handle(text(503, 'down for maintenance\n', { 'content-type': 'text/plain' }));
    await expect(things.list()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      data: 'down for maintenance\n',
      message: `Things.list: HTTP 503 Service Unavailable (GET ${server.url}/things): down for maintenance`,
    });
  });

  test('a binary error body is a Buffer', async () => {
    server.handle(text(500, Buffer.from([1, 2, 255]), { 'content-type': 'application/octet-stream' }));
    const error = await things.list().catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(Buffer.isBuffer(error.data) && error.data.equals(Buffer.from([1, 2, 255]))).toBe(true);
  });

  test('a HEAD 404 has no data', async () => {
    server.handle(json(404, { message: 'not sent for HEAD' }));
    await expect(things.head()).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      data: undefined,
    });
  });

  test('an error body that pollutes nothing', async () => {
    server.handle(
      text(400, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}', {
        'content-type': 'application/json',
      }),
    );
    const error = await things.typed().catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.data).toBeInstanceOf(Problem);
    expect(error.data.polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
  });

  test('@ErrorType maps HttpError.data with class-transformer', async () => {
    server.handle(json(422, { type: 'validation', detail: 'name is required' }));
    const error = await things.typed().catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.data).toBeInstanceOf(Problem);
    expect(error.data.summary).toBe('validation: name is required');
    expect(error.message).toBe(
      `Things.typed: HTTP 422 Unprocessable Entity (GET ${server.url}/typed): name is required`,
    );
  });

  test('@ErrorType leaves a text body alone', async () => {
    server.handle(text(500, 'boom', { 'content-type': 'text/plain' }));
    await expect(things.typed()).rejects.toMatchObject({ name: 'InternalServerError', data: 'boom' });
  });

  test.each([
    [429, TooManyRequestsError],
    [503, ServiceUnavailableError],
  ])('%i carries retryAfterMs from Retry-After (seconds or HTTP date)', async (status, ErrorClass) => {
    server.handle(json(status, {}, { 'retry-after': '3' }));
    const error = await things.list().catch((e) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.retryAfterMs).toBe(3000);
    // An hour ahead on the client's clock (which lags the wall clock: it moves 7 ms a reading).
    server.handle(json(status, {}, { 'retry-after': new Date(clock.current() + 3_600_000).toUTCString() }));
    const dated = await things.list().catch((e) => e);
    expect(dated.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(3_600_000);
    server.handle(json(status, {}));
    const without = await things.list().catch((e) => e);
    expect(without.retryAfterMs).toBeUndefined();
  });
});

describe('your own error classes (the errors option)', () => {
  // Declared WITHOUT a constructor: restfit constructs them exactly like its own.
  class UserNotFound extends NotFoundError<{ reason: string }> {
    get reason() {
      return this.data?.reason;
    }
  }
  class PaymentRequired extends ClientError<{ plan: string }> {}
  class UpstreamDown extends HttpError {}
  class Teapot extends ClientError {}

  const client = () =>
    new RestClient({
      baseURL: server.url,
      retry: false,
      errors: { 404: UserNotFound, 402: PaymentRequired, 502: UpstreamDown, 418: Teapot },
    }).create(Things);

  test('a subclass of a built-in class: instanceof works for it and for every ancestor', async () => {
    server.handle(json(404, { reason: 'deleted' }));
    const error = await client()
      .list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(UserNotFound);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UserNotFound');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.reason).toBe('deleted');
    expect(error.request).toMatchObject({ service: 'Things', operation: 'list' });
    expect(error.attempts).toBe(1);
    expect(error.stack).toMatch(/^UserNotFound: Things\.list: HTTP 404/);
  });

  test('a status without a built-in class', async () => {
    server.handle(json(402, { plan: 'pro' }));
    const error = await client()
      .list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(PaymentRequired);
    expect(error).toMatchObject({ code: 'PAYMENT_REQUIRED', data: { plan: 'pro' } });
    server.handle(json(418, {}));
    await expect(client().list()).rejects.toBeInstanceOf(Teapot);
  });

  test('replacing a built-in class: 502 becomes UpstreamDown, not BadGatewayError', async () => {
    server.handle(text(502, 'upstream', { 'content-type': 'text/plain' }));
    const error = await client()
      .list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamDown);
    expect(error).not.toBeInstanceOf(BadGatewayError);
    expect(error).toMatchObject({ name: 'UpstreamDown', code: 'BAD_GATEWAY', status: 502, data: 'upstream' });
  });

  test('statuses not in the map keep their built-in classes', async () => {
    server.handle(json(409, {}));
    await expect(client().list()).rejects.toBeInstanceOf(ConflictError);
  });

  test.each([
    [
      { 404: class NotAnError {} },
      'RestClient: errors option: 404 must map to a class extending HttpError (e.g. class MyNotFound extends NotFoundError {}), got class/function NotAnError',
    ],
    [
      { 404: Error },
      'RestClient: errors option: 404 must map to a class extending HttpError (e.g. class MyNotFound extends NotFoundError {}), got class/function Error',
    ],
    [
      { 404: 'NotFound' },
      'RestClient: errors option: 404 must map to a class extending HttpError (e.g. class MyNotFound extends NotFoundError {}), got string',
    ],
    [
      { 200: NotFoundError },
      'RestClient: errors option: key "200" is not an error status — only statuses 300-599 can be mapped to an error class',
    ],
    [
      { abc: NotFoundError },
      'RestClient: errors option: key "abc" is not an error status — only statuses 300-599 can be mapped to an error class',
    ],
  ])('a bad map is a DeclarationError at creation: %p', (errors, message) => {
    const create = () =>
      new RestClient({ baseURL: server.url, errors: errors as unknown as Record<number, HttpErrorClass> });
    expect(create).toThrow(DeclarationError);
    expect(create).toThrow(message);
  });
});
