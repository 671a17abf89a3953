import 'reflect-metadata';
import { Agent } from 'node:http';
import axios from 'axios';
import {
  CallOptions,
  Get,
  Query,
  QueryMap,
  RestClient,
  Url,
  bearerAuth,
  declared,
  type CallOptions as CallOptionsType,
  type Interceptor,
  type RestClientOptions,
} from 'restfit';
import type { Received } from '../support/test-server';
import { withPollutedPrototype } from './support/pollute';
import { useTwoServers } from './support/two-servers';

class Api {
  @Get('/items')
  list(
    @Query('tags') tags: string[],
    @QueryMap() filter?: Record<string, string>,
    @CallOptions() options?: CallOptionsType,
  ): Promise<unknown> {
    return declared();
  }
}

class AnyUrlApi {
  @Get()
  at(@Url() url: string): Promise<unknown> {
    return declared();
  }
}

const servers = useTwoServers();

/** What a call sends, reduced to what pollution could change. */
function seen(received: Received[]) {
  return received.map((r) => ({
    method: r.method,
    url: r.url,
    headers: Object.keys(r.headers)
      .filter((name) => !['host', 'connection', 'accept-encoding'].includes(name))
      .sort()
      .map((name) => `${name}: ${name === 'user-agent' ? '' : r.headers[name]}`),
  }));
}

/** Two calls of an ordinary client (one retried after a 503), their results, and what each server saw. */
async function ordinaryCalls(options: RestClientOptions = {}) {
  servers.server.script(
    (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"down":true}');
    },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    },
  );
  const client = new RestClient({
    baseURL: servers.server.url,
    retry: { backoff: { baseMs: 1, maxMs: 1 } },
    ...options,
  });
  const api = client.create(Api);
  const results: unknown[] = [];
  results.push(await api.list(['a', 'b'], { q: 'x' }).catch((error: Error) => error.constructor.name));
  results.push(await api.list(['c'], undefined, {}).catch((error: Error) => error.constructor.name));
  return {
    results,
    server: seen(servers.server.received.splice(0)),
    other: seen(servers.other.received.splice(0)),
  };
}

const recordingInterceptor: Interceptor = (request, next) => {
  request.headers['x-polluted'] = 'interceptor';
  return next(request);
};
const hostile = (): Array<[string, () => unknown]> => [
  ['baseURL', () => servers.other.url],
  ['axios', () => axios.create({ baseURL: servers.other.url })],
  ['headers', () => ({ 'x-polluted': 'headers', authorization: 'Bearer polluted' })],
  ['timeout', () => 1],
  ['auth', () => bearerAuth('polluted')],
  ['retry', () => false],
  ['limit', () => 0],
  ['deadlineMs', () => 1],
  ['retryIf', () => () => false],
  ['backoff', () => ({ baseMs: 60_000, maxMs: 60_000 })],
  ['rateLimit', () => ({ requests: 1, perMs: 60_000, wait: false })],
  ['interceptors', () => [recordingInterceptor]],
  [
    'hooks',
    () => ({
      onRequest: () => {
        throw new Error('polluted hook');
      },
    }),
  ],
  [
    'onRequest',
    () => () => {
      throw new Error('polluted hook');
    },
  ],
  [
    'logger',
    () => ({
      debug: () => {
        throw new Error('polluted logger');
      },
      info() {},
      warn() {},
      error() {},
    }),
  ],
  ['responseMode', () => 'full'],
  ['errors', () => ({ 503: class Polluted extends Error {} })],
  ['maxContentLength', () => 1],
  ['maxRedirects', () => 0],
  ['httpAgent', () => new Agent({ maxSockets: 1 })],
  ['proxy', () => ({ protocol: 'http', host: '127.0.0.1', port: servers.other.port })],
  ['querySerializer', () => 'comma'],
  ['clock', () => ({ now: () => 0, sleep: () => new Promise(() => undefined), random: () => 0 })],
  ['signal', () => AbortSignal.abort()],
  ['polluted', () => 'enumerable'],
];

describe('a polluted Object.prototype changes no call', () => {
  test.each(
    hostile().flatMap(([key, value]) => [
      [key, true, value],
      [key, false, value],
    ]),
  )('Object.prototype.%s (enumerable: %s)', async (key, enumerable, value) => {
    const expected = await ordinaryCalls();
    const polluted = await withPollutedPrototype(
      key as string,
      (value as () => unknown)(),
      enumerable as boolean,
      () => ordinaryCalls(),
    );
    expect(polluted).toEqual(expected);
    expect(expected.results).toEqual([{ ok: true }, { ok: true }]);
    expect(expected.server.map((r) => r.url)).toEqual([
      '/items?tags=a&tags=b&q=x',
      '/items?tags=a&tags=b&q=x',
      '/items?tags=c',
    ]);
  });

  test('a polluted non-string enumerable key neither reaches the query nor throws a TypeError', async () => {
    const polluted = await withPollutedPrototype('evil', 42, true, () => ordinaryCalls());
    expect(polluted.results).toEqual([{ ok: true }, { ok: true }]);
    expect(polluted.server.map((r) => r.url)).toEqual([
      '/items?tags=a&tags=b&q=x',
      '/items?tags=a&tags=b&q=x',
      '/items?tags=c',
    ]);
  });

  test('a polluted baseURL does not make a client without one send credentials on @Url calls', async () => {
    const outcome = await withPollutedPrototype('baseURL', servers.other.url, true, async () => {
      const api = new RestClient({ auth: bearerAuth('secret-token') }).create(AnyUrlApi);
      return api.at(`${servers.other.url}/x`);
    });
    expect(outcome).toEqual({ ok: true });
    expect(servers.other.received).toHaveLength(1);
    expect(servers.other.received[0].headers.authorization).toBeUndefined();
  });

  test.each([true, false])(
    'an axios-shaped auth (enumerable: %s) neither breaks createClient nor adds Basic credentials',
    async (enumerable) => {
      const polluted = await withPollutedPrototype('auth', { username: 'u', password: 'p' }, enumerable, () =>
        ordinaryCalls(),
      );
      expect(polluted.results).toEqual([{ ok: true }, { ok: true }]);
      expect(polluted.server.flatMap((r) => r.headers).some((h) => h.startsWith('authorization'))).toBe(
        false,
      );
    },
  );

  test('a polluted proxy does not route the default axios instance through it', async () => {
    const polluted = await withPollutedPrototype(
      'proxy',
      { protocol: 'http', host: '127.0.0.1', port: servers.other.port },
      false,
      () => ordinaryCalls(),
    );
    expect(polluted.other).toEqual([]);
    expect(polluted.server).toHaveLength(3);
  });
});
