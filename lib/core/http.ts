import type { QueryValue } from './exchange';

/** The small HTTP rules every stage shares, each written once. */

/** RFC 9110 token: method names, header names and cookie names. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_IN_HEADER = /[\r\n\0]/;
// What Node can put on the wire: tab, visible ASCII and Latin-1. axios silently drops anything else.
const NOT_SENDABLE_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

export const HEADER_NAME_HINT = "use letters, digits and !#$%&'*+-.^_`|~ only";

/** A method, header or cookie name: an RFC 9110 token. */
export function isHttpToken(name: string): boolean {
  return HTTP_TOKEN.test(name);
}

/** CR, LF or NUL: what would let a value end its header line (header injection). */
export function hasForbiddenHeaderCharacter(value: string): boolean {
  return FORBIDDEN_IN_HEADER.test(value);
}

/** Why a header cannot be sent, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!HTTP_TOKEN.test(name)) return `invalid header name ${JSON.stringify(name)}`;
  return headerValueProblem(name, value);
}

/** Why a header value cannot be sent, or undefined when it can. */
export function headerValueProblem(name: string, value: string): string | undefined {
  // One test in the common case: CR, LF and NUL are among the characters a header cannot carry.
  const bad = NOT_SENDABLE_IN_HEADER.exec(value);
  if (!bad) return undefined;
  if (FORBIDDEN_IN_HEADER.test(value)) return `header "${name}" contains CR, LF or NUL`;
  const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `header "${name}" contains U+${code}, which a header cannot carry — percent-encode the value (e.g. encodeURIComponent)`;
}

/**
 * Headers with lower-case names, each checked (`onProblem` throws the caller's error, `nameHint`
 * follows an invalid name); `undefined` and `null` values are skipped.
 */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, unknown>>,
  onProblem: (problem: string) => never,
  nameHint = '',
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined || value === null) continue;
    if (!HTTP_TOKEN.test(name)) onProblem(`invalid header name ${JSON.stringify(name)}${nameHint}`);
    const problem = headerValueProblem(name, String(value));
    if (problem) onProblem(problem);
    result[name.toLowerCase()] = String(value);
  }
  return result;
}

/** `{ ...base, ...override }` with names compared case-insensitively: an override always lands. */
export function mergeHeaderNames<T>(
  base: Readonly<Record<string, T>>,
  override: Readonly<Record<string, T>>,
): Record<string, T> {
  // Into one object, not a spread of two: `with()` may run per tenant or user (docs/architecture.md).
  return withLowerCaseNames(withLowerCaseNames({}, base), override);
}

function withLowerCaseNames<T>(
  result: Record<string, T>,
  record: Readonly<Record<string, T>>,
): Record<string, T> {
  for (const name of Object.keys(record)) result[name.toLowerCase()] = record[name];
  return result;
}

/**
 * Whether `url` (absolute) is on `origin` (`scheme://host[:port]`). The common case is a prefix
 * check; anything else (userinfo, odd spelling) is parsed and compared.
 */
export function isSameOrigin(url: string, origin: string): boolean {
  if (!origin) return false;
  if (url.startsWith(origin)) {
    const after = url.charCodeAt(origin.length);
    // '/', '?', '#' or the end: the authority ends exactly where the origin does.
    if (Number.isNaN(after) || after === 47 || after === 63 || after === 35) return true;
  }
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

// Browsers and the WHATWG URL parser read `//host`, `\host`, `/\host` as another authority and strip a
// leading space or control character: a relative reference starting so could leave the base origin.
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const OTHER_AUTHORITY = /^(?:[\\/][\\/]|\\)/;
// eslint-disable-next-line no-control-regex
const LEADING_BLANK = /^[\s\x00-\x1f]/;

/** Why an `@Url()` value is refused (API.md §12.3), or undefined when it may be resolved against the base URL. */
export function callUrlProblem(value: string): string | undefined {
  if (LEADING_BLANK.test(value))
    return `${JSON.stringify(value)} begins with whitespace or a control character — trim it`;
  if (OTHER_AUTHORITY.test(value))
    return `${JSON.stringify(value)} begins with "//", "\\" or "/\\", which names another host — give an absolute URL with its scheme (https://…) or a path`;
  return undefined;
}

/** Why a declared path (`@Get(path)`, `@BasePath(prefix)`) is refused as an absolute URL, or undefined. */
export function absolutePathProblem(path: string): string | undefined {
  if (SCHEME.test(path) || OTHER_AUTHORITY.test(path) || LEADING_BLANK.test(path))
    return `path "${path}" is an absolute URL; declare a relative path and set baseURL, or use an @Url() parameter`;
  return undefined;
}

/** Adds one value to a query record: a repeated name becomes an array, in order. */
export function addQueryValue(query: Record<string, QueryValue>, name: string, value: string): void {
  const existing = query[name];
  query[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
}

/** A URL without its query and fragment, and the query as decoded name → value(s). */
export function splitQuery(url: URL): { url: string; query: Record<string, QueryValue> } {
  // No prototype: names such as "constructor" or "__proto__" are ordinary query parameters.
  const query: Record<string, QueryValue> = Object.create(null);
  for (const [name, item] of url.searchParams) addQueryValue(query, name, item);
  const bare = new URL(url.href);
  bare.search = '';
  bare.hash = '';
  return { url: bare.href, query };
}

/**
 * A query string (`?a=1&b=%7E`) as name → value(s) with the values kept exactly as written (still
 * percent-encoded), and the set of those names.
 */
export function rawQuery(search: string): { query: Record<string, QueryValue>; names: Set<string> } {
  const query: Record<string, QueryValue> = Object.create(null);
  const names = new Set<string>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    names.add(name);
    addQueryValue(query, name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  return { query, names };
}
