import 'reflect-metadata';
import Redis from 'ioredis';
import {
  ApiError,
  AuthError,
  CancelledError,
  CallOptions,
  Get,
  Path,
  RestClient,
  TimeoutError,
  declared,
  tokenAuth,
  type AuthContext,
  type AuthProvider,
  type CallOptions as CallOptionsType,
  type Token,
} from 'restfit';
import { RedisTokenStore } from 'restfit/redis';
import { freePort, hang, startServer, type TestServer } from '../support/test-server';
import { redisDescribe, startRedisServer } from '../redis/support/redis-server';

class Api {
  @Get('/data/{n}')
  data(@Path('n') n: number, @CallOptions() options?: CallOptionsType): Promise<{ ok: boolean }> {
    return declared();
  }
}

let api: TestServer;
let tokens: TestServer;
beforeAll(async () => {
  api = await startServer();
  tokens = await startServer(hang);
});
afterAll(async () => {
  await api.close();
  await tokens.close();
});
beforeEach(() => {
  api.reset();
  tokens.reset();
});

/** How long `promise` took to settle, and how: the value, or the error it rejected with. */
async function settle<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  try {
    const value = await promise;
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

/** The README's tokenRequest recipe: the token endpoint called through the client's own axios instance. */
const tokenRequest = async (ctx: AuthContext): Promise<Token> => {
  const { data } = await ctx.axios.post(`${tokens.url}/oauth/token`, 'grant_type=client_credentials', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { accessToken: data.access_token };
};

describe('every wait for credentials ends by the call’s timeout, deadline or signal', () => {
  test('a token endpoint that never answers: AuthError within the timeout, nothing sent', async () => {
    const client = new RestClient({
      baseURL: api.url,
      timeout: 500,
      auth: tokenAuth({ obtain: tokenRequest }),
    });
    const outcome = await settle(client.create(Api).data(1));
    expect(outcome.error).toBeInstanceOf(AuthError);
    expect(outcome.error).toMatchObject({ code: 'AUTH_TIMEOUT', attempts: 0 });
    expect(outcome.ms).toBeLessThan(6_000);
    // On a loaded machine the token request may not even have reached the server within the timeout.
    expect(tokens.received.length).toBeLessThanOrEqual(1);
    expect(api.received).toHaveLength(0);
  });

  test('retry.deadlineMs bounds a hung obtain(): TimeoutError DEADLINE_EXCEEDED', async () => {
    const client = new RestClient({
      baseURL: api.url,
      timeout: 60_000,
      retry: { deadlineMs: 300 },
      auth: tokenAuth({ obtain: () => new Promise<Token>(() => undefined) }),
    });
    const outcome = await settle(client.create(Api).data(1));
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(outcome.error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(outcome.ms).toBeLessThan(6_000);
    expect(api.received).toHaveLength(0);
  });

  test('a provider that ignores the AuthContext is still bounded; the context carries the client’s timeout', async () => {
    const seen: number[] = [];
    const stuck: AuthProvider = {
      authenticate(_request, context) {
        seen.push(context.timeout);
        return new Promise<void>(() => undefined);
      },
    };
    const client = new RestClient({ baseURL: api.url, timeout: 250, auth: stuck });
    const outcome = await settle(client.create(Api).data(1));
    expect(seen).toEqual([250]);
    expect(outcome.error).toBeInstanceOf(AuthError);
    expect(outcome.ms).toBeLessThan(6_000);
    expect(api.received).toHaveLength(0);
  });

  test('a refresh() that never settles is bounded too', async () => {
    api.handle((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    const provider: AuthProvider = {
      authenticate(request) {
        request.headers.authorization = 'Bearer stale';
      },
      refresh: () => new Promise<boolean>(() => undefined),
    };
    const client = new RestClient({ baseURL: api.url, timeout: 250, auth: provider });
    const outcome = await settle(client.create(Api).data(1));
    expect(outcome.error).toBeInstanceOf(AuthError);
    expect(outcome.ms).toBeLessThan(6_000);
    expect(api.received).toHaveLength(1);
  });

  test('the caller’s signal ends a wait for a hung obtain() with CancelledError', async () => {
    const client = new RestClient({
      baseURL: api.url,
      timeout: 0,
      auth: tokenAuth({ obtain: () => new Promise<Token>(() => undefined) }),
    });
    const outcome = await settle(client.create(Api).data(1, { signal: AbortSignal.timeout(200) }));
    expect(outcome.error).toBeInstanceOf(CancelledError);
    expect(outcome.ms).toBeLessThan(6_000);
  });

  test('a rate-limit wait ends at retry.deadlineMs', async () => {
    const client = new RestClient({
      baseURL: api.url,
      rateLimit: { requests: 1, perMs: 60_000 },
      // Long enough for the first call on a loaded machine; the second would wait 60 s for its slot.
      retry: { deadlineMs: 1_500 },
    });
    const service = client.create(Api);
    await service.data(1);
    const outcome = await settle(service.data(2));
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(outcome.error).toMatchObject({ code: 'DEADLINE_EXCEEDED', attempts: 0 });
    expect(outcome.ms).toBeLessThan(6_000);
    expect(api.received).toHaveLength(1);
  });
});

const describeRedis = redisDescribe('spec/hardening/bounded-waits');

describeRedis('a failing Redis is an AuthError within the bounds, never a hang', () => {
  test('RedisTokenStore on an unreachable Redis (ioredis defaults): AuthError within the call’s timeout', async () => {
    const redis = new Redis({ port: await freePort(), host: '127.0.0.1' });
    redis.on('error', () => undefined);
    try {
      const client = new RestClient({
        baseURL: api.url,
        timeout: 1_000,
        auth: tokenAuth({ obtain: async () => ({ accessToken: 'a' }), store: new RedisTokenStore(redis) }),
      });
      const outcome = await settle(client.create(Api).data(1));
      expect(outcome.error).toBeInstanceOf(AuthError);
      expect(outcome.ms).toBeLessThan(6_000);
      expect(api.received).toHaveLength(0);
    } finally {
      redis.disconnect();
    }
  });

  test('RedisTokenStore bounds each command by commandTimeoutMs even without a call timeout', async () => {
    const redis = new Redis({ port: await freePort(), host: '127.0.0.1' });
    redis.on('error', () => undefined);
    try {
      const store = new RedisTokenStore(redis, { commandTimeoutMs: 200 });
      const outcome = await settle(store.get('k'));
      expect(outcome.error).toBeInstanceOf(AuthError);
      expect(outcome.error).toMatchObject({ code: 'TOKEN_STORE_UNAVAILABLE' });
      expect(outcome.ms).toBeLessThan(5_000);
    } finally {
      redis.disconnect();
    }
  });

  test('Redis killed while a refresh holds the lock: both callers settle before lockWaitMs', async () => {
    const server = await startRedisServer();
    const first = new Redis({ port: server.port, host: '127.0.0.1' });
    const second = new Redis({ port: server.port, host: '127.0.0.1' });
    first.on('error', () => undefined);
    second.on('error', () => undefined);
    try {
      let obtained!: () => void;
      const inObtain = new Promise<void>((resolve) => (obtained = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const lockWaitMs = 5_000;
      // Two processes' worth of clients: separate providers and connections, one prefix.
      const holder = new RestClient({
        baseURL: api.url,
        timeout: 20_000,
        auth: tokenAuth({
          obtain: async () => {
            obtained();
            await released;
            return { accessToken: 'from-holder' };
          },
          store: new RedisTokenStore(first, { prefix: 'killed:', lockWaitMs, commandTimeoutMs: 500 }),
        }),
      }).create(Api);
      const waiter = new RestClient({
        baseURL: api.url,
        timeout: 20_000,
        auth: tokenAuth({
          obtain: async () => ({ accessToken: 'from-waiter' }),
          store: new RedisTokenStore(second, { prefix: 'killed:', lockWaitMs, commandTimeoutMs: 500 }),
        }),
      }).create(Api);
      const a = settle(holder.data(1));
      await inObtain;
      const b = settle(waiter.data(2));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.kill();
      release();
      const [holderOutcome, waiterOutcome] = await Promise.all([a, b]);
      expect(holderOutcome.ms).toBeLessThan(lockWaitMs);
      expect(waiterOutcome.ms).toBeLessThan(lockWaitMs);
      // The holder got its token before Redis died: its call goes on (the store could not save it).
      expect(holderOutcome.value).toEqual({ ok: true });
      // The waiter cannot learn whether the lock is free: a typed error, not a hang.
      expect(waiterOutcome.error).toBeInstanceOf(ApiError);
      expect(waiterOutcome.error).toBeInstanceOf(AuthError);
    } finally {
      first.disconnect();
      second.disconnect();
      await server.stop();
    }
  });
});
