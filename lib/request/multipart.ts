import { randomBytes, Readable } from '../platform/node';
import { RequestError } from '../errors/errors';
import { hasForbiddenHeaderCharacter } from '../core/http';
import { scalarToString } from './url';

/** One part of a MultipartBody. */
export interface MultipartPart {
  /** The form field name. */
  name: string;
  /** The content; a Readable can be sent only once. */
  value: Buffer | Uint8Array | Blob | Readable | string;
  /** The `filename` of the Content-Disposition header. */
  filename?: string;
  /** The part's Content-Type. */
  contentType?: string;
}

/**
 * A multipart/form-data body. Encoded afresh for every attempt, so an in-memory body can be retried;
 * one with a Readable part can be sent only once. Native FormData cannot hold Node streams and the
 * form-data package is itself a one-shot stream, hence this small encoder.
 */
export class MultipartBody {
  /** The boundary between the parts, random for each body. */
  readonly boundary = `----restfit${randomBytes(12).toString('hex')}`;
  /** False when a part is a Readable: such a body can be sent once, so the call is not retried. */
  readonly replayable: boolean;

  /** @param parts - The parts, in order. */
  constructor(readonly parts: readonly MultipartPart[]) {
    this.replayable = !parts.some((part) => part.value instanceof Readable);
  }

  /** The Content-Type header value: `multipart/form-data; boundary=…`. */
  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  /** The encoded body as a Node Readable, encoded afresh on each call. */
  toStream(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  private async *chunks(): AsyncGenerator<Buffer | Uint8Array> {
    for (const part of this.parts) {
      yield Buffer.from(`--${this.boundary}\r\n${partHeaders(part)}\r\n`);
      const value = part.value;
      if (typeof value === 'string') yield Buffer.from(value);
      else if (value instanceof Readable) {
        for await (const chunk of value) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      } else if (value instanceof Blob) {
        for await (const chunk of value.stream() as unknown as AsyncIterable<Uint8Array>) yield chunk;
      } else yield value;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${this.boundary}--\r\n`);
  }
}

function quote(text: string): string {
  return text.replace(/"/g, '%22');
}

function partHeaders(part: MultipartPart): string {
  let disposition = `Content-Disposition: form-data; name="${quote(part.name)}"`;
  if (part.filename !== undefined) disposition += `; filename="${quote(part.filename)}"`;
  return part.contentType ? `${disposition}\r\nContent-Type: ${part.contentType}\r\n` : `${disposition}\r\n`;
}

/** Turns one `@Part` argument into a part; objects become JSON. Refuses CR/LF/NUL in names and types. */
export function toMultipartPart(
  name: string,
  value: unknown,
  options: { filename?: string; contentType?: string },
  where: string,
): MultipartPart {
  let filename = options.filename;
  let contentType = options.contentType;
  let content: MultipartPart['value'];
  if (typeof value === 'string' || value instanceof Uint8Array || value instanceof Readable) {
    content = value;
    if (!contentType && typeof value !== 'string') contentType = 'application/octet-stream';
  } else if (value instanceof Blob) {
    content = value;
    contentType ||= value.type || 'application/octet-stream';
    if (filename === undefined && typeof (value as File).name === 'string') filename = (value as File).name;
  } else if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    value instanceof Date
  ) {
    // Scalars are form fields, as a browser would send them.
    content = scalarToString(value);
  } else {
    content = JSON.stringify(value);
    contentType ||= 'application/json';
  }
  for (const [what, text] of [
    ['name', name],
    ['filename', filename],
    ['content type', contentType],
  ] as const) {
    if (text !== undefined && hasForbiddenHeaderCharacter(text)) {
      throw new RequestError(`${where}: the part's ${what} contains CR, LF or NUL`);
    }
  }
  return { name, value: content, filename, contentType };
}

/** The `@Body` of a `@Multipart` method: a MultipartBody or FormData as is, an object part by part. */
export function toMultipartBody(value: unknown, where: string): MultipartBody | FormData {
  if (value instanceof MultipartBody || value instanceof FormData) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestError(
      `${where}: a @Multipart() body must be an object of part name → value, a FormData or a MultipartBody`,
    );
  }
  const parts: MultipartPart[] = [];
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    for (const one of Array.isArray(item) ? item : [item]) parts.push(toMultipartPart(name, one, {}, where));
  }
  return new MultipartBody(parts);
}
