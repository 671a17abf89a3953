import type { NodeReadable } from '../platform/shapes';
import { isStreamBody, multipartPayload, streamChunks } from '../platform';
import { randomHex, utf8Encode } from '../platform/bytes';
import { RequestError } from '../errors/errors';
import { hasForbiddenHeaderCharacter } from '../core/http';
import { encoding } from '../decorators/behaviour';
import type { MultipartEncoding } from '../decorators/metadata';
import { EncodedBody } from './body';
import { scalarToString } from './url';

/**
 * The body is `multipart/form-data`, made of the `@Part` parameters (or a MultipartBody, FormData or
 * object passed with `@Body`). On a class: every method that has a body. It brings the encoder below.
 */
export const Multipart = () => encoding('multipart', MULTIPART);

const MULTIPART: MultipartEncoding = {
  part: toMultipartPart,
  body({ body, hasBodyArgument, parts }, at) {
    const built = hasBodyArgument
      ? toMultipartBody(body, `${at}: @Body()`)
      : new MultipartBody((parts as MultipartPart[] | undefined) ?? []);
    if (built instanceof MultipartBody && built.parts.length === 0)
      throw new RequestError(
        `${at}: a @Multipart() call needs at least one part, and every part is null or undefined`,
      );
    return built;
  },
};

/** One part of a MultipartBody. */
export interface MultipartPart {
  /** The form field name. */
  name: string;
  /** The content; a stream (Node Readable or web ReadableStream) can be sent only once. */
  value: Uint8Array | Blob | NodeReadable | ReadableStream<Uint8Array> | string;
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
export class MultipartBody extends EncodedBody {
  /** The boundary between the parts, random for each body. */
  readonly boundary = `----restfit${randomHex(12)}`;
  /** False when a part is a stream: such a body can be sent once, so the call is not retried. */
  readonly replayable: boolean;

  /** @param parts - The parts, in order. */
  constructor(readonly parts: readonly MultipartPart[]) {
    super();
    this.replayable = !parts.some((part) => isStreamBody(part.value));
  }

  /** The Content-Type header value: `multipart/form-data; boundary=…`. */
  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  /** At the wire, whatever built the parts: each part's headers (see partProblem). */
  problem(): string | undefined {
    for (const [index, part] of this.parts.entries()) {
      const problem = partProblem(part);
      if (problem) return `multipart part ${index}: the ${problem}`;
    }
    return undefined;
  }

  /** What the transport sends: a Node stream on Node; elsewhere a Blob (or a ReadableStream with stream parts). */
  toStream(): unknown {
    return multipartPayload(() => this.chunks(), this.replayable ? this.inMemory() : undefined);
  }

  private inMemory(): (Uint8Array | Blob | string)[] {
    const pieces: (Uint8Array | Blob | string)[] = [];
    for (const part of this.parts) {
      pieces.push(
        `--${this.boundary}\r\n${partHeaders(part)}\r\n`,
        part.value as Uint8Array | Blob | string,
        '\r\n',
      );
    }
    pieces.push(`--${this.boundary}--\r\n`);
    return pieces;
  }

  private async *chunks(): AsyncGenerator<Uint8Array> {
    for (const part of this.parts) {
      yield utf8Encode(`--${this.boundary}\r\n${partHeaders(part)}\r\n`);
      const value = part.value;
      if (typeof value === 'string') yield utf8Encode(value);
      else if (isStreamBody(value)) yield* streamChunks(value);
      else if (value instanceof Blob) {
        for await (const chunk of value.stream() as unknown as AsyncIterable<Uint8Array>) yield chunk;
      } else yield value as Uint8Array;
      yield utf8Encode('\r\n');
    }
    yield utf8Encode(`--${this.boundary}--\r\n`);
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
  if (typeof value === 'string' || value instanceof Uint8Array || isStreamBody(value)) {
    content = value as MultipartPart['value'];
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
  const part = { name, value: content, filename, contentType };
  const problem = partProblem(part);
  if (problem) throw new RequestError(`${where}: the part's ${problem}`);
  return part;
}

/**
 * Why a part's headers cannot be written, or undefined: its name, filename and content type go into
 * the part's header lines as they are, so CR, LF or NUL there would forge part headers. Checked when
 * a `@Part` is built and again at the wire for every part, a prebuilt MultipartBody's included.
 */
export function partProblem(part: MultipartPart): string | undefined {
  if (typeof part.name !== 'string') return 'name is missing';
  for (const [what, text] of [
    ['name', part.name],
    ['filename', part.filename],
    ['content type', part.contentType],
  ] as const) {
    if (text !== undefined && hasForbiddenHeaderCharacter(String(text)))
      return `${what} contains CR, LF or NUL`;
  }
  return undefined;
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
