import type { ClientConfig } from '../client/client-config';
import { NetworkError } from '../errors/errors';
import { isSecretName, redactUrl, summarize } from '../errors/redact';
import type { ApiRequest, QueryValue } from '../request/api-request';
import { isOneShotBody } from '../request/body';
import type { ApiResponse } from '../response/api-response';
import type { Interceptor } from './interceptor';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body; they go when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
  'transfer-encoding',
];

/**
 * Follows redirects as a pipeline step (the transport never follows them), up to `maxRedirects` hops
 * (beyond: NetworkError TOO_MANY_REDIRECTS; 0 returns the 3xx as is). 303, and 301/302 after a POST,
 * become a GET without body; 307/308 keep method and body (a stream body cannot be re-sent). On a hop
 * to another origin, Authorization, Proxy-Authorization, Cookie and every credential-looking header
 * are dropped, and the auth step (inside this one) adds credentials only on the baseURL origin.
 */
export function createRedirectInterceptor(config: ClientConfig): Interceptor {
  const logger = config.logger;
  return async (request, next) => {
    let response = await next(request);
    const max = request.transport.maxRedirects;
    if (max <= 0 || !isRedirect(response)) return response;

    let hop = request;
    let replays = 0;
    for (let hops = 0; isRedirect(response); hops++) {
      const target = resolveLocation(response.headers.location, hop);
      if (!target) return response;
      if (hops >= max) return tooManyRedirects(response, hop, max, target);
      if (!becomesGet(response.status, hop.method) && isOneShotBody(hop.body)) {
        logger?.warn(
          `restfit ${hop.endpoint.service}.${hop.endpoint.operation}: not following a ${response.status} redirect — the stream body cannot be sent again`,
        );
        return response;
      }
      replays += response.attempts - 1;
      hop = nextHop(hop, response.status, target);
      response = await next(hop);
    }
    response.attempts += replays;
    if (response.error) response.error.attempts = response.attempts;
    return response;
  };
}

function isRedirect(response: ApiResponse<unknown>): boolean {
  return REDIRECT_STATUSES.has(response.status) && !!response.headers.location;
}

/** 303 turns anything but HEAD into a GET; 301/302 turn a POST into one (as every browser does). */
function becomesGet(status: number, method: string): boolean {
  return status === 303
    ? method !== 'HEAD' && method !== 'GET'
    : (status === 301 || status === 302) && method === 'POST';
}

/** The Location as an absolute http(s) URL, resolved against the URL that answered; undefined when unusable. */
function resolveLocation(location: string | undefined, hop: ApiRequest): URL | undefined {
  if (!location || /[\r\n\0]/.test(location)) return undefined;
  try {
    const target = new URL(location, hop.url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
    target.hash = '';
    return target;
  } catch {
    return undefined;
  }
}

/** The request for the next hop: a copy, so a retry of the call starts again from the original. */
function nextHop(hop: ApiRequest, status: number, target: URL): ApiRequest {
  const headers = { ...hop.headers };
  const toGet = becomesGet(status, hop.method);
  if (new URL(hop.url).origin !== target.origin) {
    for (const name of Object.keys(headers)) if (isSecretName(name)) delete headers[name];
  }
  if (toGet) for (const name of BODY_HEADERS) delete headers[name];
  const { query, encoded } = rawQuery(target.search);
  target.search = '';
  return {
    ...hop,
    method: toGet ? 'GET' : hop.method,
    body: toGet ? undefined : hop.body,
    url: target.href,
    headers,
    query,
    // The Location's query is sent exactly as the server wrote it, and alone: no literal or value-less
    // query of the declaration is added to it.
    transport: { ...hop.transport, encodedQuery: encoded, literalQuery: undefined },
    queryNames: undefined,
  };
}

function rawQuery(search: string): { query: Record<string, QueryValue>; encoded: Set<string> } {
  const query: Record<string, QueryValue> = {};
  const encoded = new Set<string>();
  for (const pair of search.slice(1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    encoded.add(name);
    const existing = query[name];
    query[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return { query, encoded };
}

function tooManyRedirects(
  response: ApiResponse<unknown>,
  hop: ApiRequest,
  max: number,
  target: URL,
): ApiResponse<unknown> {
  const summary = summarize(hop);
  const error = new NetworkError(
    `${summary.service}.${summary.operation}: more than ${max} redirects (maxRedirects); the last pointed to ${redactUrl(target.href)}`,
    { code: 'TOO_MANY_REDIRECTS', request: summary },
  );
  error.status = response.status;
  error.attempts = response.attempts;
  return { ...response, ok: false, data: undefined, error, request: summary };
}
