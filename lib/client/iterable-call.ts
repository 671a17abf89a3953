import type { Next } from '../core/exchange';
import type { Clock } from '../core/options';
import type { CallPlan, CallResult } from '../declaration/call-plan';
import { paginate } from './paginate';
import { streamEvents } from './stream-events';

/** A declared method that returns an AsyncIterable: every page's items, or the events of one response. */
export type IterableCall = (
  plan: CallPlan,
  pipeline: Next,
  clock: Clock,
  args: unknown[],
) => AsyncIterable<unknown>;

/** The AsyncIterable a method returns (pages, SSE events, JSON lines), or undefined for a Promise. */
export function iterableCall(result: CallResult): IterableCall | undefined {
  switch (result.kind) {
    case 'pages':
      return paginate;
    case 'events':
    case 'lines':
      return streamEvents;
    default:
      return undefined;
  }
}
