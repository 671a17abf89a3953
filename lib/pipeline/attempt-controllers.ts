import { abortListenerCount } from '../platform';

const idle: AbortController[] = [];
const MAX_IDLE = 64;

/**
 * AbortControllers for attempts, reused. Making one with its signal costs a few µs — several percent
 * of a whole axios call — and every attempt needs one for its timeout. A controller is reused only
 * when it never fired and nothing listens to it any more (axios removes its listener once a
 * buffered response is complete), so a reused signal can never reach an earlier request.
 */
export function takeController(): AbortController {
  return idle.pop() ?? new AbortController();
}

/** Hands a controller back once its attempt is over; one that fired or is still listened to is dropped. */
export function releaseController(controller: AbortController): void {
  const signal = controller.signal;
  if (idle.length < MAX_IDLE && !signal.aborted && abortListenerCount(signal) === 0) idle.push(controller);
}
