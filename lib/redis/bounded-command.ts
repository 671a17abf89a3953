import { AuthError } from '../errors/errors';

export const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;

/** Runs one Redis command of a store method, failing with an AuthError when Redis fails or does not answer. */
export type BoundedCommands = <T>(method: string, command: () => Promise<T>) => Promise<T>;

/**
 * Every command restfit sends to Redis has an owner and a bound: it answers within `timeoutMs`, or the
 * store method fails with AuthError `TOKEN_STORE_UNAVAILABLE` (the token step turns that into the
 * call's error, or obtains a token without the store). A Redis error is an AuthError too, its cause kept.
 */
export function boundedCommands(timeoutMs: number): BoundedCommands {
  return <T>(method: string, command: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const unavailable = (detail: string, cause?: unknown) =>
        new AuthError(`RedisTokenStore.${method}: Redis ${detail}`, {
          code: 'TOKEN_STORE_UNAVAILABLE',
          cause,
        });
      const timer = setTimeout(() => reject(unavailable(`did not answer within ${timeoutMs} ms`)), timeoutMs);
      let pending: Promise<T>;
      try {
        pending = command();
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(unavailable(`failed: ${(error as Error)?.message ?? error}`, error));
        },
      );
    });
}
