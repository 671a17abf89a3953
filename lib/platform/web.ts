/**
 * The platform of browsers, Bun, Deno and edge workers: Uint8Array bytes, web ReadableStreams, Web Crypto,
 * axios's fetch adapter. It imports no `node:` module. Node-only options and FileTokenStore fail with a
 * clear DeclarationError here.
 */
import axios, { type AxiosInstance } from 'axios';
import { DeclarationError } from '../errors/errors';
import { concatBytes, isValidUtf8, utf8Decode, utf8Encode } from './bytes';
import {
  NODE_TRANSPORT_OPTIONS,
  withOwnRequestConfig,
  type AsyncScope,
  type HmacKey,
  type TransportSettings,
} from './shapes';

export { FileTokenStore } from './web-file-token-store';
export { discardResponseStream, guardResponseStream, readResponseBounded } from './web-stream';

export const RUNTIME: 'node' | 'web' = 'web';

/** axios over fetch: what every runtime but Node has natively (keep-alive is the runtime's own). */
export function createDefaultAxios(options: TransportSettings): AxiosInstance {
  for (const name of NODE_TRANSPORT_OPTIONS) {
    if (options[name] !== undefined) {
      throw new DeclarationError(
        `RestClient: the ${name} option needs Node (agents, proxies and TLS settings are Node's); on this runtime pass an axios instance configured for it, or leave ${name} out`,
      );
    }
  }
  return withOwnRequestConfig(axios.create({ adapter: 'fetch' }));
}

/** What an adapter delivered, as a Uint8Array. */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data === undefined || data === null) return new Uint8Array(0);
  if (typeof data === 'string') return utf8Encode(data);
  // A custom adapter that already parsed JSON.
  return utf8Encode(JSON.stringify(data));
}

export { concatBytes };

export const isUtf8 = isValidUtf8;
export const utf8Text = utf8Decode;

export function isStreamBody(value: unknown): boolean {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

/** fetch takes Uint8Array, ArrayBuffer, Blob, FormData and ReadableStream as they are. */
export function binaryForTransport(body: unknown): unknown {
  return body;
}

/**
 * A multipart body: one Blob when every part is in memory (replayable, and every fetch can send it),
 * otherwise a ReadableStream of its chunks (browsers stream uploads only over HTTP/2).
 */
export function multipartPayload(
  chunks: () => AsyncIterable<Uint8Array>,
  inMemory?: readonly (Uint8Array | Blob | string)[],
): unknown {
  if (inMemory) return new Blob(inMemory as BlobPart[]);
  const iterator = chunks()[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export async function* streamChunks(value: unknown): AsyncGenerator<Uint8Array> {
  const reader = (value as ReadableStream<Uint8Array | string>).getReader();
  try {
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) return;
      yield typeof chunk === 'string' ? utf8Encode(chunk) : chunk;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The web has no way to count listeners: an attempt's controller is never reused. */
export function abortListenerCount(_signal: AbortSignal): number {
  return Infinity;
}

/**
 * Without AsyncLocalStorage a value is in scope from `run` until its promise settles, for every caller:
 * a call that starts meanwhile sees it too (tokenAuth: it goes out without the token and is replayed
 * after a 401 like any other).
 */
export function createAsyncScope<T>(): AsyncScope<T> {
  let current: T | undefined;
  return {
    run(value, fn) {
      const previous = current;
      current = value;
      let result;
      try {
        result = fn();
      } catch (error) {
        current = previous;
        throw error;
      }
      if (result instanceof Promise) {
        const restore = () => {
          if (current === value) current = previous;
        };
        result.then(restore, restore);
      } else current = previous;
      return result;
    },
    get: () => current,
  };
}

/** HMAC-SHA256 with Web Crypto (asynchronous). */
export async function hmacSha256(key: HmacKey, text: string): Promise<Uint8Array> {
  const raw = typeof key === 'string' ? utf8Encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    raw as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8Encode(text) as BufferSource));
}

/** Web Crypto has no synchronous HMAC: signCookie and verifySignedCookie need Node's crypto. */
export const hmacSha256Sync: ((key: HmacKey, text: string) => Uint8Array) | undefined = undefined;
