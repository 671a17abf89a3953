import type { ApiRequest } from '../core/exchange';
import type { CallOptions } from '../decorators/parameters';
import { isSameOrigin } from '../core/http';
import { copyRecord } from '../core/own-properties';
import { mergeRetryPolicy } from '../core/retry-policy';
import { isSecretName } from '../core/secrets';
import { chooseAuthProvider, Invocation, type CallPlan } from '../declaration/call-plan';
import { ApiError, RequestError } from '../errors/errors';
import { withoutUserinfo } from '../errors/redact';
import { APPLY_ARGUMENT, assertHeaderName, assertHeaderValue, type RequestParts } from './arguments';
import { contentTypeFor, toBodyValue, toFormBody } from './body';
import { resolveCallUrl } from './url';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * The request factory: a fresh ApiRequest for one call from the method's plan and the call's
 * arguments. A RequestError (nothing was sent) names the call it came from.
 */
export function buildRequest(plan: CallPlan, args: readonly unknown[]): ApiRequest {
  try {
    return build(plan, args);
  } catch (error) {
    throw withCallSite(error, plan);
  }
}

function build(plan: CallPlan, args: readonly unknown[]): ApiRequest {
  const spec = plan.spec;
  const parts: RequestParts = {
    pathValues: {},
    query: {},
    headers: copyRecord(plan.headers),
    body: undefined,
    hasBodyArgument: false,
  };
  const parameters = spec.parameters;
  for (let i = 0; i < parameters.length; i++) {
    const parameter = parameters[i];
    APPLY_ARGUMENT[parameter.kind](parts, args[parameter.index], parameter, parameter.label);
  }

  let url: string;
  let query = parts.query;
  if (spec.usesUrl) {
    const resolved = resolveCallUrl(parts.url!, plan.baseURL, `${spec.service}.${spec.operation}: @Url()`);
    url = resolved.url;
    for (const name of Object.keys(query)) resolved.query[name] = query[name];
    query = resolved.query;
    if (!isSameOrigin(url, plan.origin)) dropStaticCredentials(parts.headers, plan.headers);
  } else {
    const { statics, names } = spec.path;
    let path = statics[0];
    for (let i = 0; i < names.length; i++) path += parts.pathValues[names[i]] + statics[i + 1];
    url = plan.baseURL + path;
  }

  const call = parts.callOptions;
  const removedHeaders = call?.headers
    ? applyCallHeaders(
        parts.headers,
        call.headers,
        `${spec.service}.${spec.operation}: @CallOptions() headers`,
      )
    : undefined;

  let body: unknown;
  if (spec.encoding === 'form') {
    body = parts.hasBodyArgument ? toFormBody(parts.body) : (parts.fields ?? new URLSearchParams());
    parts.headers['content-type'] ??= FORM_CONTENT_TYPE;
  } else if (spec.encoding === 'multipart') {
    body = spec.behaviour.multipart!.body(parts, `${spec.service}.${spec.operation}`);
  } else if (parts.hasBodyArgument)
    body = toBodyValue(parts.body, `${spec.service}.${spec.operation}: @Body()`);
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
    timeout: call?.timeout ?? plan.timeout,
    signal: call?.signal,
    attempt: 1,
    endpoint: new Invocation(planForCall(plan, call, parts.queryNames, removedHeaders), args),
  };
}

/**
 * The plan of one call: the method's, or a copy with what this call changes (its CallOptions' retry,
 * auth, interceptors, progress callbacks or removed headers; its `@QueryName` values).
 */
function planForCall(
  plan: CallPlan,
  call: CallOptions | undefined,
  queryNames: string[] | undefined,
  removedHeaders: readonly string[] | undefined,
): CallPlan {
  if (!queryNames && !removedHeaders && !(call && changesPlan(call))) return plan;
  return {
    ...plan,
    retry: mergeRetryPolicy(plan.retry, call?.retry),
    auth: call?.auth === undefined ? plan.auth : callAuth(call.auth, plan),
    interceptors: call?.interceptors?.length ? call.interceptors : undefined,
    onUploadProgress: call?.onUploadProgress,
    onDownloadProgress: call?.onDownloadProgress,
    queryNames,
    removedHeaders,
  };
}

function changesPlan(call: CallOptions): boolean {
  return (
    call.retry !== undefined ||
    call.auth !== undefined ||
    !!call.interceptors?.length ||
    !!call.onUploadProgress ||
    !!call.onDownloadProgress
  );
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

/** The call's headers over the plan's; returns the names the call removed (set to `undefined`), if any. */
function applyCallHeaders(
  headers: Record<string, string>,
  extra: Record<string, string | undefined>,
  where: string,
): string[] | undefined {
  let removed: string[] | undefined;
  for (const name of Object.keys(extra)) {
    assertHeaderName(name, where);
    const value = extra[name];
    const key = name.toLowerCase();
    if (value === undefined || value === null) {
      delete headers[key];
      (removed ??= []).push(key);
      continue;
    }
    const text = String(value);
    assertHeaderValue(name, text, where);
    headers[key] = text;
  }
  return removed;
}

function callAuth(auth: NonNullable<CallOptions['auth']>, plan: CallPlan) {
  if (auth === false) return undefined;
  if (typeof auth !== 'string') return auth;
  try {
    return chooseAuthProvider(
      auth,
      plan.authOption,
      `${plan.spec.service}.${plan.spec.operation}: @CallOptions() auth`,
    );
  } catch (error) {
    throw new RequestError((error as Error).message);
  }
}

/** A RequestError (nothing was sent) still says which call it was: method, declared URL, service, operation. */
export function withCallSite(error: unknown, plan: CallPlan): unknown {
  if (error instanceof ApiError && !error.request.service) {
    const spec = plan.spec;
    error.request = {
      method: spec.method,
      url: withoutUserinfo(plan.baseURL + spec.path.template),
      service: spec.service,
      operation: spec.operation,
    };
  }
  return error;
}
