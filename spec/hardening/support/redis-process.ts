import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';

export { hasRedisServer } from '../../redis/support/redis-server';

/** A free loopback port (nothing listens on it once this resolves). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface KillableRedis {
  port: number;
  /** SIGKILL: Redis dies at once, as in a crash, with connections open. */
  kill(): Promise<void>;
}

/** A throwaway redis-server that a spec can kill for real. */
export async function startKillableRedis(): Promise<KillableRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
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
  const kill = async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  };
  if (!ready) {
    await kill();
    throw new Error(`redis-server did not answer PING on port ${port}`);
  }
  return { port, kill };
}
