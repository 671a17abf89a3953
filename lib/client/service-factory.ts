import type { Next } from '../core/exchange';
import { mergeRetryPolicy } from '../core/retry-policy';
import type { RateLimitOptions } from '../core/options';
import {
  chooseAuthProvider,
  isEventStream,
  resultForClient,
  type CallPlan,
  type EndpointSpec,
  type RateLimitRule,
  type ServiceSpec,
} from '../declaration/call-plan';
import { DeclarationError } from '../errors/errors';
import { createPipeline } from '../pipeline/pipeline';
import type { ClientConfig } from './client-config';
import { invoke } from './invoke';
import { iterableCall } from './iterable-call';

/** Where a service instance keeps its client's runtime; a symbol, so JSON.stringify and spreads skip it. */
export const RUNTIME = Symbol('restfit.runtime');

/**
 * What the instances of one service class share for one client: the pipeline, and each method's call
 * plan. Every plan is checked at create(); a plan is kept from its first call, so a client derived per
 * tenant or per user costs little until it is used.
 */
export class ServiceRuntime {
  /** The first method called and its plan: a client derived per tenant or user mostly calls one. */
  #firstIndex = -1;
  #first?: CallPlan;
  /** The plans of the other methods called, by their index in `spec.endpoints`. */
  #plans?: (CallPlan | undefined)[];
  #pipeline?: Next;

  constructor(
    readonly spec: ServiceSpec,
    readonly config: ClientConfig,
  ) {}

