import type { AxiosInstance } from 'axios';
import { createDefaultAxios } from '../platform';
import { isAuthProvider } from '../core/auth';
import type { Interceptor, ResponseMode } from '../core/exchange';
import { lowerCaseHeaders } from '../core/http';
import { declaredValue } from '../core/own-properties';
import {
  DEFAULT_MAX_CONTENT_LENGTH,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type Hooks,
  type QuerySerializer,
  type RateLimitOptions,
} from '../core/options';
import { DEFAULT_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy } from '../core/retry-policy';
import type { AuthOption } from '../declaration/call-plan';
import { circuitBreakerProblem, rateLimitProblem, retryProblem } from '../declaration/validate-options';
import { checkErrorClasses } from '../errors/error-class-for-status';
import { DeclarationError, type HttpErrorClass } from '../errors/errors';
import type { PipelineConfig, SharedState as PipelineSharedState } from '../pipeline/chain';
import { systemClock } from '../pipeline/wait';
import { normalizeBaseURL } from '../request/url';
import type { RestClientOptions } from './options';

/** State that a client shares with every client derived from it by `with()`. */
export interface SharedState extends PipelineSharedState {
  /** Created on first use when the user gave none; never mutated once made. */
  defaultAxios?: AxiosInstance;
}

/** The options of one client, normalized once. */
export interface ClientConfig extends PipelineConfig {
  /** The client's `rateLimit` option: the object its window is keyed by, shared with derived clients. */
  readonly rateLimit?: RateLimitOptions;
  /** Normalized base URL without a trailing slash, or '' when none is set. */
  readonly baseURL: string;
  readonly origin: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly retry: RetryPolicy | false;
  readonly auth?: AuthOption;
  readonly responseMode: ResponseMode;
  readonly errors: Readonly<Record<number, HttpErrorClass>>;
  readonly maxRedirects: number;
  readonly querySerializer: QuerySerializer;
  readonly shared: SharedState;
  /** A derived client whose overrides change only its plans runs its calls through this client's pipeline. */
  readonly pipelineOf?: ClientConfig;
}

// Shared by every client that has none: a derived client (`with()`) should cost little memory.
// Every hook an own key (a polluted Object.prototype.onRequest is never read as one), and a plain
// object rather than a null-prototype one: the hooks are read on every attempt. No prototype for [503].
const NO_HOOKS: Hooks = Object.freeze({
  onRequest: undefined,
  onResponse: undefined,
  onRetry: undefined,
  onError: undefined,
});
const NO_INTERCEPTORS: readonly Interceptor[] = Object.freeze([]);
const NO_ERRORS: Readonly<Record<number, HttpErrorClass>> = Object.freeze(Object.create(null));

interface NormalizedBase {
  readonly raw: string;
  readonly baseURL: string;
  readonly origin: string;
}
const NO_BASE: NormalizedBase = Object.freeze({ raw: '', baseURL: '', origin: '' });
/** The last base URL normalized: derived clients (`with()`) mostly keep their parent's, and share its strings. */
let lastBase: NormalizedBase = NO_BASE;

function normalizedBase(raw: string): { baseURL: string; origin: string } {
  if (raw === lastBase.raw) return lastBase;
  if (!raw) return NO_BASE;
  const url = normalizeBaseURL(raw, 'RestClient');
  lastBase = { raw, baseURL: url.href.replace(/\/+$/, ''), origin: url.origin };
  return lastBase;
}

/** A derived client's origin (`with()`): its parent's config and its own overrides. */
export interface Derived {
  readonly parent: ClientConfig;
  readonly overrides: RestClientOptions;
  /** Its calls run through the parent's pipeline (their overrides only change the plans). */
  readonly sharesPipeline: boolean;
}

/**
 * The config of a client: `options` normalized and checked. A derived client's `options` are the merged
 * ones; what its overrides leave alone is taken from its parent's config, already normalized, so that a
 * client derived per tenant or per user keeps only what it changes.
 */
