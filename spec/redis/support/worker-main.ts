/**
 * What every child-process worker of the Redis specs shares (they are bundled with esbuild and run with
 * node, see processes.ts): one ioredis connection to the server at REDIS_PORT, the worker's result as one
 * JSON line on stdout, and its exit: 0 once done, 1 with the stack on stderr when it fails.
 */
import Redis from 'ioredis';

export function runWorker(work: (redis: Redis) => Promise<unknown>): void {
  const redis = new Redis({ port: Number(process.env.REDIS_PORT), host: '127.0.0.1' });
  work(redis)
    .then((result) => void process.stdout.write(`${JSON.stringify(result)}\n`))
    .finally(() => redis.quit())
    .then(
      // The client's keep-alive sockets would hold the process open until the server times them out.
      () => process.exit(0),
      (error) => {
        process.stderr.write(`${error?.stack ?? error}\n`);
        process.exit(1);
      },
    );
}
