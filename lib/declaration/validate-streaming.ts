import type { BehaviourMetadata, ParameterMetadata } from '../decorators/metadata-keys';
import type { QueryStyle } from '../request/query-string';

const QUERY_STYLES: readonly QueryStyle[] = ['repeat', 'comma', 'brackets', 'indices', 'pipe'];

/** What is wrong with a `@ServerSentEvents()` / `@JsonLines()` method's other decorators, or undefined. */
export function streamingProblem(b: BehaviourMetadata): string | undefined {
  const { format, done } = b.events!;
  const decorator = format === 'sse' ? '@ServerSentEvents()' : '@JsonLines()';
  if (b.paginate) return `${decorator} and @Paginate cannot be combined — keep one`;
  if (b.fullResponse)
    return `${decorator}: events are iterated one by one, so @FullResponse() cannot apply — remove one of them`;
  if (b.responseType)
    return `${decorator}: events are decoded as they arrive, so @ResponseType('${b.responseType}') cannot apply — remove it`;
  if (done !== undefined && typeof done !== 'string')
    return `${decorator}: done must be a string (the data value that ends the stream), got ${typeof done}`;
  return undefined;
}

/** What is wrong with a `@Query(name, { style })`, or undefined. */
export function queryStyleProblem(p: ParameterMetadata): string | undefined {
  if (p.style === undefined || QUERY_STYLES.includes(p.style)) return undefined;
  return `style must be one of ${QUERY_STYLES.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(p.style)}`;
}
