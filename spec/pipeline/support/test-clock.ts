import type { Clock } from 'restfit';

interface Timer {
  at: number;
  ms: number;
  resolve(): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * A Clock on virtual time. `now()` only moves when a sleep ends. In auto mode (the default) pending
 * sleeps end one by one, earliest first, a macrotask after they were made, so nothing really waits;
 * in manual mode they end only when the test calls `advance(ms)`. Records every sleep asked for.
 * Attempt timeouts (`timer`) are on the same virtual time but never move it: they fire only once
 * time passes them (a sleep ending, or `advance`), so a request in flight is never cut short by a
 * jump that only a sleep may cause.
 */
export class TestClock implements Clock {
  current: number;
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = [];
  /** Values random() returns, in order; 0.5 once they run out. */
  randoms: number[] = [];
  readonly #timers: Timer[] = [];
  /** Pending attempt timeouts. */
  readonly #guards: Timer[] = [];
  #firing = false;

  constructor(
    private readonly mode: 'auto' | 'manual' = 'auto',
    start = 1_700_000_000_000,
  ) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  random(): number {
    return this.randoms.length ? this.randoms.shift()! : 0.5;
  }

  /** Sleeps not yet ended. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Attempt timeouts not yet fired or stopped. */
  get pendingTimeouts(): number {
    return this.#guards.length;
  }

  timer(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('stopped'));
      const guard: Timer = { at: this.current + ms, ms, resolve, reject, signal };
      guard.onAbort = () => {
        this.#forget(this.#guards, guard);
        reject(new Error('stopped'));
      };
      signal.addEventListener('abort', guard.onAbort, { once: true });
      this.#guards.push(guard);
    });
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      const timer: Timer = { at: this.current + ms, ms, resolve, reject, signal };
      if (signal) {
        timer.onAbort = () => {
          this.#remove(timer);
          reject(new Error('aborted'));
        };
        signal.addEventListener('abort', timer.onAbort, { once: true });
      }
      this.#timers.push(timer);
      if (this.mode === 'auto') this.#fireSoon();
    });
  }

  /** Manual mode: moves time forward, ending every sleep that falls due, earliest first. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const timer = this.#earliest();
      if (!timer || timer.at > target) break;
      this.#end(timer);
      // Let the woken code run (and maybe sleep again) before the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = Math.max(this.current, target);
    this.#fireDueTimeouts();
  }

  #fireSoon(): void {
    if (this.#firing) return;
    this.#firing = true;
    setImmediate(() => {
      this.#firing = false;
      const timer = this.#earliest();
      if (!timer) return;
      this.#end(timer);
      if (this.#timers.length) this.#fireSoon();
    });
  }

  #earliest(): Timer | undefined {
    let earliest: Timer | undefined;
    for (const timer of this.#timers) if (!earliest || timer.at < earliest.at) earliest = timer;
    return earliest;
  }

  #end(timer: Timer): void {
    this.#remove(timer);
    if (timer.at > this.current) this.current = timer.at;
    this.#fireDueTimeouts();
    timer.resolve();
  }

  #fireDueTimeouts(): void {
    for (const guard of this.#guards.filter((g) => g.at <= this.current)) {
      this.#forget(this.#guards, guard);
      guard.resolve();
    }
  }

  #remove(timer: Timer): void {
    this.#forget(this.#timers, timer);
  }

  #forget(list: Timer[], timer: Timer): void {
    const index = list.indexOf(timer);
    if (index >= 0) list.splice(index, 1);
    if (timer.onAbort) timer.signal!.removeEventListener('abort', timer.onAbort);
  }
}
