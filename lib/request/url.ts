import type { ApiRequest, QueryValue, RequestSummary } from '../core/exchange';
import { callUrlProblem, splitQuery } from '../core/http';
import type { QuerySerializer } from '../core/options';
import { planOf } from '../declaration/call-plan';
import { RequestError } from '../errors/errors';
import { ENCODED_REDACTED, REDACTED, redactQuery, withoutUserinfo } from '../errors/redact';

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
// Characters that would end or restructure the path if an `encoded: true` value carried them.
const UNSAFE_IN_ENCODED_PATH = /[\s\0?#\\]/;

/** `https://api.example.com/api/` → `https://api.example.com/api` (no query, no fragment, no userinfo check). */
export function normalizeBaseURL(baseURL: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new RequestError(`${where}: baseURL ${JSON.stringify(baseURL)} is not an absolute URL`);
  }
  assertHttpUrl(url, where);
  // Declared paths are appended to the base URL, so a query or fragment in it would swallow them.
  if (url.search || url.hash) {
    throw new RequestError(
      `${where}: baseURL ${JSON.stringify(baseURL)} may not contain a query or fragment — use @Query or the headers option`,
    );
  }
  return url;
}

export function assertHttpUrl(url: URL, where: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RequestError(`${where}: only http: and https: URLs are allowed, got "${url.protocol}"`);
  }
}

/** The URL for an `@Url()` argument: absolute (http/https only) or relative to the base URL. */
export function resolveCallUrl(
  value: string,
  base: string,
  where: string,
): { url: string; query: Record<string, QueryValue> } {
  if (/[\r\n\0]/.test(value)) throw new RequestError(`${where}: the URL contains CR, LF or NUL`);
  const problem = callUrlProblem(value);
  if (problem) throw new RequestError(`${where}: ${problem}`);
  let url: URL;
  try {
    url = new URL(value, base ? `${base}/` : undefined);
  } catch {
    throw new RequestError(
      `${where}: ${JSON.stringify(value)} is not a valid URL${base ? '' : ' and no baseURL is set'}`,
    );
  }
  assertHttpUrl(url, where);
  return splitQuery(url);
}

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

const encode = encodeURIComponent;
const asIs = (value: string) => value;

/** Serializes the query; names in `encoded` carry values that are already percent-encoded. */
export function serializeQuery(
  query: Record<string, QueryValue>,
  style: QuerySerializer,
  encoded?: ReadonlySet<string>,
): string {
  let out = '';
  // Own keys only: an enumerable key on a polluted Object.prototype is not a query parameter.
  for (const name of Object.keys(query)) {
    const value = query[name];
    const raw = encoded !== undefined && encoded.has(name);
    const enc = raw ? asIs : encode;
    const key = encode(name);
    if (typeof value !== 'string' && value.length === 0) continue;
    if (typeof value === 'string') {
      out += `${out ? '&' : ''}${key}=${enc(value)}`;
    } else if (style === 'comma') {
      out += `${out ? '&' : ''}${key}=${value.map(enc).join(',')}`;
    } else {
      const k = style === 'brackets' ? `${key}%5B%5D` : key;
      for (const item of value) out += `${out ? '&' : ''}${k}=${enc(item)}`;
    }
  }
  return out;
}

/**
 * What errors and responses say about the request: method, redacted URL, service and operation.
 * `serializedQuery` is the request's query as the transport serialized it; it is reused when nothing
 * in it is secret.
 */
export function summarize(request: ApiRequest, serializedQuery?: string): RequestSummary {
  const plan = planOf(request);
  const redacted = redactQuery(request.query);
  let query: string;
  if (redacted === request.query)
    query = serializedQuery ?? serializeQuery(redacted, plan.querySerializer, plan.encodedQuery);
  // Keep the marker readable: token=[REDACTED], not token=%5BREDACTED%5D.
  else
    query = serializeQuery(redacted, plan.querySerializer, plan.encodedQuery).replaceAll(
      ENCODED_REDACTED,
      REDACTED,
    );
  return {
    method: request.method,
    url: withoutUserinfo(query ? `${request.url}?${query}` : request.url),
    service: request.endpoint.service,
    operation: request.endpoint.operation,
  };
}