  /** The client's pipeline, built on its first call (a derived client's is its parent's). */
  get pipeline(): Next {
    return (this.#pipeline ??= pipelineFor(this.config));
  }

  plan(index: number, name: string): CallPlan {
    if (index === this.#firstIndex) return this.#first!;
    let plan = this.#plans?.[index];
    if (!plan) {
      // Bound here, not in a #private method: one of those adds a brand field to every instance.
      plan = bindPlan(this.spec.endpoints.get(name)!, this.config);
      if (this.#firstIndex < 0) {
        this.#firstIndex = index;
        this.#first = plan;
      } else (this.#plans ??= new Array(this.spec.endpoints.size))[index] = plan;
    }
    return plan;
  }
}

/**
 * Binds a declared method to a client: its call plan, with the client's options applied (precedence
 * method > class > client > axios defaults). Every mistake is a DeclarationError naming the method.
 */
export function bindPlan(spec: EndpointSpec, config: ClientConfig): CallPlan {
  const at = `${spec.service}.${spec.operation}`;
  const b = spec.behaviour;
  let retry = config.retry;
  for (const override of spec.retryOverrides) retry = mergeRetryPolicy(retry, override);
  if (!config.baseURL && !spec.usesUrl) {
    throw new DeclarationError(
      `${at}: no baseURL — set the baseURL option (or the axios instance's baseURL), or use an @Url() parameter`,
    );
  }
  const plan: CallPlan = {
    spec,
    client: config,
    baseURL: config.baseURL,
    origin: config.origin,
    // The client's own (frozen) headers when the method adds none: one object less per plan.
    headers: hasKeys(spec.headers) ? Object.freeze({ ...config.headers, ...spec.headers }) : config.headers,
    timeout: b.timeout ?? config.timeout,
    retry,
    idempotent: b.idempotent === true,
    rateLimits: withClientLimit(config.rateLimit, spec.rateLimits),
    circuitBreaker: b.circuitBreaker !== false,
    auth: chooseAuthProvider(b.auth, config.auth, at),
    authOption: config.auth,
    // Every field own, even when unset: a polluted Object.prototype.interceptors is never the plan's,
    // and a call's own plan (build.ts) is a spread with the same keys (adding one to a spread is slow).
    interceptors: undefined,
    onUploadProgress: undefined,
    onDownloadProgress: undefined,
    queryNames: undefined,
    removedHeaders: undefined,
    result: resultForClient(spec.result, config.responseMode),
    // Events are read as they arrive (client/stream-events.ts).
    responseType: isEventStream(spec.result) ? 'stream' : (b.responseType ?? 'auto'),
    maxContentLength: config.maxContentLength,
    maxRedirects: config.maxRedirects,
    querySerializer: config.querySerializer,
    encodedQuery: spec.encodedQuery,
    queryStyles: spec.queryStyles,
    literalQuery: spec.path.query,
    errors: config.errors,
    errorType: b.errorType,
    returns: b.returns,
  };
  return Object.freeze(plan);
}

function hasKeys(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * The client's `rateLimit` rule, then the method's rules. The rule is keyed by the option object, which
 * derived clients inherit, so a client family shares one window. The list is made once per option
 * object and method: the rate-limit step keeps its windows per list, and derived clients (one per
 * tenant or user) should not each add an entry there.
 */
const clientRules = new WeakMap<
  RateLimitOptions,
  WeakMap<readonly RateLimitRule[], readonly RateLimitRule[]>
>();

function withClientLimit(
  limit: RateLimitOptions | undefined,
  rules: readonly RateLimitRule[],
): readonly RateLimitRule[] {
  if (!limit) return rules;
  let lists = clientRules.get(limit);
  if (!lists) clientRules.set(limit, (lists = new WeakMap()));
  let list = lists.get(rules);
  if (!list) lists.set(rules, (list = Object.freeze([Object.freeze({ key: limit, limit }), ...rules])));
  return list;
}

interface ServiceInstance {
  [RUNTIME]: ServiceRuntime;
}

/**
 * One pipeline per client (per normalized config), shared by all its services, and by a derived client
 * whose overrides only change its plans (`pipelineOf`): the steps find the per-client state through
 * the plan.
 */
const pipelines = new WeakMap<ClientConfig, Next>();

function pipelineFor(config: ClientConfig): Next {
  if (config.pipelineOf) return pipelineFor(config.pipelineOf);
  let pipeline = pipelines.get(config);
  if (!pipeline) {
    pipeline = createPipeline(config);
    pipelines.set(config, pipeline);
  }
  return pipeline;
}

/**
 * The `new.target` of one service class's instances: a subclass whose prototype holds a function per
 * declared method, so instances are tiny objects that only point at their client's runtime (undecorated
 * methods come from the class itself). A class rather than a plain function: V8 then keeps one shape
 * for all the instances instead of making one per instance.
 */
const constructTargets = new WeakMap<ServiceSpec, Function>();

function constructTarget(spec: ServiceSpec): Function {
  let target = constructTargets.get(spec);
  if (target) return target;
  target = class extends (spec.serviceClass as new () => object) {};
  const proto = target.prototype as object;
  // Only the class's own constructor runs (Reflect.construct), and instances still name the class.
  define(proto, 'constructor', spec.serviceClass);
  let index = 0;
  for (const [name, endpoint] of spec.endpoints) {
    const at = index++;
    const iterate = iterableCall(endpoint.result);
    const method = iterate
      ? {
          [name](this: ServiceInstance, ...args: unknown[]): AsyncIterable<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) throw detached(spec.name, name);
            return iterate(runtime.plan(at, name), runtime.pipeline, runtime.config.clock, args);
          },
        }[name]
      : {
          [name](this: ServiceInstance, ...args: unknown[]): Promise<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) return Promise.reject(detached(spec.name, name));
            return invoke(runtime.plan(at, name), runtime.pipeline, runtime.config.clock, args);
          },
        }[name];
    define(proto, name, method);
  }
  constructTargets.set(spec, target);
  return target;
}

function define(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

function detached(service: string, name: string): DeclarationError {
  return new DeclarationError(
    `${service}.${name}: called without its client as \`this\` — call it as client.${name}(...) or bind it: client.${name}.bind(client)`,
  );
}

export function instantiate<T>(spec: ServiceSpec, runtime: ServiceRuntime): T {
  let instance: object;
  try {
    // The class's own constructor runs, without arguments: field initializers and helper state work as usual.
    instance = Reflect.construct(spec.serviceClass, [], constructTarget(spec));
  } catch (cause) {
    throw new DeclarationError(
      `${spec.name}: its constructor threw when create() built the service (it is called without arguments): ${(cause as Error)?.message ?? cause}`,
      { cause },
    );
  }
  Object.defineProperty(instance, RUNTIME, { value: runtime });
  return instance as T;
}

/** The body of a declared method. restfit replaces it; if it ever runs, the class was built with `new`. */
export function declared(): never {
  throw new DeclarationError(
    'declared(): this method is a restfit declaration and its body never runs — build the service with createClient(Service) or client.create(Service), not new Service() (an undecorated override cannot reach it through super either: declare the call under another name)',
  );
}
