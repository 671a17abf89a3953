/**
 * Where a rate-limit window lives when several processes must share it (`rateLimit: { key, store }`).
 * Implement it to keep windows elsewhere than Redis; `RedisRateLimitStore` (restfit/redis) is one.
 */
export interface RateLimitStore {
  /**
   * Records one call start in the window `key` if fewer than `requests` started in the last `perMs` ms,
   * and resolves 0; otherwise records nothing and resolves the ms until a slot frees. Must be atomic
   * across every process using the store. `signal` fires when the caller stops waiting (its timeout):
   * a store may use it to abandon the command; restfit does not wait past it either way.
   */
  acquire(key: string, requests: number, perMs: number, signal: AbortSignal): Promise<number>;
}

/** What a shared window does when its store fails or does not answer in time. */
export type OnStoreError = 'fallback' | 'fail';

/** `{ key, store, onStoreError }` of a rate limit: what is wrong with them, or undefined. */
export function sharedLimitProblem(limit: {
  key?: unknown;
  store?: unknown;
  onStoreError?: unknown;
}): string | undefined {
  const { key, store, onStoreError } = limit;
  if (store !== undefined) {
    if (typeof (store as RateLimitStore)?.acquire !== 'function')
      return 'store must be a RateLimitStore (an object with acquire(), e.g. new RedisRateLimitStore(redis))';
    if (typeof key !== 'string' || key === '')
      return 'key must be a non-empty string when a store is given: every process using the same key shares the window';
  } else if (key !== undefined) return 'key needs a store (e.g. new RedisRateLimitStore(redis))';
  if (onStoreError !== undefined && onStoreError !== 'fallback' && onStoreError !== 'fail')
    return `onStoreError must be 'fallback' or 'fail', got ${JSON.stringify(onStoreError)}`;
  return undefined;
}

/**
 * Resolves what `work` resolves, or rejects once `ms` of real time passed (the store is slow or gone);
 * `controller` is aborted then, so the store can abandon the command. The timer goes either way.
 */
export function boundedBy<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let verdict: NodeJS.Immediate | undefined;
  const expired = new Promise<never>((_, reject) => {
    // The verdict waits one turn of the event loop (setImmediate runs after the I/O poll phase): after
    // a long synchronous stretch (module loading, a busy machine) timers run before pending I/O, and an
    // answer that has already arrived would otherwise count as late.
    timer = setTimeout(() => {
      verdict = setImmediate(() => {
        const error = new Error(`${what} did not answer within ${ms} ms`);
        controller.abort(error);
        reject(error);
      });
    }, ms);
  });
  let pending: Promise<T>;
  try {
    pending = work(controller.signal);
  } catch (error) {
    pending = Promise.reject(error);
  }
  return Promise.race([pending, expired]).finally(() => {
    clearTimeout(timer);
    if (verdict) clearImmediate(verdict);
  });
}
