import type { AxiosInstance } from 'axios';
import { TAKES_ANY_ABORT_SIGNAL } from '../core/exchange';
import { abortListenerCount } from '../platform';
import type { Clock } from '../core/options';

/**
 * What bounds one attempt: an AbortController (its signal goes to axios) that is aborted when the
 * attempt's timeout passes or the caller's signal fires. This file is the one seam for the
 * transport's performance tricks; each is worth its invariant (bench/RESULTS.md has the figures):
 *
 * 1. Controllers are reused. Making one with its signal costs a few µs — several percent of a whole
 *    call. Invariant: a controller is reused only when it never fired and nothing listens to its
 *    signal any more (axios removes its listener once a buffered response is complete), so a reused
 *    signal can never reach an earlier request. A streamed attempt's controller is never reused.
 * 2. Without a clock of its own timers, a client's attempt timeouts share one wall-clock timer
 *    (`setTimeout` + `clearTimeout` per attempt cost about half a µs: a Timeout object, a list insert
 *    and removal, a ref toggle). Invariants: the queue measures on `performance.now()` (monotonic, so
 *    a wall-clock jump neither fires nor delays a timeout); the timer is armed for the earliest
 *    deadline and re-armed when it fires; it is ref'd while attempts are pending and unref'd when none
 *    is, so an idle client keeps nothing alive.
 * 3. A clock with `timer()` (the `clock` option; a virtual clock in tests) times every attempt on
 *    that clock instead, one timer per attempt: there is nothing to share.
 * 4. Where the signal goes only to code that takes any object with `aborted`, `addEventListener` and
 *    `removeEventListener` (axios's GenericAbortSignal: axios's own adapters, restfit's, and restfit's
 *    own waits), an attempt gets an AttemptAbort instead of an AbortController. On Node 20 a real
 *    AbortSignal in an axios request costs ~5% of a loopback call's client CPU at 64 calls at a time.
 *    Invariant: a custom adapter or an axios request interceptor (which may hand it to fetch() or
 *    AbortSignal.any()) always sees a real AbortSignal (`takesAnyAbortSignal`).
 *
 * The abort-listener count (Node's getEventListeners, behind the platform seam) is the only platform-specific call of the pipeline; it sits here.
 */
export class AttemptGuard {
  /** Its signal is the attempt's: given to axios. */
  readonly controller: AbortController | AttemptAbort;
  /** The timeout passed (rather than the caller's signal firing). */
  timedOut = false;
  /** When the timeout passes, in `performance.now()` ms (wall-clock timers only). */
  at = 0;
  /** Position in the timers' queue; -1 when not queued. */
  index = -1;
  stopTimer?: AbortController;
  callerSignal?: AbortSignal;
  onCallerAbort?: () => void;

