import { RequestError } from '../errors/errors';

const FORBIDDEN_IN_HEADER = /[\r\n\0]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
// Characters that would end or restructure the path if an `encoded: true` value carried them.
const UNSAFE_IN_ENCODED_PATH = /[\s\0?#\\]/;

/** Strings, numbers, booleans and bigints as text; Dates as ISO 8601. */
export function scalarToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export function isDotSegment(segment: string): boolean {
  return DOT_SEGMENT.test(segment);
}

/** Encodes one path value as a single segment (`/ ? # %` and controls included). */
export function encodePathValue(value: string, encoded: boolean | undefined, where: string): string {
  if (encoded) {
    if (UNSAFE_IN_ENCODED_PATH.test(value)) {
      throw new RequestError(
        `${where}: an encoded path value may not contain whitespace, NUL, "?", "#" or "\\"`,
      );
    }
    for (const segment of value.split('/')) {
      if (isDotSegment(segment)) throw dotSegmentError(where);
    }
    return value;
  }
  // Unencoded, "%2e%2e" is sent as %252e%252e and cannot be a dot segment; only literal ones can.
  if (value === '.' || value === '..') throw dotSegmentError(where);
  return encodeURIComponent(value);
}

function dotSegmentError(where: string): RequestError {
  return new RequestError(`${where}: "." and ".." are not allowed as path segments (path traversal)`);
}

export function assertHeaderName(name: string, where: string): void {
  if (!HEADER_NAME.test(name))
    throw new RequestError(`${where}: invalid header name ${JSON.stringify(name)}`);
}

export function assertHeaderValue(name: string, value: string, where: string): void {
  const problem = headerValueProblem(name, value);
  if (problem) throw new RequestError(`${where}: ${problem}`);
}

// What Node can put on the wire: tab, visible ASCII and Latin-1. axios silently drops anything else.
const NOT_SENDABLE_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/** Why a header value cannot be sent, or undefined when it can. */
export function headerValueProblem(name: string, value: string): string | undefined {
  if (FORBIDDEN_IN_HEADER.test(value)) return `header "${name}" contains CR, LF or NUL`;
  const bad = NOT_SENDABLE_IN_HEADER.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `header "${name}" contains U+${code}, which a header cannot carry — percent-encode the value (e.g. encodeURIComponent)`;
  }
  return undefined;
}

export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

export function hasForbiddenHeaderCharacter(value: string): boolean {
  return FORBIDDEN_IN_HEADER.test(value);
}
