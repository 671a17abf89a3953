import type { CallResult, IterableCall } from '../declaration/call-plan';

export type { IterableCall };

/** The AsyncIterable a method returns (pages, SSE events, JSON lines), or undefined for a Promise. */
export function iterableCall(result: CallResult): IterableCall | undefined {
  return 'iterate' in result ? result.iterate : undefined;
}
