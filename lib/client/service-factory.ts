import type { ClassRef } from '../decorators/metadata-keys';
import type { ServiceSpec } from '../declaration/endpoint-spec';
import { DeclarationError } from '../errors/errors';
import { resolveEndpoint, type ResolvedEndpoint } from '../declaration/resolve-endpoint';
import type { ClientConfig } from './client-config';
import type { Next } from '../pipeline/interceptor';
import { createPipeline } from '../pipeline/pipeline';
import { invoke } from './invoke';
import { iterableCallFor } from './iterable-call';

/** Where a service instance keeps its client's runtime; a symbol, so JSON.stringify and spreads skip it. */
export const RUNTIME = Symbol('restfit.runtime');

/**
 * What the instances of one service class share for one client: the pipeline, and each endpoint
 * resolved with the client's options. Declarations are validated at create(); an endpoint is resolved
 * (and kept) on its first call, so a client derived per tenant or per user costs little until it is used.
 */
export class ServiceRuntime {
  #resolved?: Map<string, ResolvedEndpoint>;
  #pipeline?: Next;

  constructor(
    readonly spec: ServiceSpec,
    readonly config: ClientConfig,
  ) {}

  /** The client's pipeline, built on its first call. */
  get pipeline(): Next {
    return (this.#pipeline ??= pipelineFor(this.config));
  }

  endpoint(name: string): ResolvedEndpoint {
    let endpoint = this.#resolved?.get(name);
    if (!endpoint) {
      endpoint = resolveEndpoint(this.spec.endpoints.get(name)!, this.config);
      (this.#resolved ??= new Map()).set(name, endpoint);
    }
    return endpoint;
  }
}

interface ServiceInstance {
  [RUNTIME]: ServiceRuntime;
}

/** One pipeline per client (per normalized config), shared by all its services. */
const pipelines = new WeakMap<ClientConfig, Next>();

function pipelineFor(config: ClientConfig): Next {
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
    const iterate = iterableCallFor(endpoint.behaviour);
    const method = iterate
      ? {
          [name](this: ServiceInstance, ...args: unknown[]): AsyncIterable<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) throw detached(spec.name, name);
            return iterate(runtime.endpoint(name), runtime.pipeline, args);
          },
        }[name]
      : {
          [name](this: ServiceInstance, ...args: unknown[]): Promise<unknown> {
            const runtime = this?.[RUNTIME];
            if (!runtime) return Promise.reject(detached(spec.name, name));
            return invoke(runtime.endpoint(name), runtime.pipeline, args);
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

export type { ClassRef };
