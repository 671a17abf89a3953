import type { BehaviourMetadata, ClassRef, ParameterMetadata } from '../decorators/metadata-keys';
import type { QueryStyle } from '../request/query-string';
import type { RequestParts } from '../request/request-parts';

/** Applies one argument of a call to the request being built. One handler per decorated parameter. */
export interface ParameterHandler {
  readonly index: number;
  readonly meta: ParameterMetadata;
  /** e.g. `@Query('page') (parameter 1 "page")`, for messages. */
  readonly label: string;
  apply(parts: RequestParts, value: unknown): void;
}

/** A compiled path template: statics[0] + value(slots[0]) + statics[1] + ... */
export interface PathTemplate {
  readonly template: string;
  readonly statics: readonly string[];
  /** The placeholder name of each slot, in order. */
  readonly names: readonly string[];
}

/** Everything about one declared method that does not depend on the client. Immutable. */
export interface EndpointSpec {
  readonly serviceClass: ClassRef;
  readonly service: string;
  readonly operation: string;
  /** The prototype that owns the declared method (a subclass's, when it re-declares it). */
  readonly owner: object;
  readonly method: string;
  readonly path: PathTemplate;
  readonly hasBody: boolean;
  /** Class and method `@Headers`, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly encoding: 'json' | 'form' | 'multipart';
  readonly handlers: readonly ParameterHandler[];
  readonly arity: number;
  readonly usesUrl: boolean;
  readonly callOptionsIndex: number;
  /** Query names whose values arrive already percent-encoded (`@Query(name, { encoded: true })`). */
  readonly encodedQuery: ReadonlySet<string>;
  /** The template's literal query (`/search?sort=desc&flag` → `sort=desc&flag`), '' when none. */
  readonly literalQuery: string;
  /** `@Query(name, { style })`: the array style of each such name. */
  readonly queryStyles: ReadonlyMap<string, QueryStyle>;
  /** The merged class + method behaviour (method wins). */
  readonly behaviour: Readonly<BehaviourMetadata>;
  /** Retry overrides from outermost to innermost (class, method). */
  readonly retryOverrides: readonly (BehaviourMetadata['retry'] & {})[];
}

export interface ServiceSpec {
  readonly serviceClass: ClassRef;
  readonly name: string;
  readonly endpoints: ReadonlyMap<string, EndpointSpec>;
}
