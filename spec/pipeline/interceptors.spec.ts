import 'reflect-metadata';
import {
  CallOptions,
  FullResponse,
  Get,
  Path,
  createClient,
  declared,
  type ApiRequest,
  type ApiResponse,
  type Interceptor,
  type RestClientOptions,
} from 'restfit';
import { json, startServer, type TestServer } from '../support/test-server';
import { TestClock } from './support/test-clock';

const TRACE = Symbol('trace');
/** A custom decorator an interceptor can read through request.endpoint.metadata(). */
const Traced =
  (name: string): MethodDecorator =>
  (target, key) =>
    Reflect.defineMetadata(TRACE, name, target, key);

class Api {
  @Get('/items/{id}')
  @Traced('item-read')
  get(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<any> {
    return declared();
  }

  @Get('/items/{id}')
  @FullResponse()
  getFull(@Path('id') id: string, @CallOptions() options?: CallOptions): Promise<ApiResponse<any>> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

function api(options: RestClientOptions = {}) {
  return createClient(Api, { baseURL: server.url, clock: new TestClock(), ...options });
}

describe('interceptors', () => {
  test('change the request: headers and query, on every attempt, once per call', async () => {
    server.script(json(503, {}), json(503, {}), json(200, { ok: true }));
    let runs = 0;
    const stamp: Interceptor = (request, next) => {
      runs++;
      request.headers['x-request-id'] = `req-${runs}`;
      request.query.trace = '1';
      return next(request);
    };
    await api({ interceptors: [stamp] }).get('1');
    expect(runs).toBe(1);
    expect(server.received.map((r) => [r.headers['x-request-id'], r.rawQuery])).toEqual([
      ['req-1', 'trace=1'],
      ['req-1', 'trace=1'],
      ['req-1', 'trace=1'],
    ]);
  });

  test('short-circuit with their own ApiResponse: nothing is sent', async () => {
    const cached: Interceptor = async (request) => ({
      ok: true,
      status: 200,
      statusText: 'OK (cache)',
      headers: {},
      data: { cached: request.endpoint.args[0] },
      elapsedMs: 0,
      attempts: 0,
      request: {
        method: request.method,
        url: request.url,
        service: request.endpoint.service,
        operation: request.endpoint.operation,
      },
    });
    await expect(api({ interceptors: [cached] }).get('42')).resolves.toEqual({ cached: '42' });
    expect(server.received).toHaveLength(0);
  });

  test('observe the final outcome (after retries) and read the endpoint metadata', async () => {
    server.script(json(500, {}), json(200, { ok: true }));
    const seen: Array<[string | undefined, string, number, number]> = [];
    const observe: Interceptor = async (request, next) => {
      const outcome = await next(request);
      seen.push([
        request.endpoint.metadata<string>(TRACE),
        request.endpoint.pathTemplate,
        outcome.status,
        outcome.attempts,
      ]);
      return outcome;
    };
    await api({ interceptors: [observe] }).get('1');
    expect(seen).toEqual([['item-read', '/items/{id}', 200, 2]]);
  });

  test('run in order, the first outermost; per-call interceptors run inside the client ones', async () => {
    const order: string[] = [];
    const named =
      (name: string): Interceptor =>
      async (request, next) => {
        order.push(`>${name}`);
        const outcome = await next(request);
        order.push(`<${name}`);
        return outcome;
      };
    const client = api({ interceptors: [named('a'), named('b')] });
    await client.get('1', { interceptors: [named('call')] });
    expect(order).toEqual(['>a', '>b', '>call', '<call', '<b', '<a']);
    order.length = 0;
    await client.get('2');
    expect(order).toEqual(['>a', '>b', '<b', '<a']);
  });

  test('a per-call interceptor changes only its own call', async () => {
    const client = api();
    await client.get('1', {
      interceptors: [(request, next) => ((request.headers['x-once'] = 'yes'), next(request))],
    });
    await client.get('2');
    expect(server.received.map((r) => r.headers['x-once'])).toEqual(['yes', undefined]);
  });

  test('an interceptor that throws fails the call with an ApiError (INTERCEPTOR_ERROR), cause kept', async () => {
    const boom = new Error('boom');
    const client = api({ interceptors: [() => Promise.reject(boom)] });
    const error = await client.get('1').catch((e) => e);
    expect(error).toMatchObject({ name: 'ApiError', code: 'INTERCEPTOR_ERROR' });
    expect(error.cause).toBe(boom);
    expect(error.message).toContain('Api.get');
  });
});

describe('hooks', () => {
  test('onRequest / onResponse / onError fire per attempt with elapsedMs; onRetry between attempts', async () => {
    server.script(json(503, {}), json(200, { ok: true }));
    const events: string[] = [];
    const hooks: RestClientOptions['hooks'] = {
      onRequest: (request: ApiRequest) => events.push(`request ${request.attempt}`),
      onResponse: (response, request) =>
        events.push(`response ${response.status} ${request.attempt} ${typeof response.elapsedMs}`),
      onError: (error, request) =>
        events.push(`error ${error.status} ${request.attempt} ${typeof error.elapsedMs}`),
      onRetry: (event) => events.push(`retry ${event.attempt}`),
    };
    const response = await api({ hooks }).getFull('1');
    expect(events).toEqual([
      'request 1',
      'error 503 1 number',
      'retry 2',
      'request 2',
      'response 200 2 number',
    ]);
    expect(response.attempts).toBe(2);
    expect(typeof response.elapsedMs).toBe('number');
  });
});
