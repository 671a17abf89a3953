import 'reflect-metadata';
import { rejection } from '../support/rejection';
import { Readable } from 'node:stream';
import {
  AuthError,
  Body,
  CallOptions,
  ForbiddenError,
  Get,
  MemoryTokenStore,
  Path,
  Post,
  SessionExpiredError,
  UnauthorizedError,
  createClient,
  declared,
  tokenAuth,
  type ApiResponse,
  type CallOptions as Options,
  type Token,
} from 'restfit';
import {
  TokenEchoApi,
  manualClock,
  startTokenBackend,
  type TokenBackend,
  type TokenEcho,
} from './support/token-backend';

class Api extends TokenEchoApi {
  @Get('/data/{n}')
  full(@Path('n') n: number, @CallOptions() options?: Options): Promise<ApiResponse<TokenEcho>> {
    return declared();
  }

  @Post('/upload')
  upload(@Body() body: Readable): Promise<TokenEcho> {
    return declared();
  }
}

let backend: TokenBackend;
beforeAll(async () => (backend = await startTokenBackend()));
afterAll(() => backend.close());
beforeEach(() => backend.reset());

function client(extra: Partial<Parameters<typeof tokenAuth>[0]> = {}, options: Record<string, unknown> = {}) {
  const store = (extra.store as MemoryTokenStore | undefined) ?? new MemoryTokenStore();
  const auth = tokenAuth({ obtain: backend.obtain, refresh: backend.refresh, store, ...extra });
  return { api: createClient(Api, { baseURL: backend.api.url, auth, retry: false, ...options }), store };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('tokenAuth: first use', () => {
  test('obtains once for concurrent first calls and sends the token as Bearer', async () => {
    const { api, store } = client();
    const results = await Promise.all(range(5).map((i) => api.data(i)));
    expect(backend.tokenRequests().map((f) => f.get('grant_type'))).toEqual(['client_credentials']);
    const issued = results[0].token;
    expect(results.every((r) => r.token === issued)).toBe(true);
    expect(backend.api.received.map((r) => r.headers.authorization)).toEqual(
      range(5).map(() => `Bearer ${issued}`),
    );
    expect((await store.get('default'))?.accessToken).toBe(issued);
  });

  test('a first obtain that fails is an AuthError and nothing reaches the API; the next call tries again', async () => {
    const { api } = client({
      obtain: async () => {
        throw new Error('token server down');
      },
    });
    const failure = api.data(1);
    await expect(failure).rejects.toBeInstanceOf(AuthError);
    await expect(failure).rejects.not.toBeInstanceOf(SessionExpiredError);
    await expect(failure).rejects.toMatchObject({
      code: 'TOKEN_UNAVAILABLE',
      message: expect.stringContaining('token server down'),
    });
    expect(backend.api.received).toHaveLength(0);
  });

  test('an obtain that resolves without accessToken is an AuthError', async () => {
    const { api } = client({ obtain: async () => ({}) as Token });
    await expect(api.data(1)).rejects.toMatchObject({ name: 'AuthError', code: 'INVALID_TOKEN' });
  });
});

describe('tokenAuth: refresh after 401', () => {
  test('20 concurrent calls with an expired token: exactly 1 refresh and 20 successes', async () => {
    const { api, store } = client();
    const old = (await api.data(0)).token;
    const oldRefreshToken = (await store.get('default'))!.refreshToken;
    backend.api.received.length = 0;
    backend.valid.clear(); // the server now considers the token expired
    // Hold the refresh answer until all 20 requests have got their 401, so they all pile onto one refresh.
    const gate = backend.hold();
    const calls = range(20).map((i) => api.data(i + 1));
    for (let i = 0; i < 200 && backend.api.received.length < 20; i++)
      await new Promise((r) => setTimeout(r, 5));
    gate.open();
    const results = await Promise.all(calls);

    expect(backend.refreshRequests()).toHaveLength(1);
    expect(backend.refreshRequests()[0].get('refresh_token')).toBe(oldRefreshToken);
    const fresh = results[0].token;
    expect(fresh).not.toBe(old);
    expect(results.map((r) => r.token)).toEqual(range(20).map(() => fresh));
    const sent = backend.api.received.map((r) => backend.bearer(r));
    expect(sent.filter((t) => t === old)).toHaveLength(20);
    expect(sent.filter((t) => t === fresh)).toHaveLength(20);
  });

  test('the replay counts in attempts but is not a retry (works with retry: false)', async () => {
    const { api } = client();
    await api.data(0);
    backend.valid.clear();
    const response = await api.full(1, { responseMode: 'full' });
    expect(response.ok).toBe(true);
    expect(response.attempts).toBe(2);
  });

  test('a refresh that fails: 20 SessionExpiredError, 1 refresh request, the stored token cleared, the next call obtains afresh', async () => {
    const { api, store } = client();
    await api.data(0);
    backend.api.received.length = 0;
    backend.valid.clear();
    backend.failRefresh = true;
    const gate = backend.hold();
    const calls = range(20).map((i) =>
      api.data(i + 1).then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    for (let i = 0; i < 200 && backend.api.received.length < 20; i++)
      await new Promise((r) => setTimeout(r, 5));
    gate.open();
    const outcomes = await Promise.all(calls);

    expect(backend.refreshRequests()).toHaveLength(1);
    expect(outcomes.filter((o) => o instanceof SessionExpiredError)).toHaveLength(20);
    expect(outcomes[0]).toMatchObject({ code: 'SESSION_EXPIRED', status: 401 });
    expect(await store.get('default')).toBeUndefined();
    expect(backend.api.received).toHaveLength(20); // nothing was replayed

    backend.failRefresh = false;
    const again = await api.data(99);
    expect(backend.tokenRequests().map((f) => f.get('grant_type'))).toEqual([
      'client_credentials',
      'refresh_token',
      'client_credentials',
    ]);
    expect(again.token).toBe(backend.bearer(backend.api.received.at(-1)!));
  });

  test('a 401 for a request that carried an older token is replayed with the current one, without another refresh', async () => {
    const { api } = client();
    const old = (await api.data(0)).token;
    backend.valid.clear();
    let releaseSlow!: () => void;
    const slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve));
    backend.api.handle(async (req, res) => {
      const token = backend.bearer(req);
      if (req.path === '/data/1' && token === old) await slowHeld; // answers its 401 after the refresh is over
      const ok = token !== undefined && backend.valid.has(token);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, path: req.path }));
    });
    try {
      const slow = api.data(1);
      for (let i = 0; i < 200 && backend.api.received.length < 2; i++)
        await new Promise((r) => setTimeout(r, 5));
      const fast = await api.data(2); // 401 → refresh → replay
      expect(backend.refreshRequests()).toHaveLength(1);
      releaseSlow();
      const late = await slow;
      expect(late.token).toBe(fast.token);
      expect(backend.refreshRequests()).toHaveLength(1);
    } finally {
      releaseSlow();
    }
  });

  test('a replay that gets 401 again fails with UnauthorizedError (no loop)', async () => {
    const { api } = client();
    await api.data(0);
    backend.api.received.length = 0;
    backend.api.handle((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    try {
      const response = await api.full(1, { responseMode: 'full' });
      expect(response.error).toBeInstanceOf(UnauthorizedError);
      expect(response.attempts).toBe(2);
      expect(backend.api.received).toHaveLength(2);
      expect(backend.refreshRequests()).toHaveLength(1);
    } finally {
      backend.reset();
    }
  });

  test('403 never refreshes; refreshOn chooses the statuses; refreshOn with 403 is refused', async () => {
    const { api } = client();
    await api.data(0);
    backend.api.handle((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    try {
      await expect(api.data(1)).rejects.toBeInstanceOf(ForbiddenError);
      expect(backend.refreshRequests()).toHaveLength(0);

      backend.reset();
      const custom = client({ refreshOn: [419] }).api;
      await custom.data(0);
      backend.api.script(
        (_req, res) => {
          res.writeHead(419);
          res.end();
        },
        (req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ token: backend.bearer(req), path: req.path }));
        },
      );
      await custom.data(1);
      expect(backend.refreshRequests()).toHaveLength(1);
    } finally {
      backend.reset();
    }
    expect(() => tokenAuth({ obtain: backend.obtain, refreshOn: [401, 403] })).toThrow(
      'tokenAuth(options): options.refreshOn may not contain 403',
    );
  });

  test('without refresh(), obtain runs again after a 401', async () => {
    const { api } = client({ refresh: undefined });
    await api.data(0);
    backend.valid.clear();
    await api.data(1);
    expect(backend.tokenRequests().map((f) => f.get('grant_type'))).toEqual([
      'client_credentials',
      'client_credentials',
    ]);
  });

  test('a rotating refresh token is used once: the second refresh sends the new one', async () => {
    const { api, store } = client();
    await api.data(0);
    const used: string[] = [];
    for (let round = 0; round < 3; round++) {
      used.push((await store.get('default'))!.refreshToken!);
      backend.valid.clear();
      await Promise.all(range(5).map((i) => api.data(i)));
    }
    expect(new Set(used).size).toBe(3); // it rotated every time
    expect(backend.refreshRequests().map((f) => f.get('refresh_token'))).toEqual(used);
  });

  test('a stream body is not replayed, but the token is refreshed for the next call', async () => {
    const { api } = client();
    await api.data(0);
    backend.api.received.length = 0;
    backend.valid.clear();
    await expect(api.upload(Readable.from([Buffer.from('once')]))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(backend.api.received).toHaveLength(1);
    expect(backend.refreshRequests()).toHaveLength(1);
    await expect(api.data(2)).resolves.toMatchObject({ path: '/data/2' });
  });
});

