import { performance } from 'node:perf_hooks';
import { RestClient } from '../lib';
import { openTelemetry } from '../lib/otel';
import { standInAxios } from '../bench/own-cost';
import { QUERY, USER_ID } from '../bench/payloads';
import { UsersApi } from '../bench/services';
async function time(api: UsersApi, n = 20000) { for (let i = 0; i < 2000; i++) await api.getUser(USER_ID, QUERY); const t0 = performance.now(); for (let i = 0; i < n; i++) await api.getUser(USER_ID, QUERY); return ((performance.now() - t0) * 1e6) / n; }
async function main() {
  const mk = (interceptors: any[]) => new RestClient({ axios: standInAxios(), baseURL: 'http://127.0.0.1:9', interceptors }).create(UsersApi);
  const a = mk([]), b = mk([(r: any, n: any) => n(r)]), c = mk([openTelemetry()]);
  for (let k = 0; k < 3; k++) console.log(Math.round(await time(a)), Math.round(await time(b)), Math.round(await time(c)));
}
main();
