import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import type { Dispatcher } from 'undici';
import { TAKES_ANY_ABORT_SIGNAL } from '../core/exchange';
import { Dispatchers, validateOptions, type UndiciAdapterOptions } from './options';
import { UndiciCall } from './undici-call';

/** An axios adapter on undici, with a handle on its connection pool. */
export interface UndiciAdapter extends AxiosAdapter {
  /** The undici dispatcher requests go through (built on first use). */
  readonly dispatcher: Dispatcher;
  /** Lets running requests finish, then closes the pool's connections. */
  close(): Promise<void>;
  /** Closes the pool's connections now, failing running requests. */
  destroy(): Promise<void>;
}

/**
 * `axios.create({ adapter: undiciAdapter() })`: an axios instance whose requests go through undici's
 * pool instead of Node's http module. Interceptors, defaults, transforms and `validateStatus` stay axios's.
 * Options it cannot honour, in `options` or in a request's config, fail loudly with a `RequestError`.
 */
export function undiciAdapter(options: UndiciAdapterOptions = {}): UndiciAdapter {
  validateOptions(options);
  const dispatchers = new Dispatchers(options);
  const adapter = (config: InternalAxiosRequestConfig) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const call = new UndiciCall(config, resolve, reject);
      try {
        call.start(dispatchers);
      } catch (error) {
        call.fail(error as Error);
      }
    });
  return Object.defineProperties(adapter, {
    dispatcher: { get: () => dispatchers.default, enumerable: true },
    close: { value: () => dispatchers.close() },
    destroy: { value: () => dispatchers.destroy() },
    [TAKES_ANY_ABORT_SIGNAL]: { value: true },
  }) as UndiciAdapter;
}
