import { performance } from 'node:perf_hooks';
import { ownCostClients } from './own-cost';
import { QUERY, USER_ID, INSTANT_BODY } from './payloads';
import { RUNTIME } from '../lib/client/service-factory';
import { buildRequest } from '../lib/request/build';
import { queryString, summarize, withQuery } from '../lib/request/url';
import { toResponse, plainHeaders } from '../lib/response/to-response';
import { parseJson } from '../lib/response/json';
import { decodeBody } from '../lib/response/decode';
import { utf8Text } from '../lib/platform';
import { AttemptGuards } from '../lib/pipeline/attempt-guard';
import { systemClock } from '../lib/pipeline/wait';
const { plain } = ownCostClients();
const runtime = (plain as any)[RUNTIME];
const plan = runtime.plan('getUser');
const args = [USER_ID, QUERY];
const request = buildRequest(plan, args);
const url = withQuery(request.url, queryString(request.query, plan));
const summary = summarize(request, url);
const resp: any = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json; charset=utf-8' }, data: INSTANT_BODY, config: {} };
const guards = new AttemptGuards(systemClock);
const fns: [string, () => unknown][] = [
  ['json baseline', () => JSON.parse(INSTANT_BODY.toString('utf8'))],
  ['buildRequest', () => buildRequest(plan, [USER_ID, QUERY])],
  ['queryString+withQuery', () => withQuery(request.url, queryString(request.query, plan))],
  ['summarize', () => summarize(request, url)],
  ['guard start+end', () => guards.end(guards.start(30000, undefined), true)],
  ['toResponse', () => toResponse(resp, request, plan, summary, () => 0)],
  ['Date.now', () => Date.now()],
  ['parseJson', () => parseJson(INSTANT_BODY, summary as any)],
  ['decodeBody', () => decodeBody({ status: 200, method: 'GET', contentType: 'application/json; charset=utf-8', bytes: INSTANT_BODY, request: summary, responseType: 'auto' })],
  ['plainHeaders', () => plainHeaders(resp.headers)],
  ['toString+includes', () => INSTANT_BODY.toString('utf8').includes('__proto__')],
  ['utf8Text', () => utf8Text(INSTANT_BODY)],
  ['toString', () => INSTANT_BODY.toString('utf8')],
  ['toString+parse', () => JSON.parse(INSTANT_BODY.toString())],
];
for (let r = 0; r < 15; r++) for (const [n, f] of fns) {
  const t = performance.now(); for (let i = 0; i < 100000; i++) f();
  const ns = (performance.now() - t) * 1e6 / 100000;
  const best = (globalThis as any)[n] = Math.min((globalThis as any)[n] ?? 1e9, ns);
  if (r === 14) console.log(n.padEnd(24), best.toFixed(0), 'ns');
}
