import 'reflect-metadata';
import { rejection } from '../support/rejection';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import {
  Body,
  Get,
  Header,
  Headers,
  HttpError,
  NetworkError,
  Path,
  Post,
  Put,
  Query,
  Url,
  apiKeyAuth,
  bearerAuth,
  createClient,
  declared,
  type AuthProvider,
  type RestClientOptions,
} from 'restfit';
import { echo, startServer, type Handler, type TestServer } from '../support/test-server';
import { startDualSchemeServer, type DualSchemeServer } from './support/dual-scheme-server';

/** Bearer + an API key in the query + a cookie: every kind of credential at once. */
const bearer = bearerAuth('tok');
const queryKey = apiKeyAuth({ in: 'query', name: 'tenantpass', value: 'qk' });
const cookieKey = apiKeyAuth({ in: 'cookie', name: 'sid', value: 'ck' });
const everything: AuthProvider = {
  async authenticate(request, context) {
    await bearer.authenticate(request, context);
    await queryKey.authenticate(request, context);
    await cookieKey.authenticate(request, context);
  },
};

class Api {
  @Get('/redirect/{status}')
  follow(
    @Path('status') status: number,
    @Query('to') to: string,
    @Header('x-api-key') key?: string,
    @Header('proxy-authorization') proxy?: string,
  ): Promise<{ url: string; headers: Record<string, string> }> {
    return declared();
  }

  @Post('/redirect/{status}')
  post(
    @Path('status') status: number,
    @Query('to') to: string,
    @Body() body: unknown,
  ): Promise<{ method: string; body: string; headers: Record<string, string> }> {
    return declared();
  }

  @Put('/redirect/{status}')
  put(@Path('status') status: number, @Query('to') to: string, @Body() body: Readable): Promise<unknown> {
    return declared();
  }

  @Get()
  at(@Url() url: string): Promise<{ url: string; headers: Record<string, string> }> {
    return declared();
  }
}

/** `/redirect/<status>?to=<url>` answers <status> with Location <url>; anything else is echoed. */
const redirector: Handler = (req, res, raw) => {
  const match = /^\/redirect\/(\d+)$/.exec(req.path);
  if (!match) return echo(req, res, raw);
  res.writeHead(Number(match[1]), { location: new URLSearchParams(req.rawQuery).get('to') ?? '' });
  res.end();
};

let a: TestServer; // the baseURL origin
let b: TestServer; // same host, another port
let c: Server; // same port as a, another host (127.0.0.2)
const cReceived: IncomingMessage['headers'][] = [];
let dual: DualSchemeServer; // http and https on one port
const cUrl = () => `http://127.0.0.2:${a.port}`;

beforeAll(async () => {
  a = await startServer(redirector);
  b = await startServer(redirector);
  c = createServer((req, res) => {
    cReceived.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url, headers: req.headers }));
  });
  await new Promise<void>((resolve) => c.listen(a.port, '127.0.0.2', resolve));
  dual = await startDualSchemeServer((scheme, req, res) => {
    if (scheme === 'http' && req.url?.startsWith('/start?')) {
      res.writeHead(302, { location: `https://127.0.0.1:${dual.port}/secure` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url, headers: req.headers }));
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
  c.closeAllConnections();
  await new Promise((resolve) => c.close(resolve));
  await dual.close();
});
beforeEach(() => {
  a.received.length = 0;
  b.received.length = 0;
  cReceived.length = 0;
  dual.received.length = 0;
});

const client = (options: RestClientOptions = {}) =>
  createClient(Api, { baseURL: a.url, auth: everything, ...options });

function expectNoCredentials(headers: IncomingMessage['headers'], url: string) {
  expect(headers.authorization).toBeUndefined();
  expect(headers['proxy-authorization']).toBeUndefined();
  expect(headers.cookie).toBeUndefined();
  expect(headers['x-api-key']).toBeUndefined();
  expect(url).not.toContain('tenantpass');
}

