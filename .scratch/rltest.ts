import Redis from 'ioredis';
import { RedisRateLimitStore } from '../lib/redis/index';
async function main() {
  const conns = Array.from({ length: 8 }, () => new Redis({ port: 6391 }));
  const stores = conns.map((c) => new RedisRateLimitStore(c));
  const admitted: number[] = [];
  const sig = new AbortController().signal;
  const key = 'direct' + Date.now();
  await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    for (;;) {
      const w = await stores[i % 8].acquire(key, 20, 1000, sig);
      if (w === 0) { admitted.push(Date.now()); return; }
      await new Promise((r) => setTimeout(r, w));
    }
  }));
  admitted.sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < admitted.length; j++) { while (admitted[j] - admitted[i] >= 1000) i++; most = Math.max(most, j - i + 1); }
  console.log('most', most, 'span', admitted[admitted.length - 1] - admitted[0]);
  const z = await conns[0].zrange('restfit:ratelimit:' + key, 0, -1, 'WITHSCORES'); console.log(z.slice(0, 8));
  conns.forEach((c) => c.disconnect());
}
main();