  constructor(controller: AbortController | AttemptAbort) {
    this.controller = controller;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

interface AbortEvent {
  readonly type: 'abort';
  readonly target: AttemptAbort;
}

/**
 * An AbortController and its signal in one small object (invariant 4): `signal` is itself, and it has
 * what axios's adapters and restfit's adapters and waits use (`aborted`, `reason`, add and remove a
 * listener; no `onabort`, which none of them sets).
 * Listeners are functions, each added once, called once, in order.
 */
export class AttemptAbort {
  aborted = false;
  reason: unknown = undefined;
  #listeners: ((event: AbortEvent) => void)[] | undefined;

  get signal(): AbortSignal {
    return this as unknown as AbortSignal;
  }

  addEventListener(type: string, listener: unknown): void {
    if (type !== 'abort' || typeof listener !== 'function' || this.aborted) return;
    const listeners = (this.#listeners ??= []);
    if (!listeners.includes(listener as (event: AbortEvent) => void))
      listeners.push(listener as (event: AbortEvent) => void);
  }

  removeEventListener(type: string, listener: unknown): void {
    const listeners = this.#listeners;
    const index =
      type === 'abort' && listeners ? listeners.indexOf(listener as (event: AbortEvent) => void) : -1;
    if (index >= 0) listeners!.splice(index, 1);
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const event: AbortEvent = { type: 'abort', target: this };
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    for (const listener of listeners) {
      try {
        listener.call(this, event);
      } catch (error) {
        // As an EventTarget does: the others still run, and the error is reported, not swallowed.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/**
 * Whether what the axios instance does with `config.signal` takes any GenericAbortSignal: no request
 * interceptor of its own, and only axios's adapters (named ones) or restfit's (invariant 4).
 */
export function takesAnyAbortSignal(axios: AxiosInstance): boolean {
  const handlers = axios.interceptors?.request?.handlers;
  if (!Array.isArray(handlers)) return false;
  for (const handler of handlers) if (handler != null) return false;
  const adapter: unknown = axios.defaults?.adapter;
  return (
    adapter === undefined || (Array.isArray(adapter) ? adapter.every(isOwnAdapter) : isOwnAdapter(adapter))
  );
}

/** One of axios's adapters by name, or one of restfit's (marked). */
function isOwnAdapter(adapter: unknown): boolean {
  return (
    typeof adapter === 'string' ||
    (typeof adapter === 'function' &&
      (adapter as { [TAKES_ANY_ABORT_SIGNAL]?: boolean })[TAKES_ANY_ABORT_SIGNAL] === true)
  );
}

/**
 * The monotonic reading a call took as it started, kept only while its synchronous start runs
 * (client/invoke.ts): an attempt sent within that run (the first, when no step awaited before it)
 * starts its timeout from this reading instead of reading the clock again. A read costs 50–150 ns on
 * a VM, a few percent of restfit's own work per call.
 */
let callStartReading: number | undefined;

/** Reads the monotonic clock as a call starts; the reading serves until `endCallStart()`. */
export function readCallStart(): number {
  return (callStartReading = performance.now());
}

export function endCallStart(): void {
  callStartReading = undefined;
}

/** Node timers have millisecond granularity: a deadline this close is due. */
const TOLERANCE_MS = 1;
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
const MAX_IDLE_CONTROLLERS = 64;
const idleControllers: AbortController[] = [];
const ignore = () => undefined;

/** The attempt guards of one client. */
export class AttemptGuards {
  readonly #clock: Clock;
  readonly #anySignal: () => boolean;
  readonly #pending: AttemptGuard[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Infinity;

  /** `anySignal`: whether, for this attempt, its signal may be an AttemptAbort (by default: yes). */
  constructor(clock: Clock, anySignal: () => boolean = () => true) {
    this.#clock = clock;
    this.#anySignal = anySignal;
  }

  /** Guards an attempt: `timeoutMs` (0: none) and the caller's signal abort its controller. */
  start(timeoutMs: number, callerSignal: AbortSignal | undefined): AttemptGuard {
    const controller = this.#anySignal()
      ? new AttemptAbort()
      : (idleControllers.pop() ?? new AbortController());
    const guard = new AttemptGuard(controller);
    if (timeoutMs > 0) {
      if (this.#clock.timer) this.#onClock(guard, timeoutMs);
      else this.#enqueue(guard, timeoutMs);
    }
    if (callerSignal) {
      const controller = guard.controller;
      guard.callerSignal = callerSignal;
      guard.onCallerAbort = () => controller.abort();
      callerSignal.addEventListener('abort', guard.onCallerAbort, { once: true });
    }
    return guard;
  }

  /**
   * The attempt is over: its timer and the caller-signal listener go. `reusable`: the response was
   * buffered, so the controller may serve another attempt (see invariant 1).
   */
  end(guard: AttemptGuard, reusable: boolean): void {
    if (guard.index >= 0) this.#dequeue(guard);
    guard.stopTimer?.abort();
    if (guard.onCallerAbort) {
      guard.callerSignal!.removeEventListener('abort', guard.onCallerAbort);
      guard.onCallerAbort = undefined;
    }
    const controller = guard.controller;
    if (!reusable || controller instanceof AttemptAbort) return;
    const signal = controller.signal;
    if (idleControllers.length < MAX_IDLE_CONTROLLERS && !signal.aborted && abortListenerCount(signal) === 0)
      idleControllers.push(controller);
  }

  /** Starts a live attempt's timeout again from now (an event stream's idle timeout, at every chunk). */
  restart(guard: AttemptGuard, timeoutMs: number): void {
    if (guard.timedOut) return;
    if (guard.index >= 0) this.#dequeue(guard);
    guard.stopTimer?.abort();
    if (this.#clock.timer) this.#onClock(guard, timeoutMs);
    else this.#enqueue(guard, timeoutMs);
  }

  #onClock(guard: AttemptGuard, ms: number): void {
    const stop = (guard.stopTimer = new AbortController());
    this.#clock.timer!(ms, stop.signal).then(() => {
      if (stop.signal.aborted) return;
      guard.timedOut = true;
      guard.controller.abort();
    }, ignore);
  }

  #enqueue(guard: AttemptGuard, ms: number): void {
    const pending = this.#pending;
    guard.at = (callStartReading ?? performance.now()) + ms;
    guard.index = pending.length;
    pending.push(guard);
    if (guard.at < this.#armedAt) this.#arm(guard.at);
    else if (pending.length === 1) refTimer(this.#timer, true);
  }

  #dequeue(guard: AttemptGuard): void {
    const index = guard.index;
    guard.index = -1;
    const pending = this.#pending;
    const last = pending.pop()!;
    if (last !== guard) {
      pending[index] = last;
      last.index = index;
    }
    if (pending.length === 0) refTimer(this.#timer, false);
  }

  #arm(at: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedAt = at;
    // Node fires a longer delay after 1 ms; a deadline further away is re-armed when this one fires.
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(1, Math.ceil(at - performance.now())));
    this.#timer = setTimeout(this.#fire, delay);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const due = performance.now() + TOLERANCE_MS;
    const expired: AttemptGuard[] = [];
    let next = Infinity;
    for (const guard of this.#pending) {
      if (guard.at <= due) expired.push(guard);
      else if (guard.at < next) next = guard.at;
    }
    for (const guard of expired) {
      this.#dequeue(guard);
      guard.timedOut = true;
    }
    if (next !== Infinity) this.#arm(next);
    // Aborting runs axios's listeners synchronously: the queue is consistent before that.
    for (const guard of expired) guard.controller.abort();
  };
}

/** ref/unref where the runtime has them (Node); elsewhere a timer never keeps a process alive anyway. */
function refTimer(timer: ReturnType<typeof setTimeout> | undefined, ref: boolean): void {
  const handle = timer as { ref?: () => void; unref?: () => void } | undefined;
  if (ref) handle?.ref?.();
  else handle?.unref?.();
}
