/**
 * restfit's own work per call, this checkout against another one, interleaved in one process, so a busy
 * machine disturbs both sides alike. The other checkout needs this one's node_modules:
 *   git worktree add /tmp/restfit-base <rev> && ln -s "$PWD/node_modules" /tmp/restfit-base/node_modules
 *   node -r ts-node/register/transpile-only bench/compare-own-cost.ts /tmp/restfit-base [calls] [rounds]
 * Both sides run the same GetUser call on a stand-in axios that answers at once (see own-cost.ts), with
 * nothing configured, with retry + rate limit + bearerAuth, and with a default header too. Times include decoding the same JSON;
 * a baseline loop that only parses it is measured alongside, and subtracted for the "own work" lines.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { standInAxios } from './own-cost';
import { INSTANT_BODY, QUERY, USER_ID } from './payloads';
import { shuffled } from './measure';
import { median } from './stats';

type Call = () => Promise<unknown>;
const KINDS = ['nothing configured', 'configured', 'configured + headers'];

/* eslint-disable @typescript-eslint/no-require-imports -- the other checkout is loaded by path */
function clientsOf(root: string): { plain: Call; configured: Call; withHeaders: Call } {
  const lib = require(resolve(root, 'lib')) as any;
  const { UsersApi } = require(resolve(root, 'bench/services')) as any;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const base = { axios: standInAxios(), baseURL: 'http://127.0.0.1:9' };
  const plain = new lib.RestClient(base).create(UsersApi);
  const options = {
    ...base,
    retry: { limit: 3 },
    rateLimit: { requests: 1_000_000, perMs: 1_000 },
    auth: lib.bearerAuth('x'),
  };
  const configured = new lib.RestClient(options).create(UsersApi);
  const withHeaders = new lib.RestClient({ ...options, headers: { 'x-client-version': '1.0' } }).create(
    UsersApi,
  );
  return {
    plain: () => plain.getUser(USER_ID, QUERY),
    configured: () => configured.getUser(USER_ID, QUERY),
    withHeaders: () => withHeaders.getUser(USER_ID, QUERY),
  };
}

async function main(): Promise<void> {
  const [other, callsArg = '20000', roundsArg = '21'] = process.argv.slice(2);
  if (!other) throw new Error('usage: compare-own-cost.ts <other checkout> [calls] [rounds]');
  const calls = Math.min(Number(callsArg) || 20_000, 1_000_000);
  const rounds = Math.min(Number(roundsArg) || 21, 200);
  const base = clientsOf(other);
  const here = clientsOf(resolve(__dirname, '..'));
  const contenders: [string, Call][] = [
    ['baseline (JSON parse only)', () => Promise.resolve(JSON.parse(INSTANT_BODY.toString('utf8')))],
    ['other, nothing configured', base.plain],
    ['this, nothing configured', here.plain],
    ['other, configured', base.configured],
    ['this, configured', here.configured],
    ['other, configured + headers', base.withHeaders],
    ['this, configured + headers', here.withHeaders],
  ];
  for (const [, call] of contenders) for (let i = 0; i < calls; i++) await call(); // warm-up
  const samples = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  // CPU time too: on a shared machine a round that lost the core to another process keeps its CPU time.
  const cpuSamples = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, call] of shuffled(contenders, r)) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await call();
      samples.get(name)!.push(((performance.now() - t0) * 1000) / calls);
      const cpu = process.cpuUsage(cpu0);
      cpuSamples.get(name)!.push((cpu.user + cpu.system) / calls);
    }
  }
  for (const [name, values] of samples) {
    const cpu = cpuSamples.get(name)!;
    console.log(
      `${name.padEnd(28)} median ${median(values).toFixed(2)} µs, best ${Math.min(...values).toFixed(2)} µs; CPU median ${median(cpu).toFixed(2)} µs, best ${Math.min(...cpu).toFixed(2)} µs`,
    );
  }
  const baseline = cpuSamples.get('baseline (JSON parse only)')!;
  for (const side of ['other', 'this'])
    for (const kind of KINDS) {
      // As the own-cost section reports it: the best round minus the best baseline round (CPU time).
      const own = Math.min(...cpuSamples.get(`${side}, ${kind}`)!) - Math.min(...baseline);
      console.log(`own work, ${side}, ${kind}: ${own.toFixed(2)} µs (best CPU round minus best baseline)`);
    }
  for (const kind of KINDS) {
    const mine = samples.get(`this, ${kind}`)!;
    const diffs = samples.get(`other, ${kind}`)!.map((value, i) => mine[i] - value);
    console.log(
      `${kind}: this − other per round, median ${median(diffs).toFixed(2)} µs (range ${Math.min(...diffs).toFixed(2)} … ${Math.max(...diffs).toFixed(2)})`,
    );
  }
}

void main();
