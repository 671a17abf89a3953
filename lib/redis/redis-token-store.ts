import { randomBytes } from 'node:crypto';
import { toToken, type Token, type TokenStore } from '../core/auth';
import { AuthError } from '../errors/errors';
import { boundedBy } from '../pipeline/wait';
import type { RedisLike } from './redis-client';

/** The options of RedisTokenStore. */
export interface RedisTokenStoreOptions {
  /** Prefix of every key this store writes; default `restfit:token:`. */
  prefix?: string;
  /** How long a refresh lock is held at most, should its holder die; default 30 000 ms. */
  lockTtlMs?: number;
  /** How long a process waits for another's refresh before giving up; default lockTtlMs + 5 000 ms. */
  lockWaitMs?: number;
  /** How often a waiting process checks the lock; default 25 ms. */
  pollMs?: number;
  /** Longest wait for one Redis command; then the store fails with AuthError TOKEN_STORE_UNAVAILABLE. Default 2 000 ms. */
  commandTimeoutMs?: number;
}

// Deletes the lock only if we still own it: a lock that expired and was taken by another process stays.
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Tokens in Redis (through an ioredis client you create and close), shared by every process that uses
 * the same prefix and key; `withLock` is a Redis lock (SET NX PX, released by owner), so when N
 * processes find the token stale at once, one refreshes and the others wait and read its new token.
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: RedisLike;
  readonly #prefix: string;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #pollMs: number;
  readonly #commandTimeoutMs: number;

  /** `redis`: an ioredis `Redis` or `Cluster` you create and close (any client of the RedisLike shape). */
  constructor(redis: RedisLike, options: RedisTokenStoreOptions = {}) {
    if (!redis || typeof redis.get !== 'function') {
      throw new TypeError('RedisTokenStore(redis): redis must be an ioredis client (new Redis(...))');
    }
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'restfit:token:';
    this.#lockTtlMs = options.lockTtlMs ?? 30_000;
    this.#lockWaitMs = options.lockWaitMs ?? this.#lockTtlMs + 5_000;
    this.#pollMs = options.pollMs ?? 25;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  }

  async get(key: string): Promise<Token | undefined> {
    const text = await this.#command('get', () => this.#redis.get(this.#prefix + key));
    if (text === null) return undefined;
    try {
      return toToken(JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  async set(key: string, token: Token): Promise<void> {
    const copy = toToken(token);
    if (!copy)
      throw new TypeError('RedisTokenStore.set(key, token): token.accessToken must be a non-empty string');
    await this.#command('set', () => this.#redis.set(this.#prefix + key, JSON.stringify(copy)));
  }

  async delete(key: string): Promise<void> {
    await this.#command('delete', () => this.#redis.del(this.#prefix + key));
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `${this.#prefix}${key}:lock`;
    const owner = randomBytes(16).toString('hex');
    const deadline = Date.now() + this.#lockWaitMs;
    const take = () => this.#redis.set(lock, owner, 'PX', this.#lockTtlMs, 'NX');
    while ((await this.#command('withLock', take)) !== 'OK') {
      if (Date.now() >= deadline) {
        throw new AuthError(
          `RedisTokenStore.withLock(key): the refresh lock for "${key}" was not released within ${this.#lockWaitMs} ms`,
          {
            code: 'TOKEN_LOCK_TIMEOUT',
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
    try {
      return await work();
    } finally {
      await this.#command('withLock', () => this.#redis.eval(RELEASE, 1, lock, owner)).catch(() => undefined);
    }
  }

  /** One Redis command, bounded: a Redis that is gone or slow is an AuthError, never a hang. */
  async #command<T>(method: string, command: () => Promise<T>): Promise<T> {
    try {
      return await boundedBy(command, this.#commandTimeoutMs, 'Redis');
    } catch (cause) {
      throw new AuthError(
        `RedisTokenStore.${method}: Redis is unavailable: ${(cause as Error)?.message ?? cause}`,
        { code: 'TOKEN_STORE_UNAVAILABLE', cause },
      );
    }
  }
}
