import type { AxiosProxyConfig } from 'axios';

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
