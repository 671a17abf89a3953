import 'reflect-metadata';
import type { ClassRef, ResponseType } from '../core/exchange';
import type { QueryStyle, RateLimitOptions } from '../core/options';
import type { RetryOverride } from '../core/retry-policy';

/**
 * What the decorators record (reflect-metadata), and how: one record per class and one per method,
 * written copy-on-write so a subclass never writes into its parent's. No logic, no validation: the
 * declaration stage reads these records once, at create().
 */

export const CLASS_METADATA = 'restfit:class';
export const METHOD_METADATA = 'restfit:method';

/** `@Returns(User)` or `@Returns([User])`. */
export interface ReturnsMetadata {
  type: ClassRef;
  array: boolean;
}

/** `@Paginate(...)`: the method returns an AsyncIterable over the items of every page. */
export interface PaginateOptions {
  /** `link`: follow `Link: <…>; rel="next"`; `cursor`: send the body's next cursor; `page`: count pages. */
  style: 'link' | 'cursor' | 'page';
  /** Dot path to the items array in the body (e.g. `data`); default: the body itself. */
  items?: string;
  /** cursor style: dot path to the next cursor in the body (e.g. `meta.next`), or a function of the body. */
  nextCursor?: string | ((body: unknown) => unknown);
  /** cursor style: the query parameter that carries the cursor (default `cursor`). */
  cursorParam?: string;
  /** page style: the query parameter (default `page`) and the first page's number (default 1). */
  pageParam?: string;
  /** page style: the first page's number (default 1). */
  firstPage?: number;
  /** At most this many pages (default 1000); a longer listing is an error, never silently cut. */
  maxPages?: number;
}

/** `@ServerSentEvents({ done })` or `@JsonLines()`: the method returns an AsyncIterable over one response's events. */
export interface EventStreamOptions {
  format: 'sse' | 'jsonl';
  /** SSE: a `data` value that ends the iteration (not yielded), e.g. `[DONE]`. */
  done?: string;
}

/**
 * How a method returning an AsyncIterable runs, brought by its decorator (`@Paginate` from
 * client/paginate.ts, `@ServerSentEvents`/`@JsonLines` from client/stream-events.ts): the core never
 * imports that code, so a program declaring no such method does not bundle it.
 */
export interface IterableStrategy {
  /** The call's owner, an `IterableCall` (declaration/call-plan.ts, a later layer than this one). */
  readonly call: Function;
  /** What is wrong with the method's merged behaviour, or undefined: parse() reports it at create(). */
  problem(behaviour: BehaviourMetadata): string | undefined;
}

/**
 * `@Multipart()`'s encoder, brought by the decorator (request/multipart.ts) like an IterableStrategy, so
 * only a program that declares a multipart method bundles it. Typed loosely: its types live in request/.
 */
export interface MultipartEncoding {
  /** One `@Part` argument as a MultipartPart; throws RequestError naming `where`. */
  part(name: string, value: unknown, options: ParameterMetadata, where: string): unknown;
  /** The body of a call `at` (`UsersApi.upload`): its `@Body` argument, or else its parts. */
  body(parts: { body: unknown; hasBodyArgument: boolean; parts?: unknown[] }, at: string): unknown;
}

/** What a class or a method decorator may set; a method's value overrides its class's. */
export interface BehaviourMetadata {
  headers?: Record<string, string>;
  encoding?: 'form' | 'multipart';
  /** Set with `encoding: 'multipart'` by `@Multipart()`. */
  multipart?: MultipartEncoding;
  returns?: ReturnsMetadata;
  responseType?: ResponseType;
  fullResponse?: boolean;
  timeout?: number;
  retry?: RetryOverride | false;
  idempotent?: boolean;
  /** A provider name (`@Auth('name')`), `true` for `@Auth()`, or `false` for `@NoAuth()`. */
  auth?: string | boolean;
  rateLimit?: RateLimitOptions;
  /** `@CircuitBreaker(false)`: this method (or class) bypasses the client's circuit breaker. */
  circuitBreaker?: boolean;
  errorType?: ClassRef;
  paginate?: PaginateOptions;
  events?: EventStreamOptions;
  /** Set with `paginate` or `events` by the decorator that brings the iteration's code. */
  iterate?: IterableStrategy;
  /** Decorators that contradict each other on the same target, e.g. `@FormUrlEncoded() and @Multipart()`. */
  conflicts?: readonly string[];
}

export interface ClassMetadata extends BehaviourMetadata {
  basePath?: string;
  /** Decorators put where restfit never reads them, e.g. `constructor parameter 0`, `static method "find"`. */
  misplaced?: readonly string[];
}

export type ParameterKind =
  | 'path'
  | 'query'
  | 'queryName'
  | 'queryMap'
  | 'header'
  | 'headerMap'
  | 'body'
  | 'field'
  | 'fieldMap'
  | 'part'
  | 'url'
  | 'callOptions';

export interface ParameterMetadata {
  index: number;
  kind: ParameterKind;
  name?: string;
  encoded?: boolean;
  /** `@Query(name, { style })`: how an array is written, over the client's querySerializer. */
  style?: QueryStyle;
  /** `@Path(name, { segments: true })`: the value may hold `/`; each segment is encoded on its own. */
  segments?: boolean;
  filename?: string;
  contentType?: string;
}

export interface HttpMetadata {
  method: string;
  path: string;
  hasBody?: boolean;
  /** How the user wrote it, for messages: `@Get('/users')`. */
  label: string;
}

export interface MethodMetadata extends BehaviourMetadata {
  http?: HttpMetadata;
  params: ParameterMetadata[];
}

// Records have no prototype: a polluted Object.prototype.timeout or .idempotent is never read as declared.

export function recordClass(target: Function, change: (meta: ClassMetadata) => void): void {
  const own: ClassMetadata | undefined = Reflect.getOwnMetadata(CLASS_METADATA, target);
  const next: ClassMetadata = Object.assign(Object.create(null), own);
  change(next);
  Reflect.defineMetadata(CLASS_METADATA, next, target);
}

export function recordMethod(
  target: object,
  key: string | symbol,
  change: (meta: MethodMetadata) => void,
): void {
  const own: MethodMetadata | undefined = Reflect.getOwnMetadata(METHOD_METADATA, target, key);
  const next: MethodMetadata = Object.assign(Object.create(null), own, {
    params: own ? [...own.params] : [],
  });
  change(next);
  Reflect.defineMetadata(METHOD_METADATA, next, target, key);
}

/** Notes a decorator that contradicts one already recorded on the same target; parse() reports it. */
export function noteConflict(meta: { conflicts?: readonly string[] }, conflict: string): void {
  meta.conflicts = [...(meta.conflicts ?? []), conflict];
}

/** A restfit decorator on a static method or a constructor parameter: recorded on the class so create() can refuse it. */
export function recordMisplaced(serviceClass: Function, where: string): void {
  recordClass(serviceClass, (meta) => {
    if (!meta.misplaced?.includes(where)) meta.misplaced = [...(meta.misplaced ?? []), where];
  });
}

export function readClass(target: Function): ClassMetadata | undefined {
  return Reflect.getOwnMetadata(CLASS_METADATA, target);
}

export function readMethod(target: object, key: string | symbol): MethodMetadata | undefined {
  return Reflect.getOwnMetadata(METHOD_METADATA, target, key);
}
