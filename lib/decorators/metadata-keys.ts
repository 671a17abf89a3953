import type { RateLimitOptions } from '../client/options';
import type { RetryOverride } from '../pipeline/retry-policy';
import type { ResponseType } from '../request/api-request';

export const CLASS_METADATA = 'restfit:class';
export const METHOD_METADATA = 'restfit:method';

export type ClassRef = new (...args: any[]) => unknown;

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
  firstPage?: number;
  /** At most this many pages (default 1000); a longer listing is an error, never silently cut. */
  maxPages?: number;
}

/** What a class or a method decorator may set; a method's value overrides its class's. */
export interface BehaviourMetadata {
  headers?: Record<string, string>;
  encoding?: 'form' | 'multipart';
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
