import 'reflect-metadata';
import { join } from 'node:path';
import { RestClient, tokenAuth } from 'restfit';
import { RedisTokenStore } from 'restfit/redis';
import { TokenEchoApi, startTokenBackend, type TokenBackend } from '../auth/support/token-backend';
import { bundleWorker, runNode } from './support/processes';
import { redisDescribe, startRedisServer, type RedisServer } from './support/redis-server';

const describeRedis = redisDescribe('spec/redis/redis-token-store');

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describeRedis('RedisTokenStore (real redis-server)', () => {
  let redis: RedisServer;
  let backend: TokenBackend;
  let prefix = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
    backend = await startTokenBackend();
  }, 20_000);
  afterAll(async () => {
    await backend?.close();
    await redis?.stop();
  });
  beforeEach(() => {
    backend.reset();
    prefix++;
  });
  const store = (connection = redis.connect()) =>
    new RedisTokenStore(connection, { prefix: `test${prefix}:` });

  test('get/set/delete under the prefix; a value that is not a token reads as undefined', async () => {
    const connection = redis.connect();
    const tokens = store(connection);
    expect(await tokens.get('k')).toBeUndefined();
    await tokens.set('k', { accessToken: 'a', refreshToken: 'r', expiresAt: 5 });
    expect(JSON.parse((await connection.get(`test${prefix}:k`))!)).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: 5,
    });
    expect(await store().get('k')).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: 5 });
    await connection.set(`test${prefix}:k`, '{not json');
    expect(await tokens.get('k')).toBeUndefined();
    await tokens.delete('k');
    expect(await connection.exists(`test${prefix}:k`)).toBe(0);
  });

  test('withLock: a second holder waits until the first releases, across connections', async () => {
    const first = store();
    const second = store();
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const a = first.withLock('k', async () => {
      events.push('a in');
      await held;
      events.push('a out');
    });
    for (let i = 0; i < 100 && events.length === 0; i++) await tick();
    const b = second.withLock('k', async () => {
      events.push('b in');
    });
    for (let i = 0; i < 5; i++) await tick(); // b polls the lock meanwhile
    expect(events).toEqual(['a in']);
    release();
    await Promise.all([a, b]);
    expect(events).toEqual(['a in', 'a out', 'b in']);
  });

  test('withLock releases the lock when the work fails, and gives up after lockWaitMs', async () => {
    const tokens = store();
    await expect(tokens.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(tokens.withLock('k', async () => 'free again')).resolves.toBe('free again');
    const impatient = new RedisTokenStore(redis.connect(), { prefix: `test${prefix}:`, lockWaitMs: 0 });
    let release!: () => void;
    const holding = tokens.withLock('k', () => new Promise<void>((resolve) => (release = resolve)));
    for (let i = 0; i < 100 && !release; i++) await tick();
    await expect(impatient.withLock('k', async () => undefined)).rejects.toMatchObject({
      code: 'TOKEN_LOCK_TIMEOUT',
    });
    release();
    await holding;
  });

  test('two RestClients sharing one RedisTokenStore refresh once for 20 concurrent 401s', async () => {
    const shared = store();
    const make = () =>
      new RestClient({
        baseURL: backend.api.url,
        retry: false,
        auth: tokenAuth({ obtain: backend.obtain, refresh: backend.refresh, store: shared, key: 'api' }),
      }).create(TokenEchoApi);
    const one = make();
    const two = make();
    const first = (await one.data(0)).token;
    expect((await two.data(0)).token).toBe(first); // read from Redis, not obtained again
    expect(backend.tokenRequests()).toHaveLength(1);

    backend.valid.clear();
    backend.api.received.length = 0;
    const gate = backend.hold();
    const calls = range(20).map((i) => (i % 2 ? one : two).data(i));
    for (let i = 0; i < 300 && backend.api.received.length < 20; i++) await tick();
    gate.open();
    const results = await Promise.all(calls);
    expect(backend.refreshRequests()).toHaveLength(1);
    const fresh = results[0].token;
    expect(fresh).not.toBe(first);
    expect(results.every((r) => r.token === fresh)).toBe(true);
    expect((await shared.get('api'))?.accessToken).toBe(fresh);
  });

  test('two child processes sharing the store: 1 refresh request at the token server', async () => {
    const old = await backend.issue();
    // The default prefix and the key the worker uses.
    const shared = new RedisTokenStore(redis.connect());
    await shared.set('shared', old);
    backend.valid.clear(); // the server now considers the token expired
    backend.api.received.length = 0;
    const gate = backend.hold(30_000);

    const worker = bundleWorker(join(__dirname, 'fixtures', 'refresh-worker.ts'));
    const env = { REDIS_PORT: String(redis.port), API_URL: backend.api.url, TOKEN_URL: backend.tokens.url };
    const children = [runNode(worker, env), runNode(worker, env)];
    // Hold the refresh until both processes (3 calls each) have met the 401; bounded by hold()'s 30 s.
    const carriedOld = () => backend.api.received.filter((r) => backend.bearer(r) === old.accessToken).length;
    for (let i = 0; i < 3000 && carriedOld() < 6; i++) await tick();
    gate.open();
    const outcomes = await Promise.all(children);

    for (const outcome of outcomes)
      expect({ code: outcome.code, err: outcome.err }).toEqual({ code: 0, err: '' });
    expect(backend.refreshRequests()).toHaveLength(1);
    expect(backend.refreshRequests()[0].get('refresh_token')).toBe(old.refreshToken);
    const fresh = (await shared.get('shared'))!.accessToken;
    expect(fresh).not.toBe(old.accessToken);
    const accepted = outcomes.flatMap((o) => JSON.parse(o.out) as string[]);
    expect(accepted).toEqual(range(6).map(() => fresh));
    expect(carriedOld()).toBe(6); // both processes really met the 401 before the one refresh
  }, 60_000);
});
