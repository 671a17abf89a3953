import type { ApiRequest, ApiResponse, Interceptor, Next } from '../core/exchange';
import { isSameOrigin, rawQuery } from '../core/http';
import { copyRecord } from '../core/own-properties';
import { isSecretName } from '../core/secrets';
import { Invocation, planForWholeUrl, planOf } from '../declaration/call-plan';
import { NetworkError } from '../errors/errors';
import { redactUrl } from '../errors/redact';
import { isOneShotBody } from '../request/body';
import { summarize } from '../request/url';
import type { PipelineConfig } from './chain';

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
export function createRedirectInterceptor(config: PipelineConfig): Interceptor {
  const logger = config.logger;

  async function follow(
    request: ApiRequest,
    first: ApiResponse<unknown>,
    next: Next,
    max: number,
  ): Promise<ApiResponse<unknown>> {
    let response = first;
    let hop = request;
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
      hop = nextHop(hop, response.status, target);
      response = await next(hop);
    }
    return response;
  }

  // No async frame of its own around the attempt: most responses are no redirect.
  return (request, next) => {
    const max = planOf(request).maxRedirects;
    const pending = next(request);
    if (max <= 0) return pending;
    return pending.then((response) =>
      isRedirect(response) ? follow(request, response, next, max) : response,
    );
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
  const headers = copyRecord(hop.headers);
  const toGet = becomesGet(status, hop.method);
  if (!isSameOrigin(hop.url, target.origin)) {
    for (const name of Object.keys(headers)) if (isSecretName(name)) delete headers[name];
  }
  if (toGet) for (const name of BODY_HEADERS) delete headers[name];
  const { query, names } = rawQuery(target.search);
  target.search = '';
  return {
    ...hop,
    method: toGet ? 'GET' : hop.method,
    body: toGet ? undefined : hop.body,
    url: target.href,
    headers,
    query,
    // The Location's query is sent exactly as the server wrote it, and alone; the hop is the same call.
    endpoint: (hop.endpoint as Invocation).withPlan(planForWholeUrl(planOf(hop), names)),
  };
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
  return { ...response, ok: false, data: undefined, error, request: summary };
}
