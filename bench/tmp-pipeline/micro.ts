import { createInstantAxios, authProviderInUse } from '../instant-contenders';
import * as restfit from '../../lib';
import { UsersApi } from '../services';
const instance = createInstantAxios();
const plain = new restfit.RestClient({ axios: instance, retry: false }).create(UsersApi);
const configured = new restfit.RestClient({ axios: instance, retry: { limit: 3 }, rateLimit: { requests: 1_000_000, perMs: 1000 }, auth: authProviderInUse().provider }).create(UsersApi);
const axiosAuth = () => instance.get('/users/1', { params: { q: 'x' }, timeout: 30000, headers: { authorization: 'Bearer x' } }).then((r) => r.data);
async function time(name: string, f: () => Promise<unknown>, n = 20000) {
  for (let i = 0; i < 3000; i++) await f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  const us = Number(process.hrtime.bigint() - t) / 1000 / n;
  return us;
}
(async () => {
  const r: Record<string, number[]> = { axios: [], plain: [], configured: [] };
  for (let round = 0; round < 6; round++) {
    r.axios.push(await time('axios', axiosAuth));
    r.plain.push(await time('plain', () => plain.getUser(1, 'x')));
    r.configured.push(await time('configured', () => configured.getUser(1, 'x')));
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  for (const k of Object.keys(r)) console.log(k, med(r[k]).toFixed(2), r[k].map((x) => x.toFixed(1)).join(' '));
})();
