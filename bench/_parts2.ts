import { performance } from 'node:perf_hooks';
import { ownCostClients } from './own-cost';
import { QUERY, USER_ID, INSTANT_BODY } from './payloads';
import { RUNTIME } from '../lib/client/service-factory';
import { buildRequest } from '../lib/request/build';
import { queryString, summarize, withQuery } from '../lib/request/url';
import { toResponse } from '../lib/response/to-response';
import { AttemptGuards } from '../lib/pipeline/attempt-guard';
import { systemClock } from '../lib/pipeline/wait';
import { createTransport } from '../lib/pipeline/transport';
const { plain } = ownCostClients();
const runtime = (plain as any)[RUNTIME];
const plan = runtime.plan('getUser');
const pipeline = runtime.pipeline;
const transport = createTransport(runtime.config);
const request = buildRequest(plan, [USER_ID, QUERY]);
const url = withQuery(request.url, queryString(request.query, plan));
const summary = summarize(request, url);
const resp: any = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json; charset=utf-8' }, data: INSTANT_BODY, config: {} };
const guards = new AttemptGuards(systemClock);
type F = () => unknown;
const fns: [string, F][] = [
  ['json baseline', () => Promise.resolve(JSON.parse(INSTANT_BODY.toString('utf8')))],
  ['full call', () => plain.getUser(USER_ID, QUERY)],
  ['pipeline', () => pipeline(buildRequest(plan, [USER_ID, QUERY]))],
  ['transport', () => transport(buildRequest(plan, [USER_ID, QUERY]))],
  ['buildRequest', () => buildRequest(plan, [USER_ID, QUERY])],
  ['queryString+withQuery', () => withQuery(request.url, queryString(request.query, plan))],
  ['summarize', () => summarize(request, url)],
  ['guard start+end', () => guards.end(guards.start(30000, undefined), true)],
  ['toResponse', () => toResponse(resp, request, plan, summary, () => 0)],
  ['Date.now', () => Date.now()],
  ['perf.now', () => performance.now()],
];
const best = new Map<string, number>();
(async () => {
  for (let r = 0; r < 40; r++)
    for (const [n, f] of fns) {
      const t = performance.now();
      for (let i = 0; i < 5000; i++) await f();
      const ns = ((performance.now() - t) * 1e6) / 5000;
      best.set(n, Math.min(best.get(n) ?? 1e9, ns));
    }
  for (const [n, v] of best) console.log(n.padEnd(24), v.toFixed(0), 'ns');
})();
