import type { ClientConfig } from '../client/client-config';
import type { Clock } from '../client/options';
import type { SlidingWindow } from './sliding-window';
import { waitFor } from './wait';

interface Waiter {
  readonly windows: readonly SlidingWindow[];
  readonly resolve: (admitted: boolean) => void;
  readonly signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Decides when calls may start: the rate-limit windows that apply to each call, and a pause after a
 * server's 429 + Retry-After. One per client (not shared with derived clients). Waiting calls form one
 * FIFO queue; a single clock timer (only while someone waits) wakes the queue at the next free slot.
 */
export class Throttle {
  /** No call starts before this time (clock ms); set by a 429 with Retry-After. */
  pausedUntil = 0;
  readonly #queue: Waiter[] = [];
  #timer?: AbortController;
  #timerAt = Infinity;

  constructor(private readonly clock: Clock) {}

  get waiting(): number {
    return this.#queue.length;
  }

  /** ms until a call limited by `windows` may start at `now`; 0 = at once. */
  delayFor(windows: readonly SlidingWindow[], now: number): number {
    let delay = this.pausedUntil - now;
    for (let i = 0; i < windows.length; i++) {
      const d = windows[i].delay(now);
      if (d > delay) delay = d;
    }
    return delay > 0 ? delay : 0;
  }

  /** The fast path: when nobody waits and every window has room, records the start and returns true. */
  tryStart(windows: readonly SlidingWindow[]): boolean {
    if (this.#queue.length !== 0) return false;
    const now = this.clock.now();
    if (this.delayFor(windows, now) !== 0) return false;
    for (let i = 0; i < windows.length; i++) windows[i].record(now);
    return true;
  }

  /** Queues a call behind the others; resolves true when it may start, false once its signal fires. */
  enqueue(windows: readonly SlidingWindow[], signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { windows, resolve, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          resolve(false);
          // The queue may be empty now: drop the timer so nothing is left behind.
          this.#drain();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  /** A server asked for a pause (429 Retry-After): nothing starts before `until`. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Starts, in FIFO order, every waiter whose windows have room now; sets the timer for the rest. */
  #drain(): void {
    const queue = this.#queue;
    const now = this.clock.now();
    let next = Infinity;
    let kept = 0;
    for (let i = 0; i < queue.length; i++) {
      const waiter = queue[i];
      const delay = this.delayFor(waiter.windows, now);
      if (delay === 0) {
        for (const window of waiter.windows) window.record(now);
        if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(true);
      } else {
        queue[kept++] = waiter;
        if (delay < next) next = delay;
      }
    }
    queue.length = kept;
    this.#schedule(now, next);
  }

  #schedule(now: number, delay: number): void {
    if (this.#queue.length === 0) {
      this.#timer?.abort();
      this.#timer = undefined;
      this.#timerAt = Infinity;
      return;
    }
    const at = now + delay;
    if (this.#timer && this.#timerAt <= at) return;
    this.#timer?.abort();
    const timer = (this.#timer = new AbortController());
    this.#timerAt = at;
    void waitFor(this.clock, delay, timer.signal).then((elapsed) => {
      if (this.#timer !== timer) return;
      this.#timer = undefined;
      this.#timerAt = Infinity;
      if (elapsed) this.#drain();
    });
  }
}

/** The throttle of this client and every client derived from it. */
const throttles = new WeakMap<ClientConfig, Throttle>();

/**
 * The throttle of one client. Not shared with derived clients: one tenant's 429 must not pause the
 * others (the rate-limit windows themselves are shared, in `config.shared.limiters`).
 */
export function throttleFor(config: ClientConfig): Throttle {
  let throttle = throttles.get(config);
  if (!throttle) {
    throttle = new Throttle(config.clock);
    throttles.set(config, throttle);
  }
  return throttle;
}
