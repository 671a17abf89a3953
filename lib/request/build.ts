import { resolveAuth, type ResolvedEndpoint } from '../declaration/resolve-endpoint';
import { RequestError } from '../errors/errors';
import { isSecretName } from '../errors/secret-names';
import { mergeRetryPolicy } from '../pipeline/retry-policy';
import type { ApiRequest, CallOptions } from './api-request';
import { contentTypeFor, toBodyValue } from './body';
import { assertHeaderName, assertHeaderValue } from './encode';
import { EndpointInfo } from './endpoint-info';
import { toFormBody } from './form';
import { MultipartBody, toMultipartBody } from './multipart';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
import type { RequestParts } from './request-parts';
import { resolveCallUrl } from './url';

/** Builds a fresh ApiRequest for one call from the resolved endpoint and the call's arguments. */
export function buildRequest(endpoint: ResolvedEndpoint, args: readonly unknown[]): ApiRequest {
  const spec = endpoint.spec;
  const parts: RequestParts = {
    pathValues: {},
    query: {},
    headers: { ...endpoint.headers },
    body: undefined,
    hasBodyArgument: false,
  };
  const handlers = spec.handlers;
  for (let i = 0; i < handlers.length; i++) handlers[i].apply(parts, args[handlers[i].index]);

  let url: string;
  let query = parts.query;
  if (spec.usesUrl) {
    const resolved = resolveCallUrl(
      parts.url!,
      endpoint.config.baseURL,
      `${spec.service}.${spec.operation}: @Url()`,
    );
    url = resolved.url;
    for (const name of Object.keys(query)) resolved.query[name] = query[name];
    query = resolved.query;
    if (!url.startsWith(`${endpoint.transport.trustedOrigin}/`))
      dropStaticCredentials(parts.headers, endpoint.headers);
  } else {
    const { statics, names } = spec.path;
    let path = statics[0];
    for (let i = 0; i < names.length; i++) path += parts.pathValues[names[i]] + statics[i + 1];
    url = endpoint.config.baseURL + path;
  }

  const call = parts.callOptions;
  if (call?.headers)
    applyCallHeaders(
      parts.headers,
      call.headers,
      `${spec.service}.${spec.operation}: @CallOptions() headers`,
    );

  let body: unknown;
  if (spec.encoding === 'form') {
    body = parts.hasBodyArgument ? toFormBody(parts.body) : (parts.fields ?? new URLSearchParams());
    parts.headers['content-type'] ??= FORM_CONTENT_TYPE;
  } else if (spec.encoding === 'multipart') {
    body = parts.hasBodyArgument
      ? toMultipartBody(parts.body, `${spec.service}.${spec.operation}: @Body()`)
      : new MultipartBody(parts.parts ?? []);
  } else if (parts.hasBodyArgument)
    body = toBodyValue(parts.body, `${spec.service}.${spec.operation}: @Body()`);
  if (body instanceof MultipartBody && body.parts.length === 0)
    throw new RequestError(
      `${spec.service}.${spec.operation}: a @Multipart() call needs at least one part, and every part is null or undefined`,
    );
  if (body !== undefined && parts.headers['content-type'] === undefined) {
    // The argument decides: an object whose toJSON() gives a string is still JSON.
    const type = contentTypeFor(spec.encoding === 'json' ? parts.body : body);
    if (type) parts.headers['content-type'] = type;
  }

  return {
    method: spec.method,
    url,
    headers: parts.headers,
    query,
    body,
    timeout: call?.timeout ?? endpoint.timeout,
    signal: call?.signal,
    attempt: 1,
    endpoint: new EndpointInfo(spec, args),
    responseType: endpoint.responseType,
    retry: call?.retry === undefined ? endpoint.retry : mergeRetryPolicy(endpoint.retry, call.retry),
    auth: call?.auth === undefined ? endpoint.auth : callAuth(call.auth, endpoint),
    transport: endpoint.transport,
    interceptors: undefined,
  };
}

/**
 * Credentials configured for the client or the class (`headers`, `@Headers`) are for the baseURL origin:
 * an `@Url` call to another origin goes without them. A header passed for this very call is kept.
 */
function dropStaticCredentials(
  headers: Record<string, string>,
  configured: Readonly<Record<string, string>>,
): void {
  for (const name of Object.keys(configured)) {
    if (isSecretName(name) && headers[name] === configured[name]) delete headers[name];
  }
}

function applyCallHeaders(
  headers: Record<string, string>,
  extra: Record<string, string | undefined>,
  where: string,
): void {
  for (const name of Object.keys(extra)) {
    assertHeaderName(name, where);
    const value = extra[name];
    const key = name.toLowerCase();
    if (value === undefined || value === null) {
      delete headers[key];
      continue;
    }
    const text = String(value);
    assertHeaderValue(name, text, where);
    headers[key] = text;
  }
}

function callAuth(auth: NonNullable<CallOptions['auth']>, endpoint: ResolvedEndpoint) {
  if (auth === false) return undefined;
  if (typeof auth !== 'string') return auth;
  try {
    return resolveAuth(
      auth,
      endpoint.config,
      `${endpoint.spec.service}.${endpoint.spec.operation}: @CallOptions() auth`,
    );
  } catch (error) {
    throw new RequestError((error as Error).message);
  }
}
