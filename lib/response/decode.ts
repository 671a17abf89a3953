import { isUtf8, utf8Text } from '../platform';
import { DecodeError } from '../errors/errors';
import type { ResponseType } from '../core/exchange';
import { looksLikeJson, parseJson, type BodyContext } from './json';

const NO_BODY_STATUS = new Set([204, 205, 304]);
const JSON_TYPE =
  /^(?:application\/(?:[\w.+-]+\+)?json|[\w.+-]+\/[\w.+-]+\+json|text\/(?:x-)?json)\s*(?:;|$)/i;
const TEXT_TYPE =
  /^(?:text\/|application\/(?:xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson|csv)\b|[\w.+-]+\/[\w.+-]+\+xml\b)/i;
const BINARY_TYPE =
  /^(?:application\/(?:octet-stream|pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|x-protobuf|protobuf|wasm|vnd\.)|image\/|audio\/|video\/|font\/)/i;

export type BodyKind = 'json' | 'text' | 'bytes';

// A client mostly sees one content type again and again: the last answer is kept.
let lastType: string | undefined;
let lastKind: BodyKind | 'sniff' = 'sniff';

/** What 'auto' decodes a body as, from its content type; 'sniff' when there is none (or it says nothing). */
export function kindFor(contentType: string | undefined): BodyKind | 'sniff' {
  if (!contentType) return 'sniff';
  if (contentType === lastType) return lastKind;
  lastKind = JSON_TYPE.test(contentType)
    ? 'json'
    : TEXT_TYPE.test(contentType)
      ? 'text'
      : BINARY_TYPE.test(contentType)
        ? 'bytes'
        : 'sniff';
  lastType = contentType;
  return lastKind;
}

export interface DecodeInput extends BodyContext {
  method: string;
  bytes: Uint8Array;
  responseType: Exclude<ResponseType, 'stream'>;
}

/**
 * Decodes a buffered body. 'bytes' is a Buffer on Node, a Uint8Array elsewhere, and 'text' a string; 'json' and 'auto' give
 * undefined when there is no body (204, 205, 304, HEAD, empty). Throws DecodeError for a body that
 * claims (or is forced to be) JSON and is not.
 */
export function decodeBody(input: DecodeInput): unknown {
  const { bytes, responseType } = input;
  if (responseType === 'bytes') return bytes;
  if (responseType === 'text') return decodeText(bytes, input.contentType);
  if (bytes.length === 0 || NO_BODY_STATUS.has(input.status) || input.method === 'HEAD') return undefined;
  switch (responseType === 'json' ? 'json' : kindFor(input.contentType)) {
    case 'json':
      return parseJson(bytes, input);
    case 'text':
      return decodeText(bytes, input.contentType);
    case 'bytes':
      return bytes;
    default:
      return sniff(bytes, input);
  }
}

/**
 * A body whose type says nothing: JSON if it parses as JSON (it did not claim to be, so a failure is
 * not an error), text if it is valid UTF-8, otherwise the bytes, untouched.
 */
function sniff(bytes: Uint8Array, context: BodyContext): unknown {
  if (looksLikeJson(bytes)) {
    try {
      return parseJson(bytes, context);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
    }
  }
  return isUtf8(bytes) ? decodeText(bytes, undefined) : bytes;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** Text in the charset the content type names (UTF-8 by default), without a BOM. */
export function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = contentType?.includes('charset') ? CHARSET.exec(contentType)?.[1].toLowerCase() : undefined;
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown charset label: UTF-8 is the best guess.
    }
  }
  const text = utf8Text(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
