import 'reflect-metadata';
import {
  AuthError,
  Body,
  Get,
  MemoryTokenStore,
  NetworkError,
  Path,
  Post,
  createClient,
  declared,
  oauth2ClientCredentials,
  tokenAuth,
  type AuthContext,
  type AuthProvider,
  type Logger,
  type Token,
} from 'restfit';
import { freePort, startServer, type TestServer } from '../support/test-server';
import { rejection } from '../support/rejection';
import {
  TokenEchoApi,
  manualClock,
  startTokenBackend,
  type TokenBackend,
  type TokenEcho,
} from './support/token-backend';

/** A logger that keeps tokenAuth's lines, by level. */
function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const keep = (level: string) => (text: unknown) => {
    if (String(text).startsWith('tokenAuth')) lines.push({ level, text: String(text) });
  };
  const logger: Logger = {
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
  };
  return { logger, lines, debug: () => lines.filter((l) => l.level === 'debug').map((l) => l.text) };
}

/** A client of the API at `baseURL` with `auth`, on a clock of its own, keeping tokenAuth's log lines. */
function loggedClient(baseURL: string, auth: AuthProvider, clock = manualClock()) {
  const log = recordingLogger();
  const api = createClient(TokenEchoApi, { baseURL, auth, retry: false, clock, logger: log.logger });
  return { api, clock, log };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('tokenAuth: a token that lives less than skewMs (20 s, default skew 30 s)', () => {
  let backend: TokenBackend;
  beforeAll(async () => (backend = await startTokenBackend(20)));
  afterAll(() => backend.close());
  beforeEach(() => backend.reset());

  const client = () =>
    loggedClient(
      backend.api.url,
      tokenAuth({ obtain: backend.obtain, refresh: backend.refresh, store: new MemoryTokenStore() }),
    );

  test('21 requests on one clock tick: one login, no refresh (not one before every request)', async () => {
    const { api, log } = client();
    for (const n of range(21)) await api.data(n);
    expect(backend.tokenRequests().map((form) => form.get('grant_type'))).toEqual(['client_credentials']);
    expect(backend.answered).toEqual(range(21).map(() => 200));
    expect(log.debug()).toEqual(['tokenAuth(options): obtaining a token (first use)']);
  });

  test('the skew is capped at half the lifetime: refreshed once 10 s after it was obtained, by one request of many', async () => {
    const { api, clock, log } = client();
    const first = (await api.data(0)).token;
    clock.advance(9_999);
    await api.data(1);
    expect(backend.refreshRequests()).toHaveLength(0);
    clock.advance(1);
    const results = await Promise.all(range(5).map((n) => api.data(n)));
    for (const n of range(5)) await api.data(n);
    expect(backend.refreshRequests()).toHaveLength(1);
    const second = results[0].token;
    expect(second).not.toBe(first);
    expect(results.map((r) => r.token)).toEqual(range(5).map(() => second));
    expect(backend.answered).not.toContain(401);
    expect(log.debug()).toEqual([
      'tokenAuth(options): obtaining a token (first use)',
      'tokenAuth(options): refreshing the token (expiring)',
    ]);
  });
});

describe('tokenAuth: an early refresh fires at most once per token generation', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startServer()));
  afterAll(() => api.close());
  beforeEach(() => api.reset());

  test('a refresh that hands back the same token (same expiresAt) is not repeated before later requests', async () => {
    const clock = manualClock();
    const expiresAt = clock.now() + 20_000;
    let obtained = 0;
    let refreshed = 0;
    const auth = tokenAuth({
      obtain: async () => (obtained++, { accessToken: 'same', refreshToken: 'r', expiresAt }),
      refresh: async () => (refreshed++, { accessToken: 'same', refreshToken: 'r', expiresAt }),
    });
    const { api: service } = loggedClient(api.url, auth, clock);
    await service.data(0);
    clock.advance(10_000);
    await service.data(1); // due: refreshed early, and the server hands back the same token
    clock.advance(5_000);
    await service.data(2);
    clock.advance(2_500);
    await service.data(3);
    expect([obtained, refreshed]).toEqual([1, 1]);
    expect(api.received.map((r) => r.headers.authorization)).toEqual(range(4).map(() => 'Bearer same'));
  });

  test('a token already expired when it arrives is used until the server refuses it, with a warning', async () => {
    let obtained = 0;
    const auth = tokenAuth({
      obtain: async (ctx) => (obtained++, { accessToken: `t${obtained}`, expiresAt: ctx.clock.now() - 1 }),
    });
    const { api: service, clock, log } = loggedClient(api.url, auth);
    for (const n of range(5)) await service.data(n);
    expect(obtained).toBe(1);
    expect(api.received.map((r) => r.headers.authorization)).toEqual(range(5).map(() => 'Bearer t1'));
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      `tokenAuth(options): the new token's expiresAt (${clock.now() - 1}) has already passed by tokenAuth's clock; it is used until the server refuses it`,
    ]);
  });
});

