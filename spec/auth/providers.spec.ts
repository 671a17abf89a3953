import 'reflect-metadata';
import { rejection } from '../support/rejection';
import {
  Auth,
  AuthError,
  CallOptions,
  DeclarationError,
  Get,
  Header,
  NoAuth,
  NotFoundError,
  Path,
  Query,
  RestClient,
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  createClient,
  declared,
  type AuthProvider,
  type CallOptions as Options,
} from 'restfit';
import { echo, json, startServer, type TestServer } from '../support/test-server';

class Api {
  @Get('/echo')
  get(@Query('q') q?: string, @Header('cookie') cookie?: string): Promise<unknown> {
    return declared();
  }
  @Get('/echo/{who}')
  who(@Path('who') who: string): Promise<unknown> {
    return declared();
  }
  @Get('/public')
  @NoAuth()
  open(): Promise<unknown> {
    return declared();
  }
  @Get('/echo')
  withOptions(@CallOptions() options: Options): Promise<unknown> {
    return declared();
  }
}

let server: TestServer;
beforeAll(async () => (server = await startServer(echo)));
afterAll(() => server.close());
beforeEach(() => server.reset());

const last = () => server.received.at(-1)!;

describe('basicAuth', () => {
  test('sends Basic base64(user:password) in UTF-8', async () => {
    await createClient(Api, { baseURL: server.url, auth: basicAuth('Aladdin', 'open sesame') }).get();
    // RFC 7617 §2's own example.
    expect(last().headers.authorization).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    await createClient(Api, { baseURL: server.url, auth: basicAuth('jösé', 'pä:ss') }).get();
    expect(Buffer.from(String(last().headers.authorization).slice(6), 'base64').toString('utf8')).toBe(
      'jösé:pä:ss',
    );
  });

  test('refuses a user with ":" and CR/LF', () => {
    expect(() => basicAuth('a:b', 'x')).toThrow(
      new DeclarationError('basicAuth(user, password): user may not contain ":"'),
    );
    expect(() => basicAuth('a', 'x\r\ny')).toThrow(DeclarationError);
  });
});

describe('bearerAuth', () => {
  test('a static token, a sync function and an async function (asked per call)', async () => {
    await createClient(Api, { baseURL: server.url, auth: bearerAuth('abc') }).get();
    expect(last().headers.authorization).toBe('Bearer abc');
    let n = 0;
    const sync = createClient(Api, { baseURL: server.url, auth: bearerAuth(() => `s${++n}`) });
    await sync.get();
    await sync.get();
    expect(server.received.slice(-2).map((r) => r.headers.authorization)).toEqual(['Bearer s1', 'Bearer s2']);
    await createClient(Api, { baseURL: server.url, auth: bearerAuth(async () => 'async-token') }).get();
    expect(last().headers.authorization).toBe('Bearer async-token');
  });

  test('a function that throws or returns nothing fails the call with AuthError; nothing is sent', async () => {
    const failing = createClient(Api, {
      baseURL: server.url,
      auth: bearerAuth(() => {
        throw new Error('vault sealed');
      }),
    });
    await expect(failing.get()).rejects.toMatchObject({
      name: 'AuthError',
      message: 'bearerAuth(token): the token function failed: vault sealed',
    });
    const empty = createClient(Api, { baseURL: server.url, auth: bearerAuth(() => '') });
    await expect(empty.get()).rejects.toBeInstanceOf(AuthError);
    const crlf = createClient(Api, { baseURL: server.url, auth: bearerAuth(() => 'a\r\nX-Evil: 1') });
    await expect(crlf.get()).rejects.toBeInstanceOf(AuthError);
    expect(server.received).toHaveLength(0);
  });
});

describe('apiKeyAuth', () => {
  test('in a header', async () => {
    await createClient(Api, {
      baseURL: server.url,
      auth: apiKeyAuth({ in: 'header', name: 'X-Tenant-Pass', value: 'k1' }),
    }).get();
    expect(last().headers['x-tenant-pass']).toBe('k1');
  });

  test('in the query, next to the call parameters; the name is redacted in errors', async () => {
    const api = createClient(Api, {
      baseURL: server.url,
      auth: apiKeyAuth({ in: 'query', name: 'tenantpass', value: 's3cr3t' }),
    });
    await api.get('x');
    expect(last().rawQuery).toBe('q=x&tenantpass=s3cr3t');
    server.handle(json(404, {}));
    const failure = api.get('y');
    await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    const error = await rejection<NotFoundError>(failure);
    expect(error.request.url).toBe(`${server.url}/echo?q=y&tenantpass=[REDACTED]`);
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
    expect(error.message).not.toContain('s3cr3t');
  });

  test('in a cookie, merged with a Cookie header that is already there', async () => {
    const api = createClient(Api, {
      baseURL: server.url,
      auth: apiKeyAuth({ in: 'cookie', name: 'key', value: 'k1' }),
    });
    await api.get(undefined, 'theme=dark; lang=en');
    expect(last().headers.cookie).toBe('theme=dark; lang=en; key=k1');
    await api.get(undefined, 'key=forged; lang=en');
    expect(last().headers.cookie).toBe('lang=en; key=k1');
    await api.get();
    expect(last().headers.cookie).toBe('key=k1');
  });

  test('bad options are DeclarationErrors', () => {
    expect(() => apiKeyAuth({ in: 'body' as 'query', name: 'k', value: 'v' })).toThrow(DeclarationError);
    expect(() => apiKeyAuth({ in: 'header', name: 'bad name', value: 'v' })).toThrow(DeclarationError);
    expect(() => apiKeyAuth({ in: 'cookie', name: 'k', value: 'a;b' })).toThrow(DeclarationError);
    expect(() => apiKeyAuth({ in: 'query', name: 'k', value: '' })).toThrow(DeclarationError);
  });
});

