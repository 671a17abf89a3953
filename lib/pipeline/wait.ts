import type { Clock } from '../client/options';

/**
 * Waits `ms` on the client's clock. Resolves `true` when the time has passed and `false` as soon as
 * the signal fires: never rejects, and leaves no listener behind either way. Racing the signal here
 * (rather than trusting clock.sleep alone) keeps an abort immediate even with a custom clock.
 */
export function waitFor(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (!signal) return clock.sleep(ms).then(passed, aborted);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    clock.sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(false);
      },
    );
  });
}

const passed = () => true;
const aborted = () => false;