export function createClientConfig(
  options: RestClientOptions,
  shared: SharedState,
  derived?: Derived,
): ClientConfig {
  // What the overrides leave alone is the parent's, already normalized (option and field share a name).
  const inherited = <K extends keyof RestClientOptions & keyof ClientConfig>(name: K) =>
    derived && !Object.hasOwn(derived.overrides, name) ? derived.parent[name] : undefined;
  const instance = options.axios ?? (shared.defaultAxios ??= createDefaultAxios(options));
  const rawBase = options.baseURL ?? instance.defaults.baseURL ?? '';
  const { baseURL, origin } = normalizedBase(rawBase);
  const headers =
    inherited('headers') ??
    Object.freeze(
      lowerCaseHeaders(options.headers ?? {}, (problem) => {
        throw new DeclarationError(`RestClient: headers: ${problem}`);
      }),
    );
  if (options.auth !== undefined && !isAuthProvider(options.auth)) {
    for (const [name, provider] of Object.entries(options.auth)) {
      if (!isAuthProvider(provider)) {
        throw new DeclarationError(`RestClient: auth provider "${name}" has no authenticate() method`);
      }
    }
  }
  validateOptions(options);
  return Object.freeze({
    rateLimit: options.rateLimit,
    axios: instance,
    baseURL,
    origin,
    headers,
    // Precedence ends with the axios instance's defaults (0 there means "unset", as in axios).
    timeout: options.timeout ?? (instance.defaults.timeout || DEFAULT_TIMEOUT_MS),
    retry: inherited('retry') ?? mergeRetryPolicy(DEFAULT_RETRY_POLICY, options.retry),
    auth: options.auth,
    responseMode: options.responseMode ?? 'body',
    errors:
      inherited('errors') ??
      (options.errors === undefined
        ? NO_ERRORS
        : checkErrorClasses(options.errors, 'RestClient: errors option')),
    // Precedence ends at the axios instance's own defaults (axios uses -1 / undefined for "none set").
    maxContentLength:
      options.maxContentLength ?? positive(instance.defaults.maxContentLength) ?? DEFAULT_MAX_CONTENT_LENGTH,
    maxRedirects:
      options.maxRedirects ?? wholeNumber(instance.defaults.maxRedirects) ?? DEFAULT_MAX_REDIRECTS,
    querySerializer: options.querySerializer ?? 'repeat',
    clock: options.clock ?? systemClock,
    hooks: inherited('hooks') ?? (options.hooks ? everyHook(options.hooks) : NO_HOOKS),
    logger: options.logger,
    circuitBreaker: options.circuitBreaker,
    interceptors:
      inherited('interceptors') ??
      (options.interceptors?.length ? Object.freeze([...options.interceptors]) : NO_INTERCEPTORS),
    shared,
    pipelineOf: derived?.sharesPipeline ? (derived.parent.pipelineOf ?? derived.parent) : undefined,
  });
}

/** The user's hooks (a plain object or a class instance), each bound to it and never Object.prototype's. */
function everyHook(hooks: Hooks): Hooks {
  const hook = <K extends keyof Hooks>(name: K): Hooks[K] => {
    const fn = declaredValue(hooks, name);
    return typeof fn === 'function' ? fn.bind(hooks) : undefined;
  };
  return Object.freeze({
    onRequest: hook('onRequest'),
    onResponse: hook('onResponse'),
    onRetry: hook('onRetry'),
    onError: hook('onError'),
    onCircuitStateChange: hook('onCircuitStateChange'),
  });
}

const QUERY_SERIALIZERS = ['repeat', 'comma', 'brackets'];
const RESPONSE_MODES = ['body', 'full'];

/** Mistakes in the options are found when the client is made, not at the first call. */
function validateOptions(options: RestClientOptions): void {
  const fail = (problem: string): never => {
    throw new DeclarationError(`RestClient: ${problem}`);
  };
  const { timeout, querySerializer, responseMode, maxContentLength, maxRedirects } = options;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 0)) {
    fail(`timeout must be a number of milliseconds ≥ 0 (0 disables it), got ${timeout}`);
  }
  if (querySerializer !== undefined && !QUERY_SERIALIZERS.includes(querySerializer)) {
    fail(`querySerializer must be 'repeat', 'comma' or 'brackets', got ${JSON.stringify(querySerializer)}`);
  }
  if (responseMode !== undefined && !RESPONSE_MODES.includes(responseMode)) {
    fail(`responseMode must be 'body' or 'full', got ${JSON.stringify(responseMode)}`);
  }
  const retry = options.retry === undefined ? undefined : retryProblem(options.retry);
  if (retry) fail(`retry: ${retry}`);
  const rateLimit = options.rateLimit === undefined ? undefined : rateLimitProblem(options.rateLimit);
  if (rateLimit) fail(`rateLimit: ${rateLimit}`);
  const breaker =
    options.circuitBreaker === undefined ? undefined : circuitBreakerProblem(options.circuitBreaker);
  if (breaker) fail(`circuitBreaker: ${breaker}`);
  if (maxContentLength !== undefined && !(maxContentLength > 0))
    fail(`maxContentLength must be > 0, got ${maxContentLength}`);
  if (maxRedirects !== undefined && !(Number.isInteger(maxRedirects) && maxRedirects >= 0)) {
    fail(`maxRedirects must be a whole number ≥ 0, got ${maxRedirects}`);
  }
}

function positive(value: number | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

function wholeNumber(value: number | undefined): number | undefined {
  return Number.isInteger(value) && value! >= 0 ? value : undefined;
}
