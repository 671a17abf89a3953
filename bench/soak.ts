/**
 * Soak run (issue 10): many calls with injected faults on ONE client, bounded concurrency; heap after GC
 * at the start and the end, and the resources still open once everything is closed. Not part of the
 * test suite or `npm run bench`:
 *
 *   node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/soak.ts [calls] [concurrency]
 *
 * The fault server runs in a child process (this file with `--server`), so its memory is not counted.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallOptions, Get, Path, RestClient, declared, tokenAuth, type ApiError } from 'restfit';
import type { CallOptions as CallOptionsType } from 'restfit';

// Generous: the machine is shared; a hung request still ends by it.
const TIMEOUT_MS = 1_000;

/** What the server does with request n: mostly 200, and every fault restfit must survive. */
function faultFor(n: number): 'ok' | '503' | 'reset' | 'hang' | '401' {
  const r = n % 100;
  if (r < 5) return '503';
  if (r < 8) return 'reset';
  if (r < 9) return 'hang';
  if (r < 12) return '401';
  return 'ok';
}

function runServer(): void {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const fault = faultFor(n++);
      if (fault === 'reset') return res.socket?.destroy();
      // Longer than the client's timeout; then the socket goes, so nothing piles up on the server.
      if (fault === 'hang') return void setTimeout(() => res.socket?.destroy(), TIMEOUT_MS * 3);
      const status = fault === '503' ? 503 : fault === '401' ? 401 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ n, status, items: [1, 2, 3] }));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

class SoakApi {
  @Get('/items/{id}')
  item(@Path('id') id: number, @CallOptions() options?: CallOptionsType): Promise<{ n: number }> {
    return declared();
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    global.gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  if (!global.gc) throw new Error('run node with --expose-gc');
  // What was open before anything ran (stdout/stderr pipes, say): not restfit's.
  const before = process.getActiveResourcesInfo();
  const total = Number(process.argv[2] ?? 100_000);
  const concurrency = Number(process.argv[3] ?? 64);
  const child = fork(__filename, ['--server'], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', resolve as never));
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let tokens = 0;
  const client = new RestClient({
    baseURL: `http://127.0.0.1:${port}`,
    timeout: TIMEOUT_MS,
    httpAgent: agent,
    retry: { limit: 1, backoff: { baseMs: 1, maxMs: 5 } },
    auth: tokenAuth({ obtain: async () => ({ accessToken: `t${++tokens}` }) }),
  });
  const api = client.create(SoakApi);
  const outcomes = new Map<string, number>();
  let started = 0;
  const worker = async () => {
    while (started < total) {
      const i = started++;
      // Every 50th call is cancelled by its caller shortly after it starts.
      const signal = i % 50 === 0 ? AbortSignal.timeout(5) : undefined;
      let kind: string;
      try {
        await api.item(i, signal ? { signal } : undefined);
        kind = 'ok';
      } catch (error) {
        kind = (error as ApiError).code ?? 'THROWN';
      }
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    }
  };
  // Warm-up: JIT, the connection pool and the token, so that the start heap is the steady state.
  for (let i = 0; i < 500; i++) await api.item(i).catch(() => undefined);
  const heapStart = await heapAfterGc();
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - t0) / 1000;
  const heapEnd = await heapAfterGc();
  const outcomeLine = [...outcomes]
    .sort()
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');

  agent.destroy();
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  // Let the attempt-deadline timer pass its last firing (it stops itself once idle).
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 4));
  const left = process.getActiveResourcesInfo();
  for (const kind of before) left.splice(left.indexOf(kind), left.includes(kind) ? 1 : 0);
  const growth = heapEnd - heapStart;
  const result = {
    calls: total,
    concurrency,
    seconds: Number(seconds.toFixed(1)),
    callsPerSecond: Math.round(total / seconds),
    outcomes: Object.fromEntries(outcomes),
    heapStartMiB: Number(mib(heapStart)),
    heapEndMiB: Number(mib(heapEnd)),
    heapGrowthMiB: Number(mib(growth)),
    tokensObtained: tokens,
    openResources: left,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\n| calls | concurrency | time | calls/s | heap after GC: start → end | growth | resources left after close (beyond those open at start) |\n|---:|---:|---:|---:|---:|---:|---|\n| ${total.toLocaleString('en')} | ${concurrency} | ${seconds.toFixed(1)} s | ${result.callsPerSecond.toLocaleString('en')} | ${mib(heapStart)} → ${mib(heapEnd)} MiB | ${mib(growth)} MiB (target < 10 MB: ${growth < 10_000_000 ? 'met' : 'MISSED'}) | ${left.length ? left.join(', ') : 'none'} |\n\nOutcomes: ${outcomeLine}.`,
  );
}

if (process.argv.includes('--server')) runServer();
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
