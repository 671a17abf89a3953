import { performance } from 'node:perf_hooks';
import { INSTANT_BODY } from './payloads';
import { parseJson } from '../lib/response/json';
import { decodeBody } from '../lib/response/decode';
import { plainHeaders } from '../lib/response/to-response';
import { utf8Text } from '../lib/platform';
const ctx: any = { status: 200, contentType: 'application/json; charset=utf-8', request: {} };
const headers = { 'content-type': 'application/json; charset=utf-8' };
const fns: [string, () => unknown][] = [
  ['a JSON.parse(toString)', () => JSON.parse(INSTANT_BODY.toString('utf8'))],
  ['b + includes', () => { const t = INSTANT_BODY.toString('utf8'); return t.includes('__proto__') ? 0 : JSON.parse(t); }],
  ['c utf8Text + parse', () => JSON.parse(utf8Text(INSTANT_BODY))],
  ['d parseJson', () => parseJson(INSTANT_BODY, ctx)],
  ['e decodeBody', () => decodeBody({ status: 200, method: 'GET', contentType: headers['content-type'], bytes: INSTANT_BODY, request: ctx.request, responseType: 'auto' })],
  ['f plainHeaders', () => plainHeaders(headers)],
];
const best = new Map<string, number>();
for (let r = 0; r < 40; r++)
  for (const [n, f] of fns) {
    const t = performance.now();
    for (let i = 0; i < 20000; i++) f();
    best.set(n, Math.min(best.get(n) ?? 1e9, ((performance.now() - t) * 1e6) / 20000));
  }
for (const [n, v] of best) console.log(n.padEnd(24), v.toFixed(0), 'ns');
