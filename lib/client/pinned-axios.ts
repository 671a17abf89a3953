import type { AxiosInstance } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * restfit's own axios instance reads no setting through `Object.prototype` (issue 10). axios merges each
 * request's config into a fresh plain object, so a key nobody set (`proxy`, `auth`, `baseURL`,
 * `socketPath`…) would be read from a polluted prototype by its adapter; a last, synchronous request
 * interceptor takes that object off the prototype chain. Node's `http.request` reads `timeout`, `agent`,
 * `lookup`… from the options object axios builds, so the instance's transport hands Node a
 * null-prototype copy. Only restfit's own instance gets this: a user's instance is never mutated.
 */
export function withoutInheritedConfig(instance: AxiosInstance): AxiosInstance {
  instance.interceptors.request.use((config) => Object.setPrototypeOf(config, null), undefined, {
    synchronous: true,
  });
  (instance.defaults as { transport?: unknown }).transport = OWN_OPTIONS_TRANSPORT;
  return instance;
}

type RequestOptions = http.RequestOptions & { protocol?: string };

const OWN_OPTIONS_TRANSPORT = {
  request(options: RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    const own: RequestOptions = Object.assign(Object.create(null), options);
    return (options.protocol === 'https:' ? https : http).request(own, callback);
  },
};
