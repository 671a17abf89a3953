import type { QuerySerializer } from '../client/options';
import { RequestError } from '../errors/errors';
import type { QueryValue } from './api-request';
import { callUrlProblem } from './url-safety';

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

/** A URL without its query and fragment, and the query as decoded name → value(s). */
export function splitQuery(url: URL): { url: string; query: Record<string, QueryValue> } {
  // No prototype: names such as "constructor" or "__proto__" are ordinary query parameters.
  const query: Record<string, QueryValue> = Object.create(null);
  for (const [name, item] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? item : ([] as string[]).concat(existing, item);
  }
  const bare = new URL(url.href);
  bare.search = '';
  bare.hash = '';
  return { url: bare.href, query };
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
