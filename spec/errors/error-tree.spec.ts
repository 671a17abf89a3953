import { inspect } from 'node:util';
import {
  ApiError,
  AuthError,
  BadGatewayError,
  BadRequestError,
  CancelledError,
  ClientError,
  ConflictError,
  DeclarationError,
  DecodeError,
  ForbiddenError,
  GatewayTimeoutError,
  HttpError,
  InternalServerError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  RequestError,
  ServerError,
  ServiceUnavailableError,
  SessionExpiredError,
  TimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableEntityError,
} from 'restfit';

const request = {
  method: 'GET',
  url: 'https://api.example.com/v1/users/1',
  service: 'UsersApi',
  operation: 'getUser',
};

describe('the tree: instanceof and stable codes for every class', () => {
  test.each<[string, () => ApiError, Function[], string]>([
    ['DeclarationError', () => new DeclarationError('m'), [DeclarationError], 'DECLARATION_ERROR'],
    ['RequestError', () => new RequestError('m'), [RequestError], 'REQUEST_ERROR'],
    ['NetworkError', () => new NetworkError('m'), [NetworkError], 'NETWORK_ERROR'],
    ['TimeoutError', () => new TimeoutError('m'), [TimeoutError], 'TIMEOUT'],
    [
      'TimeoutError (deadline)',
      () => new TimeoutError('m', { code: 'DEADLINE_EXCEEDED' }),
      [TimeoutError],
      'DEADLINE_EXCEEDED',
    ],
    ['CancelledError', () => new CancelledError('m'), [CancelledError], 'CANCELLED'],
    ['DecodeError', () => new DecodeError('m'), [DecodeError], 'DECODE_ERROR'],
    [
      'DecodeError (too large)',
      () => new DecodeError('m', { code: 'RESPONSE_TOO_LARGE' }),
      [DecodeError],
      'RESPONSE_TOO_LARGE',
    ],
    ['RateLimitError', () => new RateLimitError('m', { retryAfterMs: 5 }), [RateLimitError], 'RATE_LIMITED'],
    ['AuthError', () => new AuthError('m'), [AuthError], 'AUTH_ERROR'],
    [
      'SessionExpiredError',
      () => new SessionExpiredError('m'),
      [SessionExpiredError, AuthError],
      'SESSION_EXPIRED',
    ],
    ['HttpError', () => new HttpError({ status: 302 }), [HttpError], 'HTTP_ERROR'],
    ['ClientError', () => new ClientError({ status: 418 }), [ClientError, HttpError], 'CLIENT_ERROR'],
    ['ServerError', () => new ServerError({ status: 599 }), [ServerError, HttpError], 'SERVER_ERROR'],
    [
      'BadRequestError',
      () => new BadRequestError({ status: 400 }),
      [BadRequestError, ClientError, HttpError],
      'BAD_REQUEST',
    ],
    [
      'UnauthorizedError',
      () => new UnauthorizedError({ status: 401 }),
      [UnauthorizedError, ClientError, HttpError],
      'UNAUTHORIZED',
    ],
    [
      'ForbiddenError',
      () => new ForbiddenError({ status: 403 }),
      [ForbiddenError, ClientError, HttpError],
      'FORBIDDEN',
    ],
    [
      'NotFoundError',
      () => new NotFoundError({ status: 404 }),
      [NotFoundError, ClientError, HttpError],
      'NOT_FOUND',
    ],
    [
      'ConflictError',
      () => new ConflictError({ status: 409 }),
      [ConflictError, ClientError, HttpError],
      'CONFLICT',
    ],
    [
      'UnprocessableEntityError',
      () => new UnprocessableEntityError({ status: 422 }),
      [UnprocessableEntityError, ClientError, HttpError],
      'UNPROCESSABLE_ENTITY',
    ],
    [
      'TooManyRequestsError',
      () => new TooManyRequestsError({ status: 429 }),
      [TooManyRequestsError, ClientError, HttpError],
      'TOO_MANY_REQUESTS',
    ],
    [
      'InternalServerError',
      () => new InternalServerError({ status: 500 }),
      [InternalServerError, ServerError, HttpError],
      'INTERNAL_SERVER_ERROR',
    ],
    [
      'BadGatewayError',
      () => new BadGatewayError({ status: 502 }),
      [BadGatewayError, ServerError, HttpError],
      'BAD_GATEWAY',
    ],
    [
      'ServiceUnavailableError',
      () => new ServiceUnavailableError({ status: 503 }),
      [ServiceUnavailableError, ServerError, HttpError],
      'SERVICE_UNAVAILABLE',
    ],
    [
      'GatewayTimeoutError',
      () => new GatewayTimeoutError({ status: 504 }),
      [GatewayTimeoutError, ServerError, HttpError],
      'GATEWAY_TIMEOUT',
    ],
  ])('%s', (name, make, ancestors, code) => {
    const error = make();
    for (const Ancestor of [...ancestors, ApiError, Error]) expect(error).toBeInstanceOf(Ancestor);
    expect(error.name).toBe(name.replace(/ \(.*\)$/, ''));
    expect(error.code).toBe(code);
    expect(error.stack?.startsWith(`${error.name}: `)).toBe(true);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
  });

  test('classes of different branches are not confused', () => {
    expect(new NotFoundError({ status: 404 })).not.toBeInstanceOf(ServerError);
    expect(new InternalServerError({ status: 500 })).not.toBeInstanceOf(ClientError);
    expect(new NetworkError('m')).not.toBeInstanceOf(HttpError);
    expect(new TimeoutError('m')).not.toBeInstanceOf(NetworkError);
    expect(new AuthError('m')).not.toBeInstanceOf(SessionExpiredError);
  });

  test('a user subclass without a constructor is built from the same init and keeps its name', () => {
    class ResourceGone extends ClientError<{ since: string }> {
      get since() {
        return this.data?.since;
      }
    }
    const error = new ResourceGone({ status: 410, statusText: 'Gone', data: { since: '2024' }, request });
    expect(error).toBeInstanceOf(ResourceGone);
    expect(error).toBeInstanceOf(ClientError);
    expect(error.name).toBe('ResourceGone');
    expect(error.code).toBe('GONE');
    expect(error.since).toBe('2024');
    expect(error.message).toBe('UsersApi.getUser: HTTP 410 Gone (GET https://api.example.com/v1/users/1)');
  });

  test('every error has attempts, elapsedMs, status and request from the start', () => {
    const error = new TimeoutError('m');
    expect(error).toMatchObject({
      attempts: 0,
      elapsedMs: 0,
      status: 0,
      request: { method: '', url: '', service: '', operation: '' },
    });
  });
});

