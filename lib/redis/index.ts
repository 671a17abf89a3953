export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-token-store';
export type { RedisLike } from './redis-client';