describe('choosing a provider', () => {
  const named = () => ({
    default: bearerAuth('default-token'),
    admin: bearerAuth('admin-token'),
  });

  class Mixed {
    @Get('/a')
    plain(): Promise<unknown> {
      return declared();
    }
    @Get('/b')
    @Auth('admin')
    admin(): Promise<unknown> {
      return declared();
    }
    @Get('/c')
    @NoAuth()
    none(): Promise<unknown> {
      return declared();
    }
  }

  @Auth('admin')
  class AllAdmin {
    @Get('/d')
    d(): Promise<unknown> {
      return declared();
    }
    @Get('/e')
    @NoAuth()
    e(): Promise<unknown> {
      return declared();
    }
  }

  test("@Auth('name') picks from the map, the default applies otherwise, @NoAuth sends nothing", async () => {
    const api = createClient(Mixed, { baseURL: server.url, auth: named() });
    await api.plain();
    await api.admin();
    await api.none();
    expect(server.received.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/a', 'Bearer default-token'],
      ['/b', 'Bearer admin-token'],
      ['/c', undefined],
    ]);
    expect(server.received[2].headers.cookie).toBeUndefined();
  });

  test('a class-level @Auth applies to every method; a method @NoAuth overrides it', async () => {
    const api = createClient(AllAdmin, { baseURL: server.url, auth: named() });
    await api.d();
    await api.e();
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer admin-token', undefined]);
  });

  test('@NoAuth with a single provider sends nothing', async () => {
    await createClient(Api, { baseURL: server.url, auth: bearerAuth('t') }).open();
    expect(last().headers.authorization).toBeUndefined();
  });

  test('an unknown @Auth name is a DeclarationError at create()', () => {
    const client = new RestClient({
      baseURL: server.url,
      auth: { default: bearerAuth('x'), other: bearerAuth('y') },
    });
    expect(() => client.create(AllAdmin)).toThrow(
      new DeclarationError(
        'AllAdmin.d: @Auth(\'admin\') has no provider "admin" in the auth option (known: default, other) — add auth: { admin: provider } or name a known one',
      ),
    );
    expect(server.received).toHaveLength(0);
  });

  test('CallOptions.auth overrides per call: a provider, a name, or false', async () => {
    const api = createClient(Api, {
      baseURL: server.url,
      auth: { default: bearerAuth('d'), admin: bearerAuth('a') },
    });
    await api.withOptions({ auth: 'admin' });
    await api.withOptions({ auth: false });
    await api.withOptions({ auth: bearerAuth('own') });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer a',
      undefined,
      'Bearer own',
    ]);
  });

  test('a custom provider: any object with authenticate()', async () => {
    const signed: AuthProvider = {
      authenticate(request) {
        request.headers['x-signature'] = `${request.method} ${new URL(request.url).pathname}`;
      },
    };
    await createClient(Api, { baseURL: server.url, auth: signed }).who('me');
    expect(last().headers['x-signature']).toBe('GET /echo/me');
  });
});

describe('derived clients', () => {
  test('100 interleaved concurrent calls of two with({ auth }) clients never see each other’s credentials', async () => {
    // Answer in a scrambled order so the two clients' calls overlap in flight.
    server.handle(async (req, res) => {
      await new Promise((r) => setTimeout(r, Number(req.path.split('/').at(-1)) % 7));
      echo(req, res, undefined as never);
    });
    const base = new RestClient({ baseURL: server.url, auth: bearerAuth('parent') });
    const alice = base.with({ auth: bearerAuth(async () => 'alice') }).create(Api);
    const bob = base.with({ auth: apiKeyAuth({ in: 'cookie', name: 'sid', value: 'bob' }) }).create(Api);
    const calls = Array.from({ length: 100 }, (_, i) =>
      (i % 2 === 0 ? alice : bob).who(`${i % 2 === 0 ? 'alice' : 'bob'}-${i}`),
    );
    await Promise.all(calls);
    expect(server.received).toHaveLength(100);
    for (const request of server.received) {
      const who = request.path.split('/')[2].split('-')[0];
      if (who === 'alice') {
        expect(request.headers.authorization).toBe('Bearer alice');
        expect(request.headers.cookie).toBeUndefined();
      } else {
        expect(request.headers.authorization).toBeUndefined();
        expect(request.headers.cookie).toBe('sid=bob');
      }
    }
    // The parent's own calls still carry the parent's credentials.
    await base.create(Api).who('parent');
    expect(last().headers.authorization).toBe('Bearer parent');
  });
});
