/**
 * The Node platform, the one place the core stages get Node from: keep-alive agents, Buffer bytes, Node
 * Readable streams, AsyncLocalStorage, node:crypto and FileTokenStore. Only the CommonJS build (what the
 * `node` export condition gives) loads this file; the ESM build for browsers, Bun, Deno and workers gets
 * ./web instead, with the same exports (scripts/build-esm.js, ./same-shape.ts).
 */
import axios, { type AxiosInstance } from 'axios';
import { AsyncLocalStorage } from 'node:async_hooks';
import { isUtf8 as nodeIsUtf8 } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import * as https from 'node:https';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { Readable } from 'node:stream';
import { withOwnRequestConfig, type AsyncScope, type HmacKey, type TransportSettings } from './shapes';

export { FileTokenStore } from './file-token-store';
export { discardResponseStream, guardResponseStream, readResponseBounded } from './node-stream';

export const RUNTIME: 'node' | 'web' = 'node';

/** A keep-alive axios instance with the client's transport settings; the user's own instance is used as is. */
export function createDefaultAxios(options: TransportSettings): AxiosInstance {
  // The client's options type these as Node's (string | Buffer); the seam only passes them through.
  const tls: AgentOptions = {
    cert: options.cert as AgentOptions['cert'],
    key: options.key as AgentOptions['key'],
    ca: options.ca as AgentOptions['ca'],
    rejectUnauthorized: options.rejectUnauthorized,
  };
  const instance = axios.create({
    httpAgent: options.httpAgent ?? new HttpAgent({ keepAlive: true }),
    httpsAgent: options.httpsAgent ?? new HttpsAgent({ keepAlive: true, ...withoutUndefined(tls) }),
    proxy: options.proxy,
  });
  return withOwnRequestConfig(instance, OWN_OPTIONS_TRANSPORT);
}

type RequestOptions = http.RequestOptions & { protocol?: string };

/**
 * An axios `transport` that hands Node's `http(s).request` a null-prototype copy of its options, so a
 * polluted Object.prototype (`timeout`, `agent`, `lookup`, `socketPath`…) never reaches the socket.
 */
const OWN_OPTIONS_TRANSPORT = Object.freeze({
  request(options: RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    const own: RequestOptions = Object.assign(Object.create(null), options);
    return (options.protocol === 'https:' ? https : http).request(own, callback);
  },
});

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What an adapter delivered, as a Buffer (on Node 'bytes' stay Buffers). */
export function toBytes(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data);
  // A custom adapter that already parsed JSON.
  return Buffer.from(JSON.stringify(data));
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}

export function isUtf8(bytes: Uint8Array): boolean {
  return nodeIsUtf8(bytes);
}

export function utf8Text(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : toBytes(bytes)).toString('utf8');
}

/** A body that can be read only once: a Node Readable or a web ReadableStream. */
export function isStreamBody(value: unknown): boolean {
  return value instanceof Readable || value instanceof ReadableStream;
}

/** Binary bodies as axios's http adapter takes them: Buffers and Node streams. */
export function binaryForTransport(body: unknown): unknown {
  if (Buffer.isBuffer(body) || body instanceof Readable) return body;
  if (body instanceof ReadableStream)
    return Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return body;
}

/** A multipart body as one Node stream of its chunks (the in-memory form is for fetch). */
export function multipartPayload(
  chunks: () => AsyncIterable<Uint8Array>,
  _inMemory?: readonly (Uint8Array | Blob | string)[],
): unknown {
  return Readable.from(chunks(), { objectMode: false });
}

/** A string or a stream part's chunks, as bytes. */
export async function* streamChunks(value: unknown): AsyncGenerator<Uint8Array> {
  for await (const chunk of value as AsyncIterable<Uint8Array | string>)
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Listeners still on a signal (an attempt's controller is reused only when none is left). */
export function abortListenerCount(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

export function createAsyncScope<T>(): AsyncScope<T> {
  const storage = new AsyncLocalStorage<T>();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore() };
}

export function hmacSha256(key: HmacKey, text: string): Uint8Array {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** Node computes an HMAC synchronously. */
export const hmacSha256Sync: ((key: HmacKey, text: string) => Uint8Array) | undefined = hmacSha256;
