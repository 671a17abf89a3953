import type { QueryValue, TransportOptions } from './api-request';

/** How an array query value is written (`@Query(name, { style })`, the client's querySerializer). */
export type QueryStyle = 'repeat' | 'comma' | 'brackets' | 'indices' | 'pipe';

const encode = encodeURIComponent;
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
  for (const name in query) {
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
 * The whole query string of a request, as the server receives it: the template's literal query as
 * written, then `query`, then the value-less names of `@QueryName`.
 */
export function queryString(
  query: Record<string, QueryValue>,
  transport: TransportOptions,
  names?: readonly string[],
): string {
  const parts = [
    transport.literalQuery ?? '',
    serializeQuery(query, transport.querySerializer, transport.encodedQuery, transport.queryStyles),
    names?.length ? names.join('&') : '',
  ];
  return parts.filter(Boolean).join('&');
}