describe('credentials stay on the baseURL origin', () => {
  test('the baseURL origin gets every credential', async () => {
    const echoed = await client().at(`${a.url}/here?x=1`);
    expect(echoed.url).toBe('/here?x=1&tenantpass=qk');
    expect(echoed.headers.authorization).toBe('Bearer tok');
    expect(echoed.headers.cookie).toBe('sid=ck');
  });

  test('@Url to another origin (another port) gets none of them', async () => {
    await client().at(`${b.url}/elsewhere`);
    expectNoCredentials(b.received[0].headers, b.received[0].url);
    expect(b.received[0].url).toBe('/elsewhere');
  });

  test('@Url to another origin gets none of the static credential headers either (client headers, @Headers)', async () => {
    class Static {
      @Get()
      @Headers({ 'X-Api-Key': 'CLASSKEY', 'X-Trace': 'kept' })
      at(@Url() url: string, @Header('x-auth-token') token?: string): Promise<unknown> {
        return declared();
      }
    }
    const api = createClient(Static, {
      baseURL: a.url,
      headers: { Authorization: 'Bearer STATIC', Cookie: 'sid=S' },
    });
    await api.at(`${b.url}/elsewhere`, 'passed-for-this-call');
    expectNoCredentials(b.received[0].headers, b.received[0].url);
    expect(b.received[0].headers['x-trace']).toBe('kept');
    expect(b.received[0].headers['x-auth-token']).toBe('passed-for-this-call');
    await api.at(`${a.url}/home`);
    expect(a.received[0].headers).toMatchObject({
      authorization: 'Bearer STATIC',
      cookie: 'sid=S',
      'x-api-key': 'CLASSKEY',
    });
  });

  test('@Url to another host on the same port gets none of them', async () => {
    await client().at(`${cUrl()}/elsewhere`);
    expect(cReceived).toHaveLength(1);
    expectNoCredentials(cReceived[0], '');
  });

  test('a same-origin redirect keeps the credentials (the auth step adds them again)', async () => {
    const echoed = await client().follow(302, `${a.url}/final?y=2`, 'user-key');
    expect(a.received.map((r) => r.path)).toEqual(['/redirect/302', '/final']);
    expect(echoed.url).toBe('/final?y=2&tenantpass=qk');
    expect(echoed.headers.authorization).toBe('Bearer tok');
    expect(echoed.headers.cookie).toBe('sid=ck');
    expect(echoed.headers['x-api-key']).toBe('user-key');
  });

  test.each([
    [
      'another port',
      () => `${b.url}/landed`,
      () => b.received.map((r) => ({ headers: r.headers, url: r.url })),
    ],
    ['another host', () => `${cUrl()}/landed`, () => cReceived.map((headers) => ({ headers, url: '' }))],
  ])(
    'a redirect to %s drops every credential, also the caller’s own headers',
    async (_name, target, landed) => {
      for (const status of [301, 302, 303, 307, 308]) {
        a.received.length = 0;
        b.received.length = 0;
        cReceived.length = 0;
        await client().follow(status, target(), 'user-key', 'Basic cHJveHk6cHc=');
        expect(a.received[0].headers.authorization).toBe('Bearer tok');
        expect(a.received[0].headers['x-api-key']).toBe('user-key');
        const [hop] = landed();
        expect(hop).toBeDefined();
        expectNoCredentials(hop.headers, hop.url);
      }
    },
  );

  test('a redirect from http to https on the same host and port (scheme only) drops every credential', async () => {
    const echoed = await createClient(Api, {
      baseURL: `http://127.0.0.1:${dual.port}`,
      auth: everything,
      rejectUnauthorized: false,
    }).at('/start');
    expect(dual.received.map((r) => `${r.scheme} ${r.path.split('?')[0]}`)).toEqual([
      'http /start',
      'https /secure',
    ]);
    expect(dual.received[0].headers.authorization).toBe('Bearer tok');
    expectNoCredentials(dual.received[1].headers, dual.received[1].path);
    expect(echoed.url).toBe('/secure');
  });

  test('after leaving the origin, a redirect back gets the provider’s credentials again but not the caller’s dropped headers', async () => {
    const back = `${a.url}/home`;
    await client().follow(302, `${b.url}/redirect/302?to=${encodeURIComponent(back)}`, 'user-key');
    expectNoCredentials(b.received[0].headers, b.received[0].url);
    const home = a.received.at(-1)!;
    expect(home.path).toBe('/home');
    expect(home.headers.authorization).toBe('Bearer tok');
    expect(home.headers['x-api-key']).toBeUndefined();
  });
});

describe('redirects', () => {
  test('303 and 301/302 after a POST become a GET without body; 307/308 keep method and body', async () => {
    const api = client();
    for (const [status, method, body] of [
      [303, 'GET', ''],
      [301, 'GET', ''],
      [302, 'GET', ''],
      [307, 'POST', '{"n":1}'],
      [308, 'POST', '{"n":1}'],
    ] as const) {
      const echoed = await api.post(status, `${a.url}/landed`, { n: 1 });
      expect([status, echoed.method, echoed.body]).toEqual([status, method, body]);
      expect(echoed.headers['content-type']).toBe(body ? 'application/json' : undefined);
    }
  });

  test('more than maxRedirects hops is a NetworkError TOO_MANY_REDIRECTS', async () => {
    const loop = `${a.url}/redirect/302?to=${encodeURIComponent(`${a.url}/redirect/302?to=${encodeURIComponent(`${a.url}/final`)}`)}`;
    // follow → loop → inner → /final: three hops.
    const api = client({ maxRedirects: 2 });
    const call = api.follow(302, loop);
    await expect(call).rejects.toBeInstanceOf(NetworkError);
    await expect(call).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    const error = await rejection<NetworkError>(api.follow(302, loop));
    expect(error.message).toContain('more than 2 redirects (maxRedirects)');
    expect(error.message).not.toContain('qk');
    await expect(client({ maxRedirects: 3 }).follow(302, loop)).resolves.toMatchObject({
      url: '/final?tenantpass=qk',
    });
  });

  test('maxRedirects: 0 follows nothing: the 3xx is the outcome', async () => {
    await expect(client({ maxRedirects: 0 }).follow(302, `${a.url}/final`)).rejects.toMatchObject({
      status: 302,
    });
    await expect(client({ maxRedirects: 0 }).follow(302, `${a.url}/final`)).rejects.toBeInstanceOf(HttpError);
    expect(a.received.every((r) => r.path === '/redirect/302')).toBe(true);
  });

  test('a 307 with a stream body is not followed (the body cannot be sent again)', async () => {
    const call = client().put(307, `${a.url}/landed`, Readable.from([Buffer.from('once')]));
    await expect(call).rejects.toMatchObject({ status: 307 });
    expect(a.received.map((r) => r.path)).toEqual(['/redirect/307']);
  });

  test('a Location that is not http(s) is not followed', async () => {
    await expect(client().follow(302, 'file:///etc/passwd')).rejects.toMatchObject({ status: 302 });
  });
});
