import { AxiosError, type AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { Readable, Stream } from 'node:stream';
import { ProgressReporter } from './progress';
import { tooLargeBody } from './errors';

/** What undici sends: bytes it can write at once, or an async iterable it streams (chunked). */
export type UndiciBody = Buffer | AsyncIterable<Uint8Array> | null;

/** A body with its one-time handles: a stream to destroy if the request fails before sending it. */
export interface PreparedBody {
  body: UndiciBody;
  /** The caller's stream, when the body is one (destroyed if the request fails). */
  source?: { destroy(error?: Error): void };
}

const UPLOAD_SLICE = 64 * 1024;

/**
 * Every body kind axios (or restfit) hands an adapter, as undici's body, with the headers axios's http
 * adapter would add: Content-Length for bytes and Blobs, the Content-Type of a Blob, a FormData or a
 * URLSearchParams. Enforces `maxBodyLength` (axios's ERR_BAD_REQUEST) and reports upload progress.
 */
export function prepareBody(
  data: unknown,
  headers: AxiosHeaders,
  config: InternalAxiosRequestConfig,
  request: unknown,
): PreparedBody {
  if (data === undefined || data === null) return { body: null };
  const limit = config.maxBodyLength ?? -1;
  const onProgress = config.onUploadProgress;

  let bytes: Buffer | undefined;
  if (Buffer.isBuffer(data)) bytes = data;
  else if (typeof data === 'string') bytes = Buffer.from(data, 'utf8');
  else if (ArrayBuffer.isView(data)) bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  else if (data instanceof ArrayBuffer) bytes = Buffer.from(data);
  else if (data instanceof URLSearchParams) {
    headers.setContentType('application/x-www-form-urlencoded;charset=utf-8', false);
    bytes = Buffer.from(data.toString(), 'utf8');
  }
  if (bytes) {
    headers.setContentLength(bytes.length, false);
    if (limit > -1 && bytes.length > limit) throw tooLargeBody(config, request);
    if (!onProgress) return { body: bytes };
    return { body: sliced(bytes, new ProgressReporter(onProgress, bytes.length, 'upload')) };
  }

  let stream: AsyncIterable<Uint8Array>;
  let source: PreparedBody['source'];
  if (data instanceof Blob) {
    if (data.size) headers.setContentType(data.type || 'application/octet-stream');
    headers.setContentLength(data.size || 0);
    stream = data.stream() as unknown as AsyncIterable<Uint8Array>;
  } else if (isFormData(data)) {
    // The platform's own multipart encoder (boundary included); sent chunked.
    const encoded = new Response(data);
    headers.setContentType(encoded.headers.get('content-type')!);
    stream = encoded.body as unknown as AsyncIterable<Uint8Array>;
  } else if (data instanceof Readable) {
    stream = data;
    source = data;
    const formHeaders = (data as { getHeaders?: () => Record<string, string> }).getHeaders;
    if (typeof formHeaders === 'function') headers.set(formHeaders.call(data), false);
  } else if (data instanceof Stream && typeof (data as Readable).pipe === 'function') {
    // An old-style stream (e.g. the form-data package): read through a Readable wrapper.
    const formHeaders = (data as { getHeaders?: () => Record<string, string> }).getHeaders;
    if (typeof formHeaders === 'function') headers.set(formHeaders.call(data), false);
    stream = new Readable().wrap(data as unknown as NodeJS.ReadableStream);
    source = data as unknown as PreparedBody['source'];
  } else if (data instanceof ReadableStream) {
    stream = data as unknown as AsyncIterable<Uint8Array>;
    source = { destroy: (error) => void data.cancel(error).catch(() => undefined) };
  } else {
    throw new AxiosError(
      'Data after transformation must be a string, an ArrayBuffer, a Buffer, or a Stream',
      AxiosError.ERR_BAD_REQUEST,
      config,
      request,
    );
  }
  if (limit < 0 && !onProgress) return { body: stream, source };
  const length = Number(headers.getContentLength());
  const reporter = onProgress
    ? new ProgressReporter(onProgress, Number.isFinite(length) ? length : undefined, 'upload')
    : undefined;
  return { body: counted(stream, limit, reporter, config, request), source };
}

function isFormData(data: unknown): data is FormData {
  return (
    data instanceof FormData ||
    (typeof data === 'object' &&
      data !== null &&
      (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'FormData' &&
      typeof (data as FormData).append === 'function' &&
      typeof (data as { entries?: unknown }).entries === 'function')
  );
}

/** Bytes in slices, so upload progress moves as undici writes them. */
async function* sliced(bytes: Buffer, reporter: ProgressReporter): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += UPLOAD_SLICE) {
    const slice = bytes.subarray(at, at + UPLOAD_SLICE);
    yield slice;
    reporter.add(slice.length);
  }
  reporter.flush();
}

/** A streamed body, counted: past `maxBodyLength` it fails the request with axios's error. */
async function* counted(
  stream: AsyncIterable<Uint8Array | string>,
  limit: number,
  reporter: ProgressReporter | undefined,
  config: InternalAxiosRequestConfig,
  request: unknown,
): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    sent += chunk.length;
    if (limit > -1 && sent > limit) throw tooLargeBody(config, request);
    yield chunk;
    reporter?.add(chunk.length);
  }
  reporter?.flush();
}