describe('HttpError message detail', () => {
  test.each([
    [{ message: 'user 1 not found' }, ': user 1 not found'],
    [{ error: 'invalid_grant', error_description: 'code expired' }, ': code expired'],
    [{ error: { code: 7, message: 'quota exceeded' } }, ': quota exceeded'],
    [{ title: 'Bad thing', detail: 'the detail' }, ': the detail'],
    [{ id: 1 }, ''],
    ['<html>oops</html>', ''],
    ['plain words\n', ': plain words'],
    [`${'x'.repeat(300)}`, `: ${'x'.repeat(200)}…`],
  ])('%p', (data, suffix) => {
    expect(new NotFoundError({ status: 404, statusText: 'Not Found', data, request }).message).toBe(
      `UsersApi.getUser: HTTP 404 Not Found (GET https://api.example.com/v1/users/1)${suffix}`,
    );
  });
});

describe('toJSON and util.inspect', () => {
  const secret = 'session=s3cr3t-v4lu3';

  function httpError() {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new ServiceUnavailableError({
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'set-cookie': secret, 'x-trace': 't-1', 'retry-after': '2' },
      data: { message: 'try later' },
      request,
      retryAfterMs: 2000,
      cause,
    });
    error.attempts = 3;
    error.elapsedMs = 1234;
    return error;
  }

  test('toJSON has the fields, set-cookie redacted, and a summary of the cause', () => {
    expect(JSON.parse(JSON.stringify(httpError()))).toEqual({
      name: 'ServiceUnavailableError',
      message:
        'UsersApi.getUser: HTTP 503 Service Unavailable (GET https://api.example.com/v1/users/1): try later',
      code: 'SERVICE_UNAVAILABLE',
      attempts: 3,
      elapsedMs: 1234,
      request,
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'set-cookie': '[REDACTED]', 'x-trace': 't-1', 'retry-after': '2' },
      data: { message: 'try later' },
      retryAfterMs: 2000,
      cause: { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' },
    });
  });

  test('the raw headers stay available to code', () => {
    expect(httpError().headers['set-cookie']).toBe(secret);
  });

  test('inspect shows the stack and the fields, never the secret', () => {
    const shown = inspect(httpError(), { depth: Infinity });
    expect(shown).toMatch(/^ServiceUnavailableError: UsersApi\.getUser: HTTP 503/);
    expect(shown).toContain("code: 'SERVICE_UNAVAILABLE'");
    expect(shown).toContain("'set-cookie': '[REDACTED]'");
    expect(shown).toContain('retryAfterMs: 2000');
    expect(shown).not.toContain('s3cr3t');
    expect(inspect({ wrapped: httpError() }, { depth: Infinity, showHidden: true })).not.toContain('s3cr3t');
    expect(inspect(new Error('outer', { cause: httpError() }), { depth: Infinity })).not.toContain('s3cr3t');
  });

  test('cause is kept but not enumerable', () => {
    const error = httpError();
    expect((error.cause as Error).message).toBe('socket hang up');
    expect(Object.keys(error)).not.toContain('cause');
    expect(Object.keys(error)).not.toContain('name');
  });

  test('an ApiError cause is shown as its own JSON', () => {
    const last = new NetworkError('the connection was refused', { request, kind: 'connect' });
    const error = new TimeoutError('deadline', { code: 'DEADLINE_EXCEEDED', cause: last, request });
    expect(error.toJSON().cause).toEqual(
      expect.objectContaining({ name: 'NetworkError', code: 'NETWORK_ERROR', kind: 'connect' }),
    );
  });

  test('bodies are bounded in toJSON: bytes described, long text cut', () => {
    expect(new BadRequestError({ status: 400, data: Buffer.alloc(5000) }).toJSON().data).toBe('[5000 bytes]');
    expect(String(new BadRequestError({ status: 400, data: 'y'.repeat(5000) }).toJSON().data)).toHaveLength(
      2001,
    );
  });

  test('DecodeError keeps the raw body out of toJSON and inspect', () => {
    const error = new DecodeError('bad', {
      status: 200,
      snippet: '{"a":',
      body: Buffer.from('{"a":"private"'),
    });
    expect(error.body?.toString()).toBe('{"a":"private"');
    expect(JSON.stringify(error)).not.toContain('private');
    expect(inspect(error, { depth: Infinity })).not.toContain('private');
    expect(error.toJSON()).toMatchObject({ snippet: '{"a":', status: 200 });
  });

  test('an AxiosError cause is replaced by a safe copy without config, request or response', () => {
    const axiosLike = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'AxiosError',
      isAxiosError: true,
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: 'Bearer t0k3n' } },
      request: { _header: 'Authorization: Bearer t0k3n' },
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      toJSON: () => ({ config: { headers: { Authorization: 'Bearer t0k3n' } } }),
    });
    const error = new NetworkError('refused', { cause: axiosLike });
    const cause = error.cause as Error & { code: string; config?: unknown; isAxiosError?: boolean };
    expect(cause).not.toBe(axiosLike);
    expect(cause).toMatchObject({
      name: 'AxiosError',
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
    });
    expect(cause.config).toBeUndefined();
    expect(cause.isAxiosError).toBeUndefined();
    expect((cause.cause as Error).message).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(inspect(cause, { depth: Infinity, showHidden: true })).not.toContain('t0k3n');
    expect(JSON.stringify(cause)).not.toContain('t0k3n');
  });
});
