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
  #plans?: Map<string, CallPlan>;
  #pipeline?: Next;

  constructor(
    readonly spec: ServiceSpec,
    readonly config: ClientConfig,
  ) {}

  /** The client's pipeline, built on its first call. */
  get pipeline(): Next {
    return (this.#pipeline ??= pipelineFor(this.config));
  }

  plan(name: string): CallPlan {
    let plan = this.#plans?.get(name);
    if (!plan) {
      plan = bindPlan(this.spec.endpoints.get(name)!, this.config);
      (this.#plans ??= new Map()).set(name, plan);
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
    headers: Object.freeze({ ...config.headers, ...spec.headers }),
    timeout: b.timeout ?? config.timeout,
    retry,
    idempotent: b.idempotent === true,
    rateLimits: withClientLimit(config.options.rateLimit, spec.rateLimits),
    circuitBreaker: b.circuitBreaker !== false,
    auth: chooseAuthProvider(b.auth, config.auth, at),
    authOption: config.auth,
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

/**
 * The client's `rateLimit` rule, then the method's rules. The rule is keyed by the option object, which
 * derived clients inherit, so a client family shares one window; it is made once per option object.
 */
const clientRules = new WeakMap<RateLimitOptions, RateLimitRule>();

function withClientLimit(
  limit: RateLimitOptions | undefined,
  rules: readonly RateLimitRule[],
): readonly RateLimitRule[] {
  if (!limit) return rules;
  let rule = clientRules.get(limit);
  if (!rule) clientRules.set(limit, (rule = Object.freeze({ key: limit, limit })));
  return Object.freeze([rule, ...rules]);
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

const prototypes = new WeakMap<ServiceSpec, object>();

/**
 * One prototype per service class, holding a function per declared method; instances are tiny objects
 * that only point at their client's runtime. Undecorated methods come from the class itself.
 */
function declaredPrototype(spec: ServiceSpec): object {
  let proto = prototypes.get(spec);
  if (proto) return proto;
  proto = Object.create(spec.serviceClass.prototype as object);
  for (const [name, endpoint] of spec.endpoints) {
    const iterate = iterableCall(endpoint.result);
    const method = iterate
      ? {
          [name](this: ServiceInstance, ...args: unknown[]): AsyncIterable<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) throw detached(spec.name, name);
            return iterate(runtime.plan(name), runtime.pipeline, runtime.config.clock, args);
          },
        }[name]
      : {
          [name](this: ServiceInstance, ...args: unknown[]): Promise<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) return Promise.reject(detached(spec.name, name));
            return invoke(runtime.plan(name), runtime.pipeline, runtime.config.clock, args);
          },
        }[name];
    Object.defineProperty(proto, name, {
      value: method,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  prototypes.set(spec, proto!);
  return proto!;
}

function detached(service: string, name: string): DeclarationError {
  return new DeclarationError(
    `${service}.${name}: called without its client as \`this\` — call it as client.${name}(...) or bind it: client.${name}.bind(client)`,
  );
}

const constructTargets = new WeakMap<ServiceSpec, Function>();

/** A `new.target` whose prototype is the declared prototype, so the class's constructor builds our instance. */
function constructTarget(spec: ServiceSpec): Function {
  let target = constructTargets.get(spec);
  if (!target) {
    target = function service() {};
    target.prototype = declaredPrototype(spec);
    constructTargets.set(spec, target);
  }
  return target;
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
