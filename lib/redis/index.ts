export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-token-store';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-rate-limit-store';
export type { RateLimitStore, OnStoreError } from '../core/options';
export type { RedisLike } from './redis-client';
