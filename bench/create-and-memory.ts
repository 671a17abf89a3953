/** createClient time for a 50-method service, and the retained memory of instances and derived clients. */
import axios from 'axios';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ServiceBuilder } from 'ts-retrofit';
import { RestClient, createClient } from '../lib';
import { makeService } from './big-service';
import { createInstantAxios } from './instant-contenders';
import { QUERY, USER_ID } from './payloads';
import { TsRetrofitUsersApi, UsersApi } from './services';
import { median } from './stats';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BASE_URL = 'http://127.0.0.1:9';

export interface CreateTimes {
  methods: number;
  /** First create() of a class: parse + validate + resolve + prototype, ms (median). */
  coldMs: number[];
  /** A new client for an already parsed class: resolve + instance, ms. */
  warmMs: number[];
}

export function measureCreate(methods: number, classes: number, warm: number): CreateTimes {
  const instance = axios.create();
  for (let i = 0; i < 5; i++) createClient(makeService(methods), { baseURL: BASE_URL, axios: instance }); // JIT warm-up
  const services = Array.from({ length: classes }, () => makeService(methods));
  const coldMs = services.map((Service) => {
    const t0 = performance.now();
    createClient(Service, { baseURL: BASE_URL, axios: instance });
    return performance.now() - t0;
  });
  const warmMs: number[] = [];
  for (let i = 0; i < warm; i++) {
    const Service = services[i % services.length];
    const t0 = performance.now();
    createClient(Service, { baseURL: BASE_URL, axios: instance });
    warmMs.push(performance.now() - t0);
  }
  return { methods, coldMs, warmMs };
}

export interface MemoryRow {
  name: string;
  bytesPerItem: number;
}

/** Heap retained per item: median over a few rounds of (heap after making `count` − heap before) / count. */
export async function retainedPerItem(
  make: (i: number) => unknown,
  count: number,
  rounds = 3,
): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await make(-1); // anything created once per process (prototypes, caches) is not per item
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const keep: unknown[] = new Array(count);
    for (let i = 0; i < count; i++) keep[i] = await make(i);
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    samples.push((after - before) / count);
    keep.length = 0;
  }
  return median(samples);
}

export async function measureMemory(count: number): Promise<MemoryRow[]> {
  const instance = axios.create({ baseURL: BASE_URL });
  const client = new RestClient({ axios: instance, headers: { 'x-app': 'bench' } });
  const big = makeService(50);
  client.create(UsersApi);
  client.create(big);
  const usedClient = new RestClient({ axios: createInstantAxios(), headers: { 'x-app': 'bench' } });
  await usedClient.create(UsersApi).getUser(USER_ID, QUERY);
  const trBuilder = new ServiceBuilder().setEndpoint(BASE_URL).setStandalone(instance);
  return [
    {
      name: 'restfit service instance (3 methods), same client',
      bytesPerItem: await retainedPerItem(() => client.create(UsersApi), count),
    },
    {
      name: 'restfit service instance (50 methods), same client',
      bytesPerItem: await retainedPerItem(() => client.create(big), count),
    },
    {
      name: 'restfit derived client: client.with({ headers })',
      bytesPerItem: await retainedPerItem((i) => client.with({ headers: { 'x-tenant': `t${i}` } }), count),
    },
    {
      name: 'restfit derived client + a 3-method service from it',
      bytesPerItem: await retainedPerItem(
        (i) => client.with({ headers: { 'x-tenant': `t${i}` } }).create(UsersApi),
        count,
      ),
    },
    {
      name: 'restfit derived client + a 50-method service from it',
      bytesPerItem: await retainedPerItem(
        (i) => client.with({ headers: { 'x-tenant': `t${i}` } }).create(big),
        count,
      ),
    },
    {
      // Endpoints are resolved and the pipeline is built on a client's first call: this is the cost once used.
      name: 'restfit derived client + a 3-method service from it, after one call',
      bytesPerItem: await retainedPerItem(async (i) => {
        const api = usedClient.with({ headers: { 'x-tenant': `t${i}` } }).create(UsersApi);
        await api.getUser(USER_ID, QUERY);
        return api;
      }, count),
    },
    {
      name: 'ts-retrofit service instance (2 methods), shared axios instance',
      bytesPerItem: await retainedPerItem(() => trBuilder.build(TsRetrofitUsersApi), count),
    },
  ];
}
