import * as restfit from '../../lib';
import { createClientConfig } from '../../lib/client/client-config';
import { createRateLimitInterceptor } from '../../lib/pipeline/rate-limit';
import { createRetryInterceptor } from '../../lib/pipeline/retry';
import { runCallInterceptors } from '../../lib/pipeline/call-interceptors';
import { composeChain } from '../../lib/pipeline/chain';
import { buildRequest } from '../../lib/request/build';
import { resolveEndpoint } from '../../lib/declaration/resolve-endpoint';
import { parseService } from '../../lib/declaration/parse';
import { UsersApi } from '../services';
const config = createClientConfig({ baseURL: 'http://x', retry: { limit: 3 }, rateLimit: { requests: 1_000_000, perMs: 1000 } }, { limiters: new Map(), extensions: new Map() });
const endpoint = resolveEndpoint(parseService(UsersApi).endpoints.get('getUser')!, config);
const outcome = { ok: true, status: 200, statusText: '', headers: {}, data: 1, elapsedMs: 0, attempts: 1, request: {} as any };
const transport = async (_r: unknown) => outcome;
const chain = composeChain([runCallInterceptors, createRateLimitInterceptor(config), createRetryInterceptor(config)], transport as any);
async function time(f: () => Promise<unknown>, n = 200000) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  return Number(process.hrtime.bigint() - t) / 1000 / n;
}
(async () => {
  const req = buildRequest(endpoint, [1, 'x']);
  for (let round = 0; round < 5; round++) {
    const a = await time(() => transport(req));
    const b = await time(() => chain(req));
    const c = await time(() => Promise.resolve(buildRequest(endpoint, [1, 'x'])));
    console.log(`direct ${a.toFixed(3)} µs  chain ${b.toFixed(3)} µs  steps ≈ ${(b - a).toFixed(3)} µs   (buildRequest ${c.toFixed(3)})`);
  }
})();
