import type { BehaviourMetadata } from '../decorators/metadata-keys';
import type { ResolvedEndpoint } from '../declaration/resolve-endpoint';
import type { Next } from '../pipeline/interceptor';
import { paginate } from './paginate';
import { streamEvents } from './stream-events';

/** A declared method that returns an AsyncIterable: every page's items, or the events of one response. */
export type IterableCall = (
  endpoint: ResolvedEndpoint,
  pipeline: Next,
  args: unknown[],
) => AsyncIterable<unknown>;

/** The iterable a method returns (`@Paginate`, `@ServerSentEvents`, `@JsonLines`), or undefined for a Promise. */
export function iterableCallFor(behaviour: Readonly<BehaviourMetadata>): IterableCall | undefined {
  if (behaviour.paginate) return paginate;
  if (behaviour.events) return streamEvents;
  return undefined;
}
