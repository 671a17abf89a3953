import type { ClassRef, ResponseMode } from '../core/exchange';
import { parseService } from '../declaration/parse';
import { NODE_TRANSPORT_OPTIONS } from '../platform/shapes';
import { createClientConfig, type ClientConfig, type SharedState } from './client-config';
import {
  compactOptions,
  mergeClientOptions,
  ownOptions,
  type RestClientOptions,
  type ServiceFor,
} from './options';
import { bindPlan, instantiate, ServiceRuntime } from './service-factory';

/**
 * Shared configuration (axios instance, auth, retries, limits) for any number of services. `Mode` is
 * the literal `responseMode` of the options (inferred): with `'full'`, create() types every
 * `Promise<T>` method as `Promise<ApiResponse<T>>`.
 */
export class RestClient<Mode extends ResponseMode = ResponseMode> {
  /** A client's own options; a derived client's overrides, merged over its parent's (`#merged`). */
  readonly #options: RestClientOptions;
  /** The client this one was derived from by `with()`. */
  readonly #parent?: RestClient;
  readonly #config: ClientConfig;
  /** The first service class's runtime; more classes go in the map (a client mostly serves one or two). */
  #runtime?: ServiceRuntime;
  #runtimes?: WeakMap<ClassRef, ServiceRuntime>;

  /**
   * A client with these options; bad options throw DeclarationError here.
   * @param derivation - Internal: how `with()` derives a client from this one. Leave it out.
   */
  constructor(options: RestClientOptions<Mode> = {}, derivation?: Derivation) {
    // Own properties only, on null prototypes: a polluted Object.prototype is never an option.
    this.#options = derivation ? compactOptions(options) : ownOptions(options);
    this.#parent = derivation?.parent;
    // Bad options (baseURL, auth map) fail here rather than at the first create().
    this.#config = createClientConfig(
      derivation ? RestClient.#merged(derivation.parent, this.#options) : this.#options,
      // Limiters are keyed by the objects that declared them: a WeakMap lets a derived client's own limit go with it.
      derivation?.shared ?? { limiters: new WeakMap(), extensions: new Map() },
      derivation && {
        parent: derivation.parent.#config,
        overrides: this.#options,
        sharesPipeline: derivation.sharesPipeline,
      },
    );
  }

  /**
   * The normalized options of this client.
   * @internal
   */
  get config(): ClientConfig {
    return this.#config;
  }

  /** An instance of `Service`. Every declaration is parsed and checked here; mistakes throw DeclarationError. */
  create<T extends object>(Service: new (...args: any[]) => T): ServiceFor<T, Mode> {
    const spec = parseService(Service);
    let runtime = this.#runtime?.spec === spec ? this.#runtime : this.#runtimes?.get(Service);
    if (!runtime) {
      const config = this.#config;
      // Every plan is checked now; each is bound again (and kept) on its first call.
      for (const endpoint of spec.endpoints.values()) bindPlan(endpoint, config);
      runtime = new ServiceRuntime(spec, config);
      if (!this.#runtime) this.#runtime = runtime;
      else (this.#runtimes ??= new WeakMap()).set(Service, runtime);
    }
    return instantiate<ServiceFor<T, Mode>>(spec, runtime);
  }

  /**
   * A derived client (per end user, per tenant): shares the connection pool, rate limiters and token
   * stores; its overrides never leak back into this client.
   */
  with<M extends ResponseMode = Mode>(overrides: RestClientOptions<M>): RestClient<M> {
    overrides = ownOptions(overrides) as RestClientOptions<M>;
    const shared = this.#config.shared;
    // New transport settings need their own connection pool; limiters and token stores stay shared.
    const ownPool = !overrides.axios && NODE_TRANSPORT_OPTIONS.some((key) => overrides[key] !== undefined);
    if (ownPool) {
      return new RestClient(overrides, {
        parent: this,
        shared: { ...shared, defaultAxios: undefined },
        sharesPipeline: false,
      });
    }
    // Overrides that the plans carry (headers, auth, baseURL, timeout, retry, …) keep the parent's pipeline.
    const ownPipeline = Object.keys(overrides).some((key) => PIPELINE_OPTIONS.has(key));
    return new RestClient(overrides, { parent: this, shared, sharesPipeline: !ownPipeline });
  }

  /**
   * `overrides` over the client's options. A derived client keeps only its own overrides (it may be one of
   * many, one per tenant or user): they are merged over its parent's when it derives a client in turn.
   */
  static #merged(client: RestClient, overrides: RestClientOptions): RestClientOptions {
    const options = client.#parent ? RestClient.#merged(client.#parent, client.#options) : client.#options;
    return ownOptions(mergeClientOptions(options, overrides));
  }
}

/** What a derived client takes from its parent (internal to `with()`). */
export interface Derivation {
  readonly parent: RestClient;
  readonly shared: SharedState;
  /** Its calls run through the parent's pipeline (its overrides only change the plans). */
  readonly sharesPipeline: boolean;
}

/**
 * Options that the pipeline's steps read from their client (everything else reaches them through the call
 * plan): a derived client that overrides one of them gets a pipeline of its own.
 */
const PIPELINE_OPTIONS: ReadonlySet<string> = new Set([
  'axios',
  'clock',
  'hooks',
  'logger',
  'interceptors',
  'circuitBreaker',
]);

/**
 * One service instance with its own client: `new RestClient(options).create(Service)`. With the literal
 * `responseMode: 'full'`, every `Promise<T>` method is typed `Promise<ApiResponse<T>>`.
 */
export function createClient<T extends object, Mode extends ResponseMode = ResponseMode>(
  Service: new (...args: any[]) => T,
  options: RestClientOptions<Mode> = {},
): ServiceFor<T, Mode> {
  return new RestClient(options).create(Service);
}
