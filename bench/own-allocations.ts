/**
 * Bytes allocated per call of restfit alone (the own-cost section's stand-in axios), by allocating
 * function, from V8's sampling heap profiler with collected objects kept (so short-lived garbage counts):
 *   node -r ts-node/register/transpile-only bench/own-allocations.ts [plain|configured]
 * Allocation drives the young-generation GC, the largest single item of a call's own cost.
 */
import { Session } from 'node:inspector';
import { ownCostClients } from './own-cost';
import { QUERY, USER_ID } from './payloads';
const session = new Session();
session.connect();
const post = (m: string, p?: object) =>
  new Promise<any>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
(async () => {
  const { plain, configured } = ownCostClients();
  const client = process.argv[2] === 'configured' ? configured : plain;
  for (let i = 0; i < 50000; i++) await client.getUser(USER_ID, QUERY);
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const N = 100000;
  for (let i = 0; i < N; i++) await client.getUser(USER_ID, QUERY);
  const { profile } = await post('HeapProfiler.stopSampling');
  const self = new Map<string, number>();
  let total = 0;
  const walk = (n: any) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  console.log(`total ${(total / N).toFixed(0)} bytes/call`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${(v / N).toFixed(0).padStart(6)}  ${k}`);
})();
