export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-token-store';
