import type { Clock } from '../core/options';
import type { Backoff } from '../core/retry-policy';
import { CancelledError } from '../errors/errors';

/** Waiting on the client's clock, and how long to wait between attempts. */

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

/**
 * Waits `ms` on the client's clock. Resolves `true` when the time has passed and `false` as soon as
 * the signal fires: never rejects, and leaves no listener behind either way. Racing the signal here
 * (rather than trusting clock.sleep alone) keeps an abort immediate even with a custom clock.
 */
export function waitFor(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return abortable(clock.sleep(ms, signal), signal, 'while it waited').then(passed, aborted);
}

const passed = () => true;
const aborted = () => false;

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

/**
 * The delay before retry `retry` (0 for the first), given the previous delay (0 before the first):
 * exponential with `full` (default), `equal`, `decorrelated` or no jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"), or the policy's own function of (attempt, previousDelayMs). Never
 * NaN, negative or infinite, whatever the policy numbers, the function or the random source return.
 */
export function backoffDelay(
  backoff: Backoff,
  retry: number,
  previousDelayMs: number,
  random: () => number,
): number {
  if (typeof backoff === 'function') return wholeMs(backoff(retry + 1, previousDelayMs));
  const { baseMs, maxMs, jitter = 'full' } = backoff;
  if (jitter === 'decorrelated') {
    // sleep = min(cap, random_between(base, previous · 3)); the first from base.
    const upper = Math.max(baseMs, (previousDelayMs || baseMs) * (backoff.factor ?? 3));
    return wholeMs(Math.min(maxMs, baseMs + unit(random) * (upper - baseMs)));
  }
  const cap = Math.min(maxMs, baseMs * (backoff.factor ?? 2) ** retry);
  if (!(cap > 0) || !Number.isFinite(cap)) return 0;
  switch (jitter) {
    case 'none':
      return wholeMs(cap);
    case 'equal':
      return wholeMs(cap / 2 + (unit(random) * cap) / 2);
    default:
      return wholeMs(unit(random) * cap);
  }
}

/** The random source's next value in [0, 1); anything else counts as 0. */
function unit(random: () => number): number {
  const r = random();
  return r >= 0 && r < 1 ? r : 0;
}

function wholeMs(ms: number): number {
  return ms > 0 && Number.isFinite(ms) ? Math.floor(ms) : 0;
}

/**
 * Resolves what `work` resolves, or rejects once `ms` of real time passed (a store is slow or gone);
 * `work`'s signal is aborted then, so the store can abandon the command. The timer goes either way.
 * Real time, not the client's clock: it bounds another process's answer, not a wait restfit chose.
 */
export function boundedBy<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let verdict: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    // The verdict waits one more turn of the event loop (after the I/O poll phase): after a long
    // synchronous stretch (module loading, a busy machine) timers run before pending I/O, and an answer
    // that has already arrived would otherwise count as late.
    timer = setTimeout(() => {
      verdict = setTimeout(() => {
        const error = new Error(`${what} did not answer within ${ms} ms`);
        controller.abort(error);
        reject(error);
      }, 0);
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
    clearTimeout(verdict);
  });
}
