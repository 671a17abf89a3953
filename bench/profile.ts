/**
 * Runs one instant-adapter contender in a loop for profiling:
 *   node --cpu-prof --cpu-prof-dir=bench/profiles -r ts-node/register/transpile-only bench/profile.ts [name] [calls]
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts bench/profiles/<file>.cpuprofile
 * `name` is a substring of an instant contender's name (default "restfit GET"), or "own plain" /
 * "own configured": restfit alone on the stand-in axios of the own-cost section, so only restfit shows.
 */
import { createInstantContenders } from './instant-contenders';
import { ownCostClients } from './own-cost';
import { QUERY, USER_ID } from './payloads';

function ownContenders() {
  const { plain, configured } = ownCostClients();
  return [
    { name: 'own plain', call: () => plain.getUser(USER_ID, QUERY) },
    { name: 'own configured', call: () => configured.getUser(USER_ID, QUERY) },
  ];
}

const [pattern = 'restfit GET', callsArg = '200000'] = process.argv.slice(2);
const contenders = pattern.startsWith('own') ? ownContenders() : createInstantContenders();
const contender =
  contenders.find((c) => c.name === pattern) ?? contenders.find((c) => c.name.includes(pattern));
if (!contender) throw new Error(`no instant contender matches "${pattern}"`);
const calls = Math.min(Number(callsArg) || 200_000, 5_000_000);

(async () => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await contender.call();
  const us = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  console.log(`${contender.name}: ${us.toFixed(2)} µs/call over ${calls} calls`);
})();
