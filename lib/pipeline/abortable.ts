import { CancelledError } from '../errors/errors';

/**
 * Waits for `work`, but rejects with CancelledError as soon as `signal` fires: a call cancelled while it
 * waits for a token (an obtain or refresh shared with other calls) ends at once; the shared work goes on
 * for the others. Leaves no listener behind.
 */
export function abortable<T>(
  work: T | Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (!signal) return Promise.resolve(work);
  if (signal.aborted)
    return Promise.reject(new CancelledError(`The call was cancelled ${what}`, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new CancelledError(`The call was cancelled ${what}`, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
