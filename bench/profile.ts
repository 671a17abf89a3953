/**
 * Runs one instant-adapter contender in a loop for profiling:
 *   node --cpu-prof --cpu-prof-dir=bench/profiles -r ts-node/register/transpile-only bench/profile.ts [name] [calls]
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts bench/profiles/<file>.cpuprofile
 * `name` is a substring of an instant contender's name (default "restfit GET").
 */
import { createInstantContenders } from './instant-contenders';

const [pattern = 'restfit GET', callsArg = '200000'] = process.argv.slice(2);
const contender =
  createInstantContenders().find((c) => c.name === pattern) ??
  createInstantContenders().find((c) => c.name.includes(pattern));
if (!contender) throw new Error(`no instant contender matches "${pattern}"`);
const calls = Math.min(Number(callsArg) || 200_000, 5_000_000);

(async () => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await contender.call();
  const us = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  console.log(`${contender.name}: ${us.toFixed(2)} µs/call over ${calls} calls`);
})();
