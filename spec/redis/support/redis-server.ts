import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from '../../support/test-server';

/** Whether a `redis-server` binary is on the PATH (`.ci/run` installs Debian's package). */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface RedisServer {
  port: number;
  /** A new ioredis connection to the server (closed by stop()). */
  connect(): Redis;
  /** SIGKILL: Redis dies at once, as in a crash, with its connections open. */
  kill(): Promise<void>;
  /** Closes the connections made by connect() and ends the server (if kill() has not). */
  stop(): Promise<void>;
}

/** An ioredis client of a port where nothing listens: it keeps reconnecting (every 50 ms) and never gets through. */
export async function unreachableRedis(): Promise<Redis> {
  return new Redis({ port: await freePort(), host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 50 });
}

/** A throwaway redis-server on a free loopback port, without persistence; resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  let ready = false;
  for (let i = 0; i < 100 && !ready; i++) {
    try {
      await probe.connect();
      ready = (await probe.ping()) === 'PONG';
    } catch {
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  probe.disconnect();
  if (!ready) {
    await end('SIGKILL');
    throw new Error(`redis-server did not answer PING on port ${port}`);
  }
  return {
    port,
    connect,
    kill: () => end('SIGKILL'),
    async stop() {
      const alive = child.exitCode === null && child.signalCode === null;
      await Promise.all(
        connections.map((redis) =>
          alive ? redis.quit().catch(() => redis.disconnect()) : redis.disconnect(),
        ),
      );
      await end('SIGTERM');
    },
  };
}

/**
 * `describe` where a redis-server binary exists, else `describe.skip` with a warning: the sanctioned
 * exception to "no skip". CI installs redis-server and sets RESTFIT_REQUIRE_REDIS, so there it never skips.
 */
export function redisDescribe(file: string): jest.Describe {
  if (!hasRedisServer && process.env.RESTFIT_REQUIRE_REDIS) {
    throw new Error(
      `${file}: RESTFIT_REQUIRE_REDIS is set but there is no \`redis-server\` binary on the PATH`,
    );
  }
  if (hasRedisServer) return describe;
  console.warn(`${file}: SKIPPED — no \`redis-server\` binary on the PATH (apt-get install redis-server)`);
  return describe.skip;
}
