import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/** Node drops a repeated value of these headers (the first wins); axios's http adapter sees Node's view. */
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** undici's parsed headers as Node's `IncomingMessage.headers`: set-cookie an array, repeats joined by ", ". */
export function nodeStyleHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    if (name === 'set-cookie') out[name] = Array.isArray(value) ? value : [value];
    else if (!Array.isArray(value)) out[name] = value;
    else out[name] = SINGLE_VALUED.has(name) ? value[0] : value.join(name === 'cookie' ? '; ' : ', ');
  }
  return out;
}

// Like axios: tolerate a body cut short after the last complete block rather than failing the response.
const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/** The decoders axios's http adapter applies for a Content-Encoding, or none when it leaves the body alone. */
export function decodersFor(encoding: string | undefined): Transform[] | undefined {
  switch ((encoding ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
    case 'x-compress':
      return [zlib.createUnzip(ZLIB_OPTIONS)];
    case 'deflate':
      // Some servers send raw deflate without the zlib header: add one, as axios does.
      return [zlibHeader(), zlib.createUnzip(ZLIB_OPTIONS)];
    case 'br':
      return [zlib.createBrotliDecompress(BROTLI_OPTIONS)];
    default:
      return undefined;
  }
}

function zlibHeader(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (first && chunk.length > 0) {
        first = false;
        if (chunk[0] !== 0x78) this.push(Buffer.from([0x78, 0x9c]));
      }
      callback(null, chunk);
    },
  });
}

/** `source` through the decoders; destroying the result destroys the source (and so aborts the request). */
export function decoded(source: Readable, decoders: Transform[]): Readable {
  return pipeline([source, ...decoders], () => undefined) as unknown as Readable;
}

/** A writable entry for the raw bytes of a buffered body, and the decoded stream they come out of. */
export function bufferedDecoder(decoders: Transform[]): { input: PassThrough; output: Readable } {
  const input = new PassThrough();
  return { input, output: decoded(input, decoders) };
}
