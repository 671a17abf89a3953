import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { RateLimitStore } from '../pipeline/rate-limit-store';

export interface RedisRateLimitStoreOptions {
  /** Prefix of every key this store writes; default `restfit:ratelimit:`. */
  prefix?: string;
}

/**
 * The sliding window of the in-process limiter, on Redis time (one clock for every process): a sorted
 * set of start times per key. Expired starts are dropped; with fewer than `requests` left the start is
 * added, otherwise nothing is and the script answers the ms until the oldest counted start is
 * `perMs` old. One script, so it is atomic however many processes call it at once.
 */
const ACQUIRE = `
local key = KEYS[1]
local requests = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - perMs)
local count = redis.call('ZCARD', key)
if count < requests then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, perMs)
  return 0
end
local oldest = redis.call('ZRANGE', key, count - requests, count - requests, 'WITHSCORES')
local wait = tonumber(oldest[2]) + perMs - now
if wait < 1 then wait = 1 end
return wait
`;

/**
 * Rate-limit windows in Redis (through an ioredis client you create and close), shared by every
 * process that uses the same prefix and key: `rateLimit: { requests, perMs, key, store }`.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: Redis | Cluster;
  readonly #prefix: string;
  /** Makes each start a distinct member of the sorted set, across processes. */
  readonly #id = randomBytes(6).toString('base64url');
  #sequence = 0;

  constructor(redis: Redis | Cluster, options: RedisRateLimitStoreOptions = {}) {
    if (!redis || typeof (redis as Redis).eval !== 'function') {
      throw new TypeError('RedisRateLimitStore(redis): redis must be an ioredis client (new Redis(...))');
    }
    if (options.prefix !== undefined && typeof options.prefix !== 'string')
      throw new TypeError('RedisRateLimitStore(redis, options): options.prefix must be a string');
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'restfit:ratelimit:';
  }

  async acquire(key: string, requests: number, perMs: number): Promise<number> {
    const member = `${this.#id}:${++this.#sequence}`;
    const wait = await this.#redis.eval(ACQUIRE, 1, this.#prefix + key, requests, Math.ceil(perMs), member);
    return Number(wait);
  }
}
