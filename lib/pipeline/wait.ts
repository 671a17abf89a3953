import type { Clock } from '../client/options';
import { abortable } from './abortable';

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
