import type { RetryEvent } from '../client/options';
import type { ApiRequest } from '../request/api-request';

/**
 * Lets a once-per-call interceptor (restfit/otel) see what happens inside the call: an observer put on
 * the request travels with it (spreads copy symbol keys), and the retry step reports to it. Internal.
 */
export const CALL_OBSERVER = Symbol.for('restfit.callObserver');

export interface CallObserver {
  /** A retry is about to wait `event.delayMs` and then make attempt `event.attempt`. */
  onRetry?(event: RetryEvent): void;
}

type Observed = ApiRequest & { [CALL_OBSERVER]?: CallObserver };

export function observeCall(request: ApiRequest, observer: CallObserver): void {
  (request as Observed)[CALL_OBSERVER] = observer;
}

export function callObserver(request: ApiRequest): CallObserver | undefined {
  return (request as Observed)[CALL_OBSERVER];
}
