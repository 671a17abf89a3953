/**
 * Issue 15's costs: the OpenTelemetry interceptor with no SDK registered (the API's no-op providers),
 * per call, on a stand-in axios (restfit's own work only) and on a real loopback server; and the
 * memory a derived client + one service keeps after its first call, per kind of override.
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/scale-costs.ts [--quick]
 */
import axios from 'axios';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RestClient, bearerAuth, type RestClientOptions } from '../lib';
import { openTelemetry } from '../lib/otel';
import { retainedPerItem } from './create-and-memory';
import { createInstantAxios } from './instant-contenders';
import { standInAxios } from './own-cost';
import { INSTANT_BODY, QUERY, USER_ID } from './payloads';
import { UsersApi } from './services';
import { fmt, median } from './stats';

const quick = process.argv.includes('--quick');

/** ns per call of `a` and `b`, measured in alternating rounds so drifts of a busy machine hit both. */
async function paired(a: () => Promise<unknown>, b: () => Promise<unknown>, calls: number, rounds: number) {
  const time = async (call: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await call();
    return ((performance.now() - t0) * 1e6) / calls;
  };
  await time(a);
  await time(b);
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0;
    const x = first ? await time(a) : 0;
    const y = await time(b);
    const x2 = first ? x : await time(a);
    as.push(x2);
    bs.push(y);
    ratios.push(y / x2);
  }
  return { aNs: median(as), bNs: median(bs), ratio: median(ratios) };
}

async function main() {
  const rounds = quick ? 7 : 21;
  const plainOwn = new RestClient({ axios: standInAxios(), baseURL: 'http://127.0.0.1:9' }).create(UsersApi);
  const otelOwn = new RestClient({
    axios: standInAxios(),
    baseURL: 'http://127.0.0.1:9',
    interceptors: [openTelemetry()],
  }).create(UsersApi);
  const own = await paired(
    () => plainOwn.getUser(USER_ID, QUERY),
    () => otelOwn.getUser(USER_ID, QUERY),
    quick ? 5_000 : 20_000,
    rounds,
  );

  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(INSTANT_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const instance = axios.create();
  const plainLoop = new RestClient({ axios: instance, baseURL: url }).create(UsersApi);
  const otelLoop = new RestClient({ axios: instance, baseURL: url, interceptors: [openTelemetry()] }).create(
    UsersApi,
  );
  const loop = await paired(
    () => plainLoop.getUser(USER_ID, QUERY),
    () => otelLoop.getUser(USER_ID, QUERY),
    quick ? 300 : 1_000,
    rounds,
  );
  server.close();
  instance.defaults.httpAgent?.destroy?.();

  const used = new RestClient({ axios: createInstantAxios(), headers: { 'x-app': 'bench' } });
  await used.create(UsersApi).getUser(USER_ID, QUERY);
  const limited = used.with({ rateLimit: { requests: 1e9, perMs: 1_000 } });
  await limited.create(UsersApi).getUser(USER_ID, QUERY);
  // One derived client per tenant or user, each with its own value; the client and its service are both
  // kept: the client as the measured item, its service in a slot of an array made beforehand.
  const overrides: [string, (i: number) => RestClientOptions, RestClient?][] = [
    ['headers', (i) => ({ headers: { 'x-tenant': `t${i}` } })],
    ['headers, of a parent with a `rateLimit`', (i) => ({ headers: { 'x-tenant': `t${i}` } }), limited],
    ['auth: bearerAuth(token)', (i) => ({ auth: bearerAuth(`token-${i}`) })],
    ['baseURL', (i) => ({ baseURL: `http://127.0.0.1:9/t${i}` })],
    ['timeout', (i) => ({ timeout: 1_000 + Math.abs(i) })],
    ['retry', (i) => ({ retry: { limit: 1 + (Math.abs(i) % 3) } })],
    ['hooks (a pipeline of its own)', () => ({ hooks: { onRequest: () => undefined } })],
  ];
  const derived: [string, number][] = [];
  const count = quick ? 300 : 1_000;
  const services: unknown[] = new Array(count).fill(undefined);
  for (const [kind, override, parent = used] of overrides) {
    const make = async (i: number) => {
      // make(-1) starts each round of retainedPerItem: the last round's services go before it measures.
      if (i === -1) services.fill(undefined);
      const client = parent.with(override(i));
      const api = client.create(UsersApi);
      await api.getUser(USER_ID, QUERY);
      if (i >= 0) services[i] = api;
      return client;
    };
    // Warm up first: the code V8 compiles and optimizes on the way is made once, not per client.
    for (let i = 0; i < 2_000; i++) await make(-2 - i);
    derived.push([kind, await retainedPerItem(make, count)]);
  }

  const lines = [
    '| measurement | without | with openTelemetry() (no-op providers) | cost |',
    '|---|---|---|---|',
    `| restfit's own work per call (stand-in axios) | ${fmt(own.aNs / 1000, 2)} µs | ${fmt(own.bNs / 1000, 2)} µs | +${fmt(own.bNs - own.aNs, 0)} ns (${fmt((own.ratio - 1) * 100, 1)} %) |`,
    `| a call to a loopback server | ${fmt(loop.aNs / 1000, 1)} µs | ${fmt(loop.bNs / 1000, 1)} µs | ${fmt((loop.ratio - 1) * 100, 1)} % |`,
    '',
    '| derived client + a 3-method service, after one call, overriding | retained |',
    '|---|---|',
    ...derived.map(([kind, bytes]) => `| ${kind} | ${fmt(bytes, 0)} B |`),
  ];
  console.log(lines.join('\n'));
}

void main();
