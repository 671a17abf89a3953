import 'reflect-metadata';
import { isAuthProvider, type AuthProvider } from '../core/auth';
import type {
  ApiRequest,
  ClassRef,
  Endpoint,
  Interceptor,
  Next,
  ResponseMode,
  ResponseType,
} from '../core/exchange';
import type {
  Clock,
  QuerySerializer,
  QueryStyle,
  RateLimitOptions,
  RetryEvent,
  TransferProgress,
} from '../core/options';
import type { RetryOverride, RetryPolicy } from '../core/retry-policy';
import type {
  BehaviourMetadata,
  MultipartEncoding,
  PaginateOptions,
  ParameterMetadata,
  ReturnsMetadata,
} from '../decorators/metadata';
import { ApiError, DeclarationError, type HttpErrorClass } from '../errors/errors';

/**
 * What the declaration stage produces. `parse.ts` turns a class's metadata into one EndpointSpec per
 * method (client-independent); `client/` binds each spec to a client's options into a CallPlan, once,
 * at create(). A request carries its plan hidden in `request.endpoint` (an Invocation, as Retrofit's
 * `Invocation` tag), so every later stage reads the plan and never the decorators.
 */

/** One decorated parameter, as the request factory applies it. */
export interface ParameterSpec extends ParameterMetadata {
  /** e.g. `UsersApi.list: @Query('page') (parameter 1 "page")`, for messages. */
  readonly label: string;
  /** A `@Part`: its method's `@Multipart()` encoder, which turns the argument into a part. */
  readonly multipart?: MultipartEncoding;
}

/** A compiled path template: statics[0] + value(slots[0]) + statics[1] + ... */
export interface PathTemplate {
  readonly template: string;
  readonly statics: readonly string[];
  /** The placeholder name of each slot, in order. */
  readonly names: readonly string[];
  /** The template's literal query (`/search?sort=desc&flag` → `sort=desc&flag`), '' when none. */
  readonly query: string;
}

/** A rate limit that applies to a method; `key` is the object that declared it, and names its window. */
export interface RateLimitRule {
  readonly key: object;
  readonly limit: RateLimitOptions;
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
  readonly parameters: readonly ParameterSpec[];
  readonly arity: number;
  readonly usesUrl: boolean;
  readonly callOptionsIndex: number;
  /** Query names whose values arrive already percent-encoded (`@Query(name, { encoded: true })`). */
  readonly encodedQuery: ReadonlySet<string>;
  /** `@Query(name, { style })`: the array style of each such name. */
  readonly queryStyles: ReadonlyMap<string, QueryStyle>;
  /** What the method gives its caller, before the client's `responseMode`. */
  readonly result: CallResult;
  /** The merged class + method behaviour (method wins). */
  readonly behaviour: Readonly<BehaviourMetadata>;
  /** Retry overrides from outermost to innermost (class, method). */
  readonly retryOverrides: readonly (RetryOverride | false)[];
  /** The class's `@RateLimit` (keyed by the class that carries it), then the method's. */
  readonly rateLimits: readonly RateLimitRule[];
}

export interface ServiceSpec {
  readonly serviceClass: ClassRef;
  readonly name: string;
  readonly endpoints: ReadonlyMap<string, EndpointSpec>;
}

/** The client's `auth` option. */
export type AuthOption = AuthProvider | Readonly<Record<string, AuthProvider>>;

/**
 * What a declared method gives its caller, decided once at create(). A Promise: of the decoded body
 * (`body`), of the whole ApiResponse (`full`), or of the body stream unread (`stream`,
 * `@ResponseType('stream')`). Or an AsyncIterable, read by the call's owner in client/: the events of
 * one `text/event-stream` response (`events`), the JSON values of a JSON Lines one (`lines`), or the
 * items of every page (`pages`).
 */
export type CallResult =
  | { readonly kind: 'body' | 'full' | 'stream' }
  | { readonly kind: 'events'; readonly done?: string; readonly iterate: IterableCall }
  | { readonly kind: 'lines'; readonly iterate: IterableCall }
  | { readonly kind: 'pages'; readonly paginate: PaginateOptions; readonly iterate: IterableCall };

/**
 * A declared method that returns an AsyncIterable: every page's items, or the events of one response.
 * Its decorator brings it (`BehaviourMetadata.iterate`), so the core never imports it.
 */
export type IterableCall = (
  plan: CallPlan,
  pipeline: Next,
  clock: Clock,
  args: unknown[],
) => AsyncIterable<unknown>;

const RESULTS = {
  body: Object.freeze({ kind: 'body' }),
  full: Object.freeze({ kind: 'full' }),
  stream: Object.freeze({ kind: 'stream' }),
} as const;

