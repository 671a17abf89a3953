import { CancelledError } from '../errors/errors';
import type { Clock } from './options';

/** Wall-clock now() in epoch ms, timer-based sleep that an AbortSignal cuts short. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  random: Math.random,
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError('The call was cancelled'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CancelledError('The call was cancelled'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});