describe('tokenAuth: proactive refresh', () => {
  test('refreshes before sending once expiresAt - skewMs has passed (client clock); concurrent calls share it', async () => {
    const clock = manualClock();
    const { api, store } = client({ skewMs: 60_000 }, { clock });
    await api.data(0); // expires in 3600 s by the client's clock
    const first = (await store.get('default'))!;
    expect(first.expiresAt).toBe(clock.now() + 3600_000);
    clock.advance(3600_000 - 60_000 - 1);
    await api.data(1);
    expect(backend.refreshRequests()).toHaveLength(0);
    clock.advance(1);
    await Promise.all(range(10).map((i) => api.data(i)));
    expect(backend.refreshRequests()).toHaveLength(1);
    const second = (await store.get('default'))!;
    expect(second.accessToken).not.toBe(first.accessToken);
    // Refreshed before sending: the API never had to answer 401, and the 10 calls carried the new token.
    expect(backend.answered).not.toContain(401);
    expect(backend.api.received.slice(-10).map((r) => backend.bearer(r))).toEqual(
      range(10).map(() => second.accessToken),
    );
  });

  test('the clock option of tokenAuth wins over the client clock', async () => {
    const own = manualClock(Date.now()); // the test's obtain measures expiry on the client's (system) clock
    const { api } = client({ clock: own, skewMs: 0 });
    await api.data(0);
    own.advance(3600_000 + 60_000);
    await api.data(1);
    expect(backend.refreshRequests()).toHaveLength(1);
  });
});

