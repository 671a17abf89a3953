/**
 * restfit's own work per call, this checkout against another one, interleaved in one process, so a busy
 * machine disturbs both sides alike. The other checkout needs this one's node_modules:
 *   git worktree add /tmp/restfit-base <rev> && ln -s "$PWD/node_modules" /tmp/restfit-base/node_modules
 *   node -r ts-node/register/transpile-only bench/compare-own-cost.ts /tmp/restfit-base [calls] [rounds]
 * Both sides run the same GetUser call on a stand-in axios that answers at once (see own-cost.ts), with
 * nothing configured and with retry + rate limit + bearerAuth. Times include decoding the same JSON.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { standInAxios } from './own-cost';
import { QUERY, USER_ID } from './payloads';
import { median } from './stats';

type Call = () => Promise<unknown>;

/* eslint-disable @typescript-eslint/no-require-imports -- the other checkout is loaded by path */
function clientsOf(root: string): { plain: Call; configured: Call } {
  const lib = require(resolve(root, 'lib')) as any;
  const { UsersApi } = require(resolve(root, 'bench/services')) as any;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const base = { axios: standInAxios(), baseURL: 'http://127.0.0.1:9' };
  const plain = new lib.RestClient(base).create(UsersApi);
  const configured = new lib.RestClient({
    ...base,
    retry: { limit: 3 },
    rateLimit: { requests: 1_000_000, perMs: 1_000 },
    auth: lib.bearerAuth('x'),
  }).create(UsersApi);
  return {
    plain: () => plain.getUser(USER_ID, QUERY),
    configured: () => configured.getUser(USER_ID, QUERY),
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
    ['other, nothing configured', base.plain],
    ['this, nothing configured', here.plain],
    ['other, configured', base.configured],
    ['this, configured', here.configured],
  ];
  for (const [, call] of contenders) for (let i = 0; i < calls; i++) await call(); // warm-up
  const samples = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const [name, call] = contenders[(k + r) % contenders.length];
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await call();
      samples.get(name)!.push(((performance.now() - t0) * 1000) / calls);
    }
  }
  for (const [name, values] of samples)
    console.log(
      `${name.padEnd(28)} median ${median(values).toFixed(2)} µs, best ${Math.min(...values).toFixed(2)} µs`,
    );
  for (const kind of ['nothing configured', 'configured']) {
    const mine = samples.get(`this, ${kind}`)!;
    const diffs = samples.get(`other, ${kind}`)!.map((value, i) => mine[i] - value);
    console.log(
      `${kind}: this − other per round, median ${median(diffs).toFixed(2)} µs (range ${Math.min(...diffs).toFixed(2)} … ${Math.max(...diffs).toFixed(2)})`,
    );
  }
}

void main();
