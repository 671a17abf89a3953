import type { ClassRef, ResponseMode } from '../core/exchange';
import { parseService } from '../declaration/parse';
import { NODE_TRANSPORT_OPTIONS } from '../platform/shapes';
import { createClientConfig, type ClientConfig, type SharedState } from './client-config';
import { mergeClientOptions, ownOptions, type RestClientOptions, type ServiceFor } from './options';
import { bindPlan, instantiate, ServiceRuntime } from './service-factory';

/**
 * Shared configuration (axios instance, auth, retries, limits) for any number of services. `Mode` is
 * the literal `responseMode` of the options (inferred): with `'full'`, create() types every
 * `Promise<T>` method as `Promise<ApiResponse<T>>`.
 */
export class RestClient<Mode extends ResponseMode = ResponseMode> {
  readonly #options: RestClientOptions;
  readonly #shared: SharedState;
  /** The parent's config, when this derived client runs its calls through the parent's pipeline. */
  readonly #pipelineOf?: ClientConfig;
  #config?: ClientConfig;
  /** The first service class's runtime; more classes go in the map (a client mostly serves one or two). */
  #runtime?: ServiceRuntime;
  #runtimes?: WeakMap<ClassRef, ServiceRuntime>;

  /**
   * A client with these options; bad options throw DeclarationError here.
   * @param shared - Internal: the state a derived client shares with its parent (`with()`). Leave it out.
   * @param pipelineOf - Internal: the parent whose pipeline a derived client reuses. Leave it out.
   */
  constructor(options: RestClientOptions<Mode> = {}, shared?: SharedState, pipelineOf?: ClientConfig) {
    this.#pipelineOf = pipelineOf;
    // Own properties only, on null prototypes: a polluted Object.prototype is never an option.
    this.#options = Object.freeze(ownOptions(options));
    // Limiters are keyed by the objects that declared them: a WeakMap lets a derived client's own limit go with it.
    this.#shared = shared ?? { limiters: new WeakMap(), extensions: new Map() };
    // Fail fast on bad options (baseURL, auth map) rather than at the first create().
    this.#getConfig();
  }

  /**
   * The normalized options of this client.
   * @internal
   */
  get config(): ClientConfig {
    return this.#getConfig();
  }

  /** An instance of `Service`. Every declaration is parsed and checked here; mistakes throw DeclarationError. */
  create<T extends object>(Service: new (...args: any[]) => T): ServiceFor<T, Mode> {
    const spec = parseService(Service);
    let runtime = this.#runtime?.spec === spec ? this.#runtime : this.#runtimes?.get(Service);
    if (!runtime) {
      const config = this.#getConfig();
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
    const merged = mergeClientOptions(this.#options, overrides) as RestClientOptions<M>;
    // New transport settings need their own connection pool; limiters and token stores stay shared.
    const ownPool = !overrides.axios && NODE_TRANSPORT_OPTIONS.some((key) => overrides[key] !== undefined);
    if (ownPool) return new RestClient(merged, { ...this.#shared, defaultAxios: undefined });
    // Overrides that only change the plans (headers, response mode) keep the parent's pipeline.
    const plansOnly = Object.keys(overrides).every((key) => PLAN_ONLY_OPTIONS.has(key));
    return new RestClient(merged, this.#shared, plansOnly ? this.#getConfig() : undefined);
  }

  #getConfig(): ClientConfig {
    return (this.#config ??= createClientConfig(this.#options, this.#shared, this.#pipelineOf));
  }
}

/** Options that only the call plans read (bindPlan), never a pipeline step. */
const PLAN_ONLY_OPTIONS: ReadonlySet<string> = new Set(['headers', 'responseMode']);

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
