import { DecodeError } from '../errors/errors';
import type { ResponseType } from '../request/api-request';
import { parseJson } from './json';

const NO_BODY_STATUS = new Set([204, 205, 304]);
const BINARY_TYPE = /^(?:application\/(?:octet-stream|pdf|zip|gzip|x-gzip|x-tar|x-7z-compressed|vnd\.ms-excel|x-protobuf|protobuf|wasm)|image\/|audio\/|video\/|font\/)/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^[\w.+-]+\/[\w.+-]+\+json\b/i;

export type BodyKind = 'json' | 'text' | 'bytes';

/** What 'auto' decodes a body as, from its content type. */
export function kindFor(contentType: string | undefined): BodyKind | 'sniff' {
  if (!contentType) return 'sniff';
  if (JSON_TYPE.test(contentType)) return 'json';
  if (/^text\//i.test(contentType)) return 'text';
  if (BINARY_TYPE.test(contentType)) return 'bytes';
  if (/^application\/(?:xml|javascript|x-www-form-urlencoded)|\+xml\b/i.test(contentType)) return 'text';
  return 'bytes';
}

export interface DecodeInput {
  status: number;
  method: string;
  contentType: string | undefined;
  bytes: Buffer;
  responseType: Exclude<ResponseType, 'stream'>;
}

/** Decodes a buffered body; throws DecodeError for a body that claims JSON and is not. */
export function decodeBody({ status, method, contentType, bytes, responseType }: DecodeInput): unknown {
  if (responseType === 'bytes') return bytes;
  if (NO_BODY_STATUS.has(status) || method === 'HEAD' || bytes.length === 0) return undefined;
  const kind = responseType === 'auto' ? kindFor(contentType) : responseType;
  switch (kind) {
    case 'json':
      return parseJson(bytes, status);
    case 'text':
      return bytes.toString('utf8');
    case 'bytes':
      return bytes;
    case 'sniff': {
      // No content type: JSON if it parses as JSON, otherwise text (never a silent failure: it was not claimed).
      try {
        return parseJson(bytes, status);
      } catch (error) {
        if (error instanceof DecodeError) return bytes.toString('utf8');
        throw error;
      }
    }
  }
}
