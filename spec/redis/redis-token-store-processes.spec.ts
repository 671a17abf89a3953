import 'reflect-metadata';
import { join } from 'node:path';
import { AuthError, createClient, tokenAuth } from 'restfit';
import { RedisTokenStore } from 'restfit/redis';
import { TokenEchoApi, startTokenBackend, type TokenBackend } from '../auth/support/token-backend';
import { bundleWorker, runNode } from './support/processes';
import { redisDescribe, startRedisServer, unreachableRedis, type RedisServer } from './support/redis-server';

const describeRedis = redisDescribe('spec/redis/redis-token-store-processes');

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describeRedis('RedisTokenStore across processes and outages (real redis-server)', () => {
  let redis: RedisServer;
  let backend: TokenBackend;
  beforeAll(async () => {
    redis = await startRedisServer();
    backend = await startTokenBackend();
  }, 20_000);
  afterAll(async () => {
    await backend?.close();
    await redis?.stop();
  });

  test('8 processes find the shared token expired: exactly one refresh request', async () => {
    const old = await backend.issue();
    // The default prefix and the key the worker uses; expired a minute ago.
    const shared = new RedisTokenStore(redis.connect());
    await shared.set('shared', { ...old, expiresAt: Date.now() - 60_000 });
    backend.reset();

    const worker = bundleWorker(join(__dirname, 'fixtures', 'refresh-worker.ts'));
    const env = { REDIS_PORT: String(redis.port), API_URL: backend.api.url, TOKEN_URL: backend.tokens.url };
    const outcomes = await Promise.all(range(8).map(() => runNode(worker, env, 60_000)));

    for (const outcome of outcomes)
      expect({ code: outcome.code, err: outcome.err }).toEqual({ code: 0, err: '' });
    expect(backend.tokenRequests()).toHaveLength(1);
    expect(backend.refreshRequests()).toHaveLength(1);
    expect(backend.refreshRequests()[0].get('refresh_token')).toBe(old.refreshToken);
    const fresh = (await shared.get('shared'))!.accessToken;
    expect(fresh).not.toBe(old.accessToken);
    // Every call of every process (3 each) went out with the one new token.
    expect(outcomes.flatMap((o) => JSON.parse(o.out) as string[])).toEqual(range(24).map(() => fresh));
  }, 90_000);

  test('Redis unreachable: a typed AuthError within the command timeout, nothing sent to the API', async () => {
    const gone = await unreachableRedis();
    try {
      backend.reset();
      const api = createClient(TokenEchoApi, {
        baseURL: backend.api.url,
        retry: false,
        auth: tokenAuth({
          key: 'down',
          store: new RedisTokenStore(gone, { commandTimeoutMs: 200 }),
          obtain: backend.obtain,
        }),
      });
      const started = Date.now();
      const call = api.data(1);
      await expect(call).rejects.toBeInstanceOf(AuthError);
      await expect(call).rejects.toMatchObject({ code: 'TOKEN_STORE_UNAVAILABLE' });
      // get() (then obtain) and the lock's SET, 200 ms each at most.
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(backend.api.received).toHaveLength(0);
    } finally {
      gone.disconnect();
    }
  });
});