describe('tokenAuth: every obtain and refresh is logged at debug level with its reason', () => {
  let backend: TokenBackend;
  beforeAll(async () => (backend = await startTokenBackend(3600)));
  afterAll(() => backend.close());
  beforeEach(() => backend.reset());

  test('first use, expiring and 401, with refresh()', async () => {
    const auth = tokenAuth({ obtain: backend.obtain, refresh: backend.refresh, skewMs: 60_000 });
    const { api, clock, log } = loggedClient(backend.api.url, auth);
    await api.data(0);
    clock.advance(3600_000 - 60_000);
    await api.data(1);
    backend.valid.clear();
    await api.data(2);
    expect(log.debug()).toEqual([
      'tokenAuth(options): obtaining a token (first use)',
      'tokenAuth(options): refreshing the token (expiring)',
      'tokenAuth(options): refreshing the token (401)',
    ]);
    expect(backend.tokenRequests().map((f) => f.get('grant_type'))).toEqual([
      'client_credentials',
      'refresh_token',
      'refresh_token',
    ]);
  });

  test('a stored token that has expired: obtained again, saying so', async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore();
    await store.set('default', { accessToken: 'stale', expiresAt: clock.now() - 1 });
    const { api, log } = loggedClient(backend.api.url, tokenAuth({ obtain: backend.obtain, store }), clock);
    const { token } = await api.data(0);
    expect(token).toBe(backend.bearer(backend.api.received[0]));
    expect(token).not.toBe('stale');
    expect(backend.tokenRequests()).toHaveLength(1);
    expect(log.debug()).toEqual(['tokenAuth(options): obtaining a token (stored token expired)']);
  });

  test("obtain and refresh get tokenAuth's own clock as ctx.clock, so the expiresAt they stamp is judged by it", async () => {
    const own = manualClock(5_000_000_000_000);
    const seen: number[] = [];
    const auth = tokenAuth({
      clock: own,
      obtain: async (ctx: AuthContext) => {
        seen.push(ctx.clock.now());
        return backend.obtain(ctx);
      },
    });
    const { api } = loggedClient(backend.api.url, auth);
    for (const n of range(3)) await api.data(n);
    expect(seen).toEqual([5_000_000_000_000]);
    expect(backend.tokenRequests()).toHaveLength(1);
  });
});

describe('tokenAuth: an obtain that fails for a network reason', () => {
  class SameClient {
    @Post('/token')
    token(@Body() form: Record<string, string>): Promise<{ access_token: string }> {
      return declared();
    }
    @Get('/data/{n}')
    data(@Path('n') n: number): Promise<TokenEcho> {
      return declared();
    }
  }
  let api: TestServer;
  beforeAll(async () => (api = await startServer()));
  afterAll(() => api.close());
  beforeEach(() => api.reset());

  test('through ctx.axios: AuthError whose cause is a NetworkError, and its kind', async () => {
    const port = await freePort();
    const auth = tokenAuth({
      obtain: async (ctx): Promise<Token> => {
        const { data } = await ctx.axios.post(
          `http://127.0.0.1:${port}/token`,
          'grant_type=client_credentials',
        );
        return { accessToken: data.access_token };
      },
    });
    const service = createClient(TokenEchoApi, { baseURL: api.url, auth, retry: false });
    const error = await rejection<AuthError>(service.data(1));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'TOKEN_UNAVAILABLE', kind: 'connect' });
    expect(error.cause).toBeInstanceOf(NetworkError);
    expect(error.cause).toMatchObject({
      kind: 'connect',
      message: `the connection was refused (ECONNREFUSED, POST http://127.0.0.1:${port}/token)`,
    });
    expect(api.received).toHaveLength(0);
  });

  test('through a method of the same client: the same shape', async () => {
    const port = await freePort();
    const auth = tokenAuth({
      obtain: async () => ({
        accessToken: (await service.token({ grant_type: 'client_credentials' })).access_token,
      }),
    });
    const service = createClient(SameClient, { baseURL: `http://127.0.0.1:${port}`, auth, retry: false });
    const error = await rejection<AuthError>(service.data(1));
    expect(error).toMatchObject({ name: 'AuthError', code: 'TOKEN_UNAVAILABLE', kind: 'connect' });
    expect(error.cause).toBeInstanceOf(NetworkError);
    expect((error.cause as NetworkError).request).toMatchObject({
      service: 'SameClient',
      operation: 'token',
    });
  });

  test('oauth2ClientCredentials: TOKEN_ENDPOINT_UNREACHABLE keeps the NetworkError and its kind', async () => {
    const port = await freePort();
    const auth = oauth2ClientCredentials({
      tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
      clientId: 'id',
      clientSecret: 'secret',
    });
    const service = createClient(TokenEchoApi, { baseURL: api.url, auth, retry: false });
    const error = await rejection<AuthError>(service.data(1));
    expect(error).toMatchObject({ name: 'AuthError', code: 'TOKEN_ENDPOINT_UNREACHABLE', kind: 'connect' });
    expect(error.cause).toBeInstanceOf(NetworkError);
    expect(error.message).not.toContain('secret');
  });

  test('a failure that is not a network one has no kind', async () => {
    const auth = tokenAuth({
      obtain: async () => {
        throw new Error('bad credentials');
      },
    });
    const service = createClient(TokenEchoApi, { baseURL: api.url, auth, retry: false });
    const error = await rejection<AuthError>(service.data(1));
    expect(error).toMatchObject({ code: 'TOKEN_UNAVAILABLE' });
    expect(error.kind).toBeUndefined();
  });
});
