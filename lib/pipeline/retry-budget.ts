import type { Clock } from '../core/options';
import { sharedExtension, type PipelineConfig } from './chain';

/** Each call earns this fraction of a retry: retries stay within 10% of calls during an outage. */
export const RETRY_BUDGET_RATIO = 0.1;
/** At most this many earned retries are banked (so a long healthy spell cannot fund a retry storm). */
export const RETRY_BUDGET_MAX_BANKED = 100;
/** On top of the earned ones, this many retries per second are always allowed (quiet clients still retry). */
export const RETRY_BUDGET_FLOOR_PER_SECOND = 10;
/** The floor can be saved up for this long, so a burst of failures still gets 100 retries at once. */
export const RETRY_BUDGET_FLOOR_SECONDS = 10;
const FLOOR_CAPACITY = RETRY_BUDGET_FLOOR_PER_SECOND * RETRY_BUDGET_FLOOR_SECONDS;

/**
 * A token bucket that bounds retries per client (shared with every client derived by `with()`), so a
 * failing server sees at most ~10% more requests plus 10/s (with a reserve of 100 for bursts), not 3× the
 * load (Finagle's RetryBudget: 10 retries/s kept for 10 s, plus a share of the calls).
 */
export class RetryBudget {
  #banked = 0;
  #floor = FLOOR_CAPACITY;
  #floorRefilledAt: number;

  constructor(private readonly clock: Clock) {
    this.#floorRefilledAt = clock.now();
  }

  /** A call started: it earns a fraction of a retry. Cheap, on every call. */
  deposit(): void {
    if (this.#banked < RETRY_BUDGET_MAX_BANKED) this.#banked += RETRY_BUDGET_RATIO;
  }

  /** Takes one retry if the budget has one; false when exhausted. */
  tryWithdraw(): boolean {
    const now = this.clock.now();
    const elapsed = now - this.#floorRefilledAt;
    if (elapsed > 0) {
      this.#floor = Math.min(FLOOR_CAPACITY, this.#floor + (elapsed / 1000) * RETRY_BUDGET_FLOOR_PER_SECOND);
      this.#floorRefilledAt = now;
    }
    if (this.#floor >= 1) {
      this.#floor -= 1;
      return true;
    }
    // A small epsilon: ten deposits of 0.1 must make one whole retry despite floating point.
    if (this.#banked >= 1 - 1e-9) {
      this.#banked = Math.max(0, this.#banked - 1);
      return true;
    }
    return false;
  }
}

/** The budget of this client and every client derived from it. */
export function retryBudgetFor(config: PipelineConfig): RetryBudget {
  return sharedExtension(config.shared, 'restfit.retryBudget', () => new RetryBudget(config.clock));
}
