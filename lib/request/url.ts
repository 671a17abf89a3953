import type { ApiRequest, QueryValue, RequestSummary } from '../core/exchange';
import { callUrlProblem, splitQuery } from '../core/http';
import type { QueryStyle } from '../core/options';
import { planOf, type CallPlan } from '../declaration/call-plan';
import { RequestError } from '../errors/errors';
import { ENCODED_REDACTED, REDACTED, redactQuery, redactUrl, withoutUserinfo } from '../errors/redact';

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
  return encodeComponent(value);
}

/**
 * `@Path(name, { segments: true })` (Refit's `{**path}`): the value keeps its `/`, and each segment is
 * encoded on its own, as one `@Path` value would be. An empty, `.` or `..` segment is refused: it would
 * reach another resource than the one the caller named.
 */
export function encodePathSegments(value: string, encoded: boolean | undefined, where: string): string {
  const segments = value.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || (encoded && isDotSegment(segment))) {
      throw new RequestError(
        `${where}: ${JSON.stringify(value)} has an empty, "." or ".." segment — each segment between "/" must name something`,
      );
    }
  }
  return segments.map((segment) => encodePathValue(segment, encoded, where)).join('/');
}

function dotSegmentError(where: string): RequestError {
  return new RequestError(`${where}: "." and ".." are not allowed as path segments (path traversal)`);
}

/** How encodeURIComponent writes each ASCII character: as itself (A–Z a–z 0–9 - _ . ! ~ * ' ( )) or %XX. */
const ASCII_ESCAPES: readonly string[] = Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code);
  return /[\w.!~*'()-]/.test(c) ? '' : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
});

/**
 * Exactly `encodeURIComponent(text)`, without calling it for ASCII text: the builtin costs ~0.1 µs
 * even for "42", and a call encodes its path values, query names and values every time. Anything
 * beyond ASCII (and a lone surrogate's URIError) is left to the builtin.
 */
export function encodeComponent(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return encodeURIComponent(text);
    const escape = ASCII_ESCAPES[code];
    if (escape !== '') {
      out += text.slice(from, i) + escape;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

const encode = encodeComponent;
const asIs = (value: string) => value;

/**
 * Serializes the query: names in `encoded` carry values that are already percent-encoded, and an array
 * is written in its name's style from `styles`, else in `style`. Empty arrays are left out.
 */
export function serializeQuery(
  query: Record<string, QueryValue>,
  style: QueryStyle,
  encoded?: ReadonlySet<string>,
  styles?: ReadonlyMap<string, QueryStyle>,
): string {
  let out = '';
  // Own keys only: an enumerable key on a polluted Object.prototype is not a query parameter.
  for (const name of Object.keys(query)) {
    const value = query[name];
    const enc = encoded !== undefined && encoded.has(name) ? asIs : encode;
    const key = encode(name);
    let pairs: string;
    if (typeof value === 'string') pairs = `${key}=${enc(value)}`;
    else if (value.length === 0) continue;
    else pairs = formatArray(key, value.map(enc), styles?.get(name) ?? style);
    out += out ? `&${pairs}` : pairs;
  }
  return out;
}

/** `k=a&k=b`, `k=a,b`, `k[]=a&k[]=b`, `k[0]=a&k[1]=b` or `k=a|b`; the key and items are already encoded. */
function formatArray(key: string, items: string[], style: QueryStyle): string {
  switch (style) {
    case 'comma':
      return `${key}=${items.join(',')}`;
    case 'pipe':
      return `${key}=${items.join('|')}`;
    case 'brackets':
      return items.map((item) => `${key}%5B%5D=${item}`).join('&');
    case 'indices':
      return items.map((item, i) => `${key}%5B${i}%5D=${item}`).join('&');
    default:
      return items.map((item) => `${key}=${item}`).join('&');
  }
}

/**
 * The whole query string of a request as the server receives it: the template's literal query as
 * written, then `query`, then the value-less names of `@QueryName`.
 */
export function queryString(query: Record<string, QueryValue>, plan: CallPlan): string {
  const serialized = serializeQuery(query, plan.querySerializer, plan.encodedQuery, plan.queryStyles);
  const names = plan.queryNames?.join('&');
  if (!plan.literalQuery && !names) return serialized;
  return [plan.literalQuery, serialized, names].filter(Boolean).join('&');
}

/** `url?query`, or the URL alone when the query is empty. */
export function withQuery(url: string, query: string): string {
  return query ? `${url}?${query}` : url;
}

/**
 * What errors and responses say about the request: method, redacted URL, service and operation.
 * `sentUrl` is the URL with the query as the transport serialized it; it is reused when nothing in
 * the query is secret.
 */
export function summarize(request: ApiRequest, sentUrl?: string): RequestSummary {
  const plan = planOf(request);
  const redacted = redactQuery(request.query);
  const url =
    redacted === request.query
      ? (sentUrl ?? withQuery(request.url, queryString(redacted, plan)))
      : // Keep the marker readable: token=[REDACTED], not token=%5BREDACTED%5D.
        withQuery(request.url, queryString(redacted, plan).replaceAll(ENCODED_REDACTED, REDACTED));
  return {
    method: request.method,
    // A declared literal query (`@Get('/x?key=…')`) is redacted like any other.
    url: (plan.literalQuery ? redactUrl : withoutUserinfo)(url),
    service: request.endpoint.service,
    operation: request.endpoint.operation,
  };
}
