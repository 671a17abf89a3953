/**
 * Runs one loopback contender against the bench server (a child process), for profiling the client:
 *   node --cpu-prof --cpu-prof-dir=bench/profiles -r ts-node/register/transpile-only bench/profile-loopback.ts [name] [get|post] [calls] [concurrency]
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts bench/profiles/<file>.cpuprofile
 * `name` is a loopback contender's name or a part of it (default "restfit + undiciAdapter").
 */
import { createLoopbackContenders } from './loopback-contenders';
import { runFor } from './measure';
import { startServerProcess } from './server-process';

const [pattern = 'restfit + undiciAdapter', workload = 'get', callsArg = '20000', concurrencyArg = '1'] =
  process.argv.slice(2);
const calls = Math.min(Number(callsArg) || 20_000, 1_000_000);
const concurrency = Math.min(Number(concurrencyArg) || 1, 256);

(async () => {
  const server = await startServerProcess();
  const setup = createLoopbackContenders(server.url, Math.max(concurrency, 64));
  try {
    const contender =
      setup.contenders.find((c) => c.name === pattern) ??
      setup.contenders.find((c) => c.name.includes(pattern));
    if (!contender) throw new Error(`no loopback contender matches "${pattern}"`);
    const call = workload === 'post' ? contender.post : contender.get;
    await runFor(call, concurrency, 500, 2_000); // warm-up
    const run = await runFor(call, concurrency, 120_000, calls);
    console.log(
      `${contender.name} ${workload} c=${concurrency}: ${run.cpuUs.toFixed(1)} µs CPU/req, ${run.rps.toFixed(0)} req/s over ${run.calls} calls`,
    );
  } finally {
    await setup.close();
    await server.stop();
  }
})();
