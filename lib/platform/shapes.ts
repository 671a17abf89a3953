import type { AxiosInstance, AxiosProxyConfig } from 'axios';

/** A response body still arriving (responseType 'stream'): what the platform's stream guards need. */
export interface BodyStreamAttempt {
  /** Node: a Readable (axios's http adapter); elsewhere: a web ReadableStream (axios's fetch adapter). */
  stream: unknown;
  /** Ends the attempt: clears its timer and its signal listener. */
  cleanup(): void;
  /** A chunk arrived (an event stream restarts its idle timeout). */
  onChunk?(): void;
}

/** How the caller's stream reports a body past maxContentLength, and any other failure while it is read. */
export interface BodyStreamErrors {
  tooLarge(): Error;
  failed(cause: unknown): Error;
}

export interface AsyncScope<T> {
  run<R>(value: T, fn: () => R): R;
  get(): T | undefined;
}

export type HmacKey = string | Uint8Array;

// Node's own types by their shape, so restfit's published declarations need no @types/node (a browser
// project without it typechecks them too). Node's objects are assignable to them.
/** Node's `http.Agent` or `https.Agent`. */
export interface NodeAgent {
  /** The agent's limit of sockets per origin. */
  maxSockets: number;
  /** Closes the agent's sockets. */
  destroy(): void;
}
/** A Node `Readable` stream. */
export interface NodeReadable {
  /** Whether it can still be read. */
  readable: boolean;
  /** Reads what is buffered. */
  read(size?: number): unknown;
  /** Ends the stream and frees what it holds. */
  destroy(error?: Error): unknown;
}

/**
 * The client options only Node's transport honours (agents, proxy, TLS): other platforms refuse them,
 * and a derived client that changes one needs its own connection pool.
 */
export const NODE_TRANSPORT_OPTIONS = [
  'httpAgent',
  'httpsAgent',
  'proxy',
  'cert',
  'key',
  'ca',
  'rejectUnauthorized',
] as const;

export interface TransportSettings {
  httpAgent?: unknown;
  httpsAgent?: unknown;
  proxy?: AxiosProxyConfig | false;
  cert?: unknown;
  key?: unknown;
  ca?: unknown;
  rejectUnauthorized?: boolean;
}

/**
 * Makes restfit's own axios instance read only what a request set. axios merges each request's config
 * into a fresh plain object, so a key nobody set (`proxy`, `auth`, `baseURL`, `socketPath`…) would be
 * read from a polluted Object.prototype by its adapter: a last, synchronous request interceptor takes
 * that object off the prototype chain. `transport` (Node's http adapter only; an adapter function such
 * as restfit/undici's makes its own requests) hands the socket's options over the same way. A user's
 * instance is never changed.
 */
export function withOwnRequestConfig<T extends AxiosInstance>(instance: T, transport?: unknown): T {
  instance.interceptors.request.use(
    (config) => {
      if (transport !== undefined && typeof config.adapter !== 'function') config.transport = transport;
      return Object.setPrototypeOf(config, null);
    },
    undefined,
    { synchronous: true },
  );
  return instance;
}
