import { randomBytes } from 'node:crypto';
import type { RedisLike } from './redis-client';
import type { RateLimitStore } from '../core/options';

/** The options of RedisRateLimitStore. */
export interface RedisRateLimitStoreOptions {
  /** Prefix of every key this store writes; default `restfit:ratelimit:`. */
  prefix?: string;
  /**
   * Each start holds its slot this much longer than `perMs` (default 100 ms). Calls admitted together
   * leave their processes at slightly different moments (event loops, connections, scheduling); without
   * a margin, a burst admitted at the end of one window and the next burst, admitted exactly `perMs`
   * later, can meet inside one window at the server. Set 0 for the bare window.
   */
  marginMs?: number;
}

export const DEFAULT_MARGIN_MS = 100;

/**
 * The sliding window of the in-process limiter, on Redis time (one clock for every process): a sorted
 * set of start times per key. Expired starts are dropped; with fewer than `requests` left the start is
 * added, otherwise nothing is and the script answers the ms until the oldest counted start is
 * `perMs` (+ margin) old. One script, so it is atomic however many processes call it at once.
 */
const ACQUIRE = `
local key = KEYS[1]
local requests = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) + tonumber(ARGV[4])
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
  readonly #redis: RedisLike;
  readonly #prefix: string;
  readonly #marginMs: number;
  /** Makes each start a distinct member of the sorted set, across processes. */
  readonly #id = randomBytes(6).toString('base64url');
  #sequence = 0;

  constructor(redis: RedisLike, options: RedisRateLimitStoreOptions = {}) {
    if (!redis || typeof redis.eval !== 'function') {
      throw new TypeError('RedisRateLimitStore(redis): redis must be an ioredis client (new Redis(...))');
    }
    if (options.prefix !== undefined && typeof options.prefix !== 'string')
      throw new TypeError('RedisRateLimitStore(redis, options): options.prefix must be a string');
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'restfit:ratelimit:';
    const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
    if (!(Number.isFinite(margin) && margin >= 0))
      throw new TypeError(
        `RedisRateLimitStore(redis, options): options.marginMs must be a number ≥ 0, got ${margin}`,
      );
    this.#marginMs = Math.ceil(margin);
  }

  async acquire(key: string, requests: number, perMs: number, _signal?: AbortSignal): Promise<number> {
    // An ioredis command cannot be withdrawn once queued: restfit stops waiting for it instead.
    const member = `${this.#id}:${++this.#sequence}`;
    const wait = await this.#redis.eval(
      ACQUIRE,
      1,
      this.#prefix + key,
      String(requests),
      String(Math.ceil(perMs)),
      member,
      String(this.#marginMs),
    );
    return Number(wait);
  }
}
