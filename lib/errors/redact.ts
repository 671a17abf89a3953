import type { ApiRequest } from '../request/api-request';
import { serializeQuery } from '../request/url';
import type { RequestSummary } from '../response/api-response';

export const REDACTED = '[REDACTED]';

/** Header names whose values are never logged or thrown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
]);

const SECRET_NAME = /(?:^|[-_.])(?:token|access[-_]?token|refresh[-_]?token|id[-_]?token|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|signature|sig|auth|authorization|session|code)$/i;

/** Names that look like they carry a secret (api_key, access_token, password, ...). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_HEADERS.has(name.toLowerCase());
}

/** Removes userinfo from a URL string. */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/** A copy of the query with secret-looking values replaced. */
export function redactQuery(query: Record<string, string | string[]>, extraSecrets?: ReadonlySet<string>) {
  let copy: Record<string, string | string[]> | undefined;
  for (const name in query) {
    if (isSecretName(name) || extraSecrets?.has(name)) {
      copy ??= { ...query };
      copy[name] = REDACTED;
    }
  }
  return copy ?? query;
}

/** Replaces secret values in the query string of a full URL. */
export function redactUrl(url: string): string {
  const clean = withoutUserinfo(url);
  const q = clean.indexOf('?');
  if (q < 0) return clean;
  const params = new URLSearchParams(clean.slice(q + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (isSecretName(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? `${clean.slice(0, q)}?${params.toString()}` : clean;
}

/** A copy of the headers with secret values replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) copy[name] = isSecretName(name) ? REDACTED : headers[name];
  return copy;
}

/** What errors and responses say about the request: method, redacted URL, service and operation. */
export function summarize(request: ApiRequest): RequestSummary {
  const transport = request.transport;
  const query = serializeQuery(redactQuery(request.query), transport.querySerializer, transport.encodedQuery);
  return {
    method: request.method,
    url: withoutUserinfo(query ? `${request.url}?${query}` : request.url),
    service: request.endpoint.service,
    operation: request.endpoint.operation,
  };
}