describe('tokenAuth: the token call never goes through the auth step', () => {
  class SameClient {
    @Post('/token')
    token(@Body() form: URLSearchParams): Promise<{ access_token: string }> {
      return declared();
    }
    @Get('/data/{n}')
    data(@Path('n') n: number): Promise<TokenEcho> {
      return declared();
    }
  }

  test('obtain() calling a method of the same client (no @NoAuth) does not deadlock and sends no credentials', async () => {
    const auth = tokenAuth({
      obtain: async () => ({
        accessToken: (await service.token(new URLSearchParams({ grant_type: 'client_credentials' })))
          .access_token,
      }),
    });
    // The token endpoint and the API on one origin: the token server answers /token and accepts /data.
    const service = createClient(SameClient, { baseURL: backend.tokens.url, auth, retry: false });
    backend.tokens.script(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'same-origin-token' }));
      },
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: String(req.headers.authorization), path: req.path }));
      },
    );
    const result = await service.data(7);
    expect(result.token).toBe('Bearer same-origin-token');
    expect(backend.tokens.received[0].path).toBe('/token');
    expect(backend.tokens.received[0].headers.authorization).toBeUndefined();
  });
});

test('concurrent calls failing on one refresh each get their own error, stamped with their own request', async () => {
  backend.reset();
  const { api } = client();
  await api.data(0);
  backend.valid.clear();
  backend.failRefresh = true;
  const errors = await Promise.all([1, 2, 3].map((n) => rejection<SessionExpiredError>(api.data(n))));
  expect(new Set(errors).size).toBe(3);
  expect(errors.map((e) => e.request.url)).toEqual([1, 2, 3].map((n) => `${backend.api.url}/data/${n}`));
  expect(errors.every((e) => e instanceof SessionExpiredError)).toBe(true);
});

describe('tokenAuth with retries and cancellation', () => {
  test('the replay does not use up the retry limit: 503 → retry → 401 → replay → 200 with limit 1, attempts 3', async () => {
    backend.reset();
    const { api } = client({}, { retry: { limit: 1, backoff: { baseMs: 0, maxMs: 0 } } });
    await api.data(0);
    backend.valid.clear();
    backend.api.received.length = 0;
    let served = 0;
    backend.api.handle((req, res) => {
      served++;
      const token = backend.bearer(req);
      const status = served === 1 ? 503 : token && backend.valid.has(token) ? 200 : 401;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, path: req.path }));
    });
    const response = await api.full(1, { responseMode: 'full' });
    expect(response.ok).toBe(true);
    expect(response.attempts).toBe(3);
    expect(backend.api.received).toHaveLength(3);
    expect(backend.refreshRequests()).toHaveLength(1);
  });

  test('a call cancelled while it waits for a shared refresh ends at once; the others still get the new token', async () => {
    backend.reset();
    const { api } = client();
    await api.data(0);
    backend.valid.clear();
    backend.api.received.length = 0;
    const gate = backend.hold();
    const controller = new AbortController();
    const cancelled = api.full(1, { signal: controller.signal, responseMode: 'full' });
    const other = api.data(2);
    for (let i = 0; i < 200 && backend.refreshRequests().length < 1; i++)
      await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const outcome = await cancelled;
    expect(outcome.error).toMatchObject({
      name: 'CancelledError',
      message: 'The call was cancelled while credentials were refreshed',
    });
    gate.open();
    await expect(other).resolves.toMatchObject({ path: '/data/2' });
    expect(backend.refreshRequests()).toHaveLength(1);
  });
});
