/**
 * One at a time, in order: the calls of this process that wait for the same shared window line up here,
 * so only the first asks the store (and sleeps until its slot frees) while the others wait behind it,
 * instead of every waiting call polling the store at each freed slot.
 */
export class Turnstile {
  readonly #queue: Array<() => void> = [];
  #busy = false;

  /** Resolves true once it is this call's turn, false as soon as `signal` fires (no turn taken). */
  enter(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(admit);
        if (index >= 0) this.#queue.splice(index, 1);
        resolve(false);
      };
      const admit = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(admit);
    });
  }

  /** The current call is done: the next in line (if any) goes. */
  leave(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy = false;
  }
}
