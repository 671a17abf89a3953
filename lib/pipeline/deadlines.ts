/** Node timers have millisecond granularity: a deadline this close is due. */
const TOLERANCE_MS = 1;
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** One attempt's deadline: its controller is aborted when the deadline passes before it is removed. */
export interface Deadline {
  readonly at: number;
  readonly controller: AbortController;
  /** Position in the queue; -1 once removed or expired. */
  index: number;
  expired: boolean;
}

/**
 * The attempt timeouts of one client, behind a single timer. A Node `setTimeout` + `clearTimeout` per
 * attempt costs about half a microsecond (a Timeout object, a list insert and removal, a ref toggle);
 * here an attempt costs an array push and a swap-remove. The timer is armed for the earliest deadline
 * and, when it fires, aborts what is due and re-arms for the next one. While attempts are pending it
 * is ref'd (as a per-attempt timer was); when none is, it is unref'd and stops at its next firing, so
 * an idle client keeps nothing alive and leaves no timer once that deadline has passed.
 */
export class Deadlines {
  readonly #pending: Deadline[] = [];
  #timer: NodeJS.Timeout | undefined;
  #armedAt = Infinity;

  add(controller: AbortController, ms: number): Deadline {
    const pending = this.#pending;
    const deadline: Deadline = {
      at: performance.now() + ms,
      controller,
      index: pending.length,
      expired: false,
    };
    pending.push(deadline);
    if (deadline.at < this.#armedAt) this.#arm(deadline.at);
    else if (pending.length === 1) this.#timer?.ref?.(); // Node only: elsewhere timers have no ref/unref
    return deadline;
  }

  remove(deadline: Deadline): void {
    const index = deadline.index;
    if (index < 0) return;
    deadline.index = -1;
    const pending = this.#pending;
    const last = pending.pop()!;
    if (last !== deadline) {
      pending[index] = last;
      last.index = index;
    }
    if (pending.length === 0) this.#timer?.unref?.();
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
    const expired: Deadline[] = [];
    let next = Infinity;
    for (const deadline of this.#pending) {
      if (deadline.at <= due) expired.push(deadline);
      else if (deadline.at < next) next = deadline.at;
    }
    for (const deadline of expired) {
      this.remove(deadline);
      deadline.expired = true;
    }
    if (next !== Infinity) this.#arm(next);
    // Aborting runs axios's listeners synchronously: the queue is consistent before that.
    for (const deadline of expired) deadline.controller.abort();
  };
}