/** A method's result as its own decorators declare it (parse.ts). */
export function declaredResult(b: Readonly<BehaviourMetadata>): CallResult {
  const iterate = b.iterate?.call as IterableCall;
  if (b.paginate) return Object.freeze({ kind: 'pages', paginate: b.paginate, iterate });
  if (b.events?.format === 'jsonl') return Object.freeze({ kind: 'lines', iterate });
  if (b.events) return Object.freeze({ kind: 'events', done: b.events.done, iterate });
  if (b.fullResponse) return RESULTS.full;
  return b.responseType === 'stream' ? RESULTS.stream : RESULTS.body;
}

/** The client's `responseMode: 'full'` applies to a Promise of the body (or of its stream), never to an AsyncIterable. */
export function resultForClient(declared: CallResult, clientMode: ResponseMode): CallResult {
  return clientMode === 'full' && (declared.kind === 'body' || declared.kind === 'stream')
    ? RESULTS.full
    : declared;
}

/** An event stream's body is read by restfit as it arrives: `timeout` bounds each idle gap, `maxContentLength` each event. */
export function isEventStream(result: CallResult): boolean {
  return result.kind === 'events' || result.kind === 'lines';
}

/**
 * One declared method bound to one client: the request factory's input (`spec` plus base URL and
 * headers) and everything the pipeline and the response stage need. Immutable and shared by every
 * call; a call whose CallOptions change retry, auth or interceptors gets a copy with those changed.
 */
export interface CallPlan {
  readonly spec: EndpointSpec;
  /**
   * The client the plan is bound to. Per-client state of a pipeline that derived clients may share (the
   * throttle with a 429's pause) is looked up by it, not captured when the pipeline was built.
   */
  readonly client: object;
  /** Normalized base URL without a trailing slash, or ''. */
  readonly baseURL: string;
  /** The origin (`protocol//host:port`) of baseURL: the only one that may receive credentials. */
  readonly origin: string;
  /** Client headers, then class and method `@Headers`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  /** call > method > class > client. */
  readonly retry: RetryPolicy | false;
  /** `@Idempotent()`: retried like GET, with one Idempotency-Key per call. */
  readonly idempotent: boolean;
  /** The client's limit, then the class's and the method's; each has its own window. */
  readonly rateLimits: readonly RateLimitRule[];
  /** false for `@CircuitBreaker(false)`: the client's circuit breaker lets the call through uncounted. */
  readonly circuitBreaker: boolean;
  /** undefined for `@NoAuth` or a client without auth. */
  readonly auth?: AuthProvider;
  /** The client's auth option, for `CallOptions.auth` by name. */
  readonly authOption?: AuthOption;
  /** `CallOptions.interceptors`: they run inside the client's interceptors (set on a call's own plan). */
  readonly interceptors?: readonly Interceptor[];
  /**
   * Header names a `CallOptions.headers` entry set to `undefined` (set on a call's own plan): the
   * transport tells axios to drop them too, so not even the axios instance's defaults send them.
   */
  readonly removedHeaders?: readonly string[];
  /** `CallOptions.onUploadProgress` / `onDownloadProgress` (set on a call's own plan). */
  readonly onUploadProgress?: (progress: TransferProgress) => void;
  readonly onDownloadProgress?: (progress: TransferProgress) => void;
  readonly result: CallResult;
  /** How the body is decoded: `'stream'` for a raw stream and for events, which restfit reads as they arrive. */
  readonly responseType: ResponseType;
  readonly maxContentLength: number;
  readonly maxRedirects: number;
  readonly querySerializer: QuerySerializer;
  /** Query names whose values are already percent-encoded. */
  readonly encodedQuery: ReadonlySet<string>;
  readonly queryStyles: ReadonlyMap<string, QueryStyle>;
  /** Sent first, as written: the template's literal query ('' on a redirect hop or a Link, whose URL is whole). */
  readonly literalQuery: string;
  /** `@QueryName` values of this call, encoded, sent last (set on a call's own plan). */
  readonly queryNames?: readonly string[];
  /** The client's `errors` option: status → error class. */
  readonly errors: Readonly<Record<number, HttpErrorClass>>;
  /** `@ErrorType`: class-transformer type for HttpError.data. */
  readonly errorType?: ClassRef;
  /** `@Returns`: class-transformer type for the body. */
  readonly returns?: ReturnsMetadata;
}

const NO_STYLES: ReadonlyMap<string, QueryStyle> = new Map();

/**
 * The plan of a request to a URL given whole (a redirect's Location, a `Link` to the next page): its
 * query goes alone, without the declaration's literal query, `@QueryName`s or per-parameter styles.
 */
export function planForWholeUrl(
  plan: CallPlan,
  encodedQuery: ReadonlySet<string> = plan.encodedQuery,
): CallPlan {
  return { ...plan, encodedQuery, queryStyles: NO_STYLES, literalQuery: '', queryNames: undefined };
}

