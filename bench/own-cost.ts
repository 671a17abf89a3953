/**
 * restfit's own work per call, with axios taken out: the client is given a stand-in axios instance
 * whose request() resolves at once with a ready response. Tight sequential loops, so the number is
 * steadier than the side-by-side runs on a busy machine; the baseline loop only parses the same JSON.
 */
import type { AxiosInstance } from 'axios';
import { performance } from 'node:perf_hooks';
import { RestClient } from '../lib';
import { authProviderInUse } from './instant-contenders';
import { shuffled } from './measure';
import { INSTANT_BODY, QUERY, USER_ID } from './payloads';
import { UsersApi } from './services';
import { median } from './stats';

const BASE_URL = 'http://127.0.0.1:9';

export function standInAxios(): AxiosInstance {
  const response = {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    data: INSTANT_BODY,
    config: {},
  };
  return { defaults: { headers: {} }, request: () => Promise.resolve(response) } as unknown as AxiosInstance;
}

/**
 * ns per call of each loop, its rounds interleaved (order shuffled every round), so a busy spell of a
 * shared machine falls on all of them alike rather than on whichever ran at that moment.
 */
async function nsPerCall(
  loops: (() => Promise<unknown>)[],
  calls: number,
  rounds: number,
): Promise<number[][]> {
  for (const call of loops) for (let i = 0; i < calls; i++) await call(); // warm-up
  const samples = loops.map((): number[] => []);
  const indexes = loops.map((_, i) => i);
  for (let r = 0; r < rounds; r++) {
    for (const index of shuffled(indexes, r)) {
      const call = loops[index];
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await call();
      samples[index].push(((performance.now() - t0) * 1e6) / calls);
    }
  }
  return samples;
}

export interface OwnCost {
  /** ns per call of the baseline (decode the same JSON body) */
  baselineNs: number;
  plainNs: number;
  configuredNs: number;
  /** The configured client with a default header too, as most SDKs have (the auth header is added to a copy of it). */
  withHeadersNs: number;
  /** Medians of the rounds (baseline, plain, configured, with headers), for reference. */
  medians: number[];
}

/**
 * The clients measured here, on a stand-in axios: nothing configured; retry + rate limit + auth; and
 * that with a default header as well.
 */
export function ownCostClients(): { plain: UsersApi; configured: UsersApi; withHeaders: UsersApi } {
  const axios = standInAxios();
  const configured = {
    axios,
    baseURL: BASE_URL,
    retry: { limit: 3 },
    rateLimit: { requests: 1_000_000, perMs: 1_000 },
    auth: authProviderInUse().provider,
  };
  return {
    plain: new RestClient({ axios, baseURL: BASE_URL }).create(UsersApi),
    configured: new RestClient(configured).create(UsersApi),
    withHeaders: new RestClient({ ...configured, headers: { 'x-client-version': '1.0' } }).create(UsersApi),
  };
}

export async function measureOwnCost(calls: number, rounds: number): Promise<OwnCost> {
  const { plain, configured, withHeaders } = ownCostClients();
  const baseline = () => Promise.resolve(JSON.parse(INSTANT_BODY.toString('utf8')));
  const [b, p, c, h] = await nsPerCall(
    [
      baseline,
      () => plain.getUser(USER_ID, QUERY),
      () => configured.getUser(USER_ID, QUERY),
      () => withHeaders.getUser(USER_ID, QUERY),
    ],
    calls,
    rounds,
  );
  // The least disturbed round: on a shared machine, interference only ever adds time.
  const best = (values: number[]) => Math.min(...values);
  return {
    baselineNs: best(b),
    plainNs: best(p),
    configuredNs: best(c),
    withHeadersNs: best(h),
    medians: [median(b), median(p), median(c), median(h)],
  };
}
