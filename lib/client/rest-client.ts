import type { ClassRef, ResponseMode } from '../core/exchange';
import { parseService } from '../declaration/parse';
import { NODE_TRANSPORT_OPTIONS } from '../platform/shapes';
import { createClientConfig, type ClientConfig, type SharedState } from './client-config';
import { mergeClientOptions, type RestClientOptions, type ServiceFor } from './options';
import { bindPlan, instantiate, ServiceRuntime } from './service-factory';

/**
 * Shared configuration (axios instance, auth, retries, limits) for any number of services. `Mode` is
 * the literal `responseMode` of the options (inferred): with `'full'`, create() types every
 * `Promise<T>` method as `Promise<ApiResponse<T>>`.
 */
export class RestClient<Mode extends ResponseMode = ResponseMode> {
  readonly #options: RestClientOptions;
  readonly #shared: SharedState;
  #config?: ClientConfig;
  /** The first service class's runtime; more classes go in the map (a client mostly serves one or two). */
  #runtime?: ServiceRuntime;
  #runtimes?: WeakMap<ClassRef, ServiceRuntime>;

  constructor(options: RestClientOptions<Mode> = {}, shared?: SharedState) {
    this.#options = Object.freeze({ ...options });
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
    const merged = mergeClientOptions(this.#options, overrides) as RestClientOptions<M>;
    // New transport settings need their own connection pool; limiters and token stores stay shared.
    const ownPool = !overrides.axios && NODE_TRANSPORT_OPTIONS.some((key) => overrides[key] !== undefined);
    return new RestClient(merged, ownPool ? { ...this.#shared, defaultAxios: undefined } : this.#shared);
  }

  #getConfig(): ClientConfig {
    return (this.#config ??= createClientConfig(this.#options, this.#shared));
  }
}

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