/** What a once-per-call interceptor may hear from inside its call (`Invocation.observe`). Internal. */
export interface CallObserver {
  /** A retry is about to wait `event.delayMs` and then make attempt `event.attempt`. */
  onRetry?(event: RetryEvent): void;
}

/**
 * The public `request.endpoint` of one call, and the hidden tag that carries the call's plan through
 * the pipeline. It also keeps the call's one attempt counter (shared with the requests a redirect makes).
 */
export class Invocation implements Endpoint {
  readonly #plan: CallPlan;
  readonly #call: Invocation;
  #attempts = 0;
  /** Why the call ended as it did, when a step wants the caller to know (e.g. a retry it did not make). */
  #note?: string;
  /** A once-per-call interceptor's (restfit/otel's) ear on what happens inside the call. */
  #observer?: CallObserver;

  constructor(
    plan: CallPlan,
    readonly args: readonly unknown[],
    call?: Invocation,
  ) {
    this.#plan = plan;
    this.#call = call ?? this;
  }

  get service(): string {
    return this.#plan.spec.service;
  }

  get operation(): string {
    return this.#plan.spec.operation;
  }

  get pathTemplate(): string {
    return this.#plan.spec.path.template;
  }

  get serviceClass(): Function {
    return this.#plan.spec.serviceClass;
  }

  metadata<T = unknown>(key: string | symbol): T | undefined {
    const spec = this.#plan.spec;
    const own = Reflect.getMetadata(key, spec.owner, spec.operation);
    return own !== undefined ? own : Reflect.getMetadata(key, spec.serviceClass);
  }

  /** The same call under another plan (a redirect hop's): it shares this call's attempt counter. */
  withPlan(plan: CallPlan): Invocation {
    return new Invocation(plan, this.args, this.#call);
  }

  /**
   * The plan of a request; a request whose endpoint was replaced is a mistake in an interceptor.
   * (Reading a private field is the brand check: it throws for anything but an Invocation.)
   */
  static planOf(request: ApiRequest): CallPlan {
    try {
      return (request.endpoint as Invocation).#plan;
    } catch {
      throw replacedEndpoint(request);
    }
  }

  /** Counts one more attempt of the request's call (one the transport sent). */
  static countAttempt(request: ApiRequest): number {
    return ++Invocation.#callOf(request).#attempts;
  }

  /** A step's word on how the call ended; the call's owner adds it to the final error's message. */
  static note(request: ApiRequest, note: string): void {
    Invocation.#callOf(request).#note = note;
  }

  static noteOf(request: ApiRequest): string | undefined {
    return Invocation.#callOf(request).#note;
  }

  /** `observer` hears about the request's call from inside it (the retry step reports each retry). */
  static observe(request: ApiRequest, observer: CallObserver): void {
    Invocation.#callOf(request).#observer = observer;
  }

  static observerOf(request: ApiRequest): CallObserver | undefined {
    return Invocation.#callOf(request).#observer;
  }

  /** Attempts made so far by the request's call. */
  static attemptsOf(request: ApiRequest): number {
    return Invocation.#callOf(request).#attempts;
  }

  static #callOf(request: ApiRequest): Invocation {
    try {
      return (request.endpoint as Invocation).#call;
    } catch {
      throw replacedEndpoint(request);
    }
  }
}

export const planOf = Invocation.planOf;

function replacedEndpoint(request: ApiRequest): ApiError {
  return new ApiError(
    `${request.endpoint?.service}.${request.endpoint?.operation}: request.endpoint was replaced by an interceptor — keep the endpoint restfit gave the request`,
    { code: 'INTERCEPTOR_ERROR' },
  );
}

/**
 * Which provider a method uses: `@NoAuth` none; `@Auth('name')` that one; otherwise the single
 * provider or `default`. Mistakes are DeclarationErrors naming `at`.
 */
export function chooseAuthProvider(
  declared: string | boolean | undefined,
  auth: AuthOption | undefined,
  at: string,
): AuthProvider | undefined {
  if (declared === false || auth === undefined) {
    if (typeof declared === 'string') {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') but the client has no auth option — add auth: { ${declared}: provider }`,
      );
    }
    return undefined;
  }
  if (isAuthProvider(auth)) {
    if (typeof declared === 'string') {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') names a provider, but the auth option is a single provider — pass auth: { ${declared}: provider }`,
      );
    }
    return auth;
  }
  const names = Object.keys(auth);
  if (typeof declared === 'string') {
    const provider = Object.hasOwn(auth, declared) ? auth[declared] : undefined;
    if (!provider) {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') has no provider "${declared}" in the auth option (known: ${names.join(', ') || 'none'}) — add auth: { ${declared}: provider } or name a known one`,
      );
    }
    return provider;
  }
  if (declared === true && !auth.default) {
    throw new DeclarationError(
      `${at}: @Auth() without a name, but auth is a map of ${names.join(', ')} — use @Auth('name') or add a "default" provider`,
    );
  }
  return auth.default;
}
