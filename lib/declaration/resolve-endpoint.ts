import type { AuthProvider } from '../auth/auth-provider';
import { isAuthProvider, type ClientConfig } from '../client/client-config';
import type { ResponseMode } from '../client/options';
import { DeclarationError } from '../errors/errors';
import { mergeRetryPolicy, type RetryPolicy } from '../pipeline/retry-policy';
import type { ResponseType, TransportOptions } from '../request/api-request';
import type { EndpointSpec } from './endpoint-spec';

/** An endpoint with the client's options applied: everything a call needs, computed at create(). */
export interface ResolvedEndpoint {
  readonly spec: EndpointSpec;
  readonly config: ClientConfig;
  /** Client headers, then class and method `@Headers`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly retry: RetryPolicy | false;
  readonly auth?: AuthProvider;
  readonly responseMode: ResponseMode;
  readonly responseType: ResponseType;
  readonly transport: TransportOptions;
}

export function resolveEndpoint(spec: EndpointSpec, config: ClientConfig): ResolvedEndpoint {
  const at = `${spec.service}.${spec.operation}`;
  const b = spec.behaviour;
  let retry = config.retry;
  for (const override of spec.retryOverrides) retry = mergeRetryPolicy(retry, override);
  if (retry && b.idempotent && !retry.methods.includes(spec.method)) {
    retry = { ...retry, methods: [...retry.methods, spec.method] };
  }
  if (!config.baseURL && !spec.usesUrl) {
    throw new DeclarationError(
      `${at}: no baseURL — set the baseURL option (or the axios instance's baseURL), or use an @Url() parameter`,
    );
  }
  return Object.freeze({
    spec,
    config,
    headers: Object.freeze({ ...config.headers, ...spec.headers }),
    timeout: b.timeout ?? config.timeout,
    retry,
    auth: resolveAuth(b.auth, config, at),
    responseMode: b.fullResponse ? 'full' : config.responseMode,
    // An event stream is read as it arrives (stream-events.ts parses it).
    responseType: b.events ? 'stream' : (b.responseType ?? 'auto'),
    transport: Object.freeze({
      maxContentLength: config.maxContentLength,
      maxRedirects: config.maxRedirects,
      trustedOrigin: config.origin,
      querySerializer: config.querySerializer,
      encodedQuery: spec.encodedQuery,
      errors: config.errors,
      errorType: b.errorType,
      returns: b.returns,
      ...(spec.literalQuery && { literalQuery: spec.literalQuery }),
      ...(spec.queryStyles.size > 0 && { queryStyles: spec.queryStyles }),
      ...(b.events && { eventStream: true }),
    }),
  });
}

/** Which provider a method uses: `@NoAuth` none; `@Auth('name')` that one; otherwise the single provider or `default`. */
export function resolveAuth(
  declared: string | boolean | undefined,
  config: ClientConfig,
  at: string,
): AuthProvider | undefined {
  const auth = config.auth;
  if (declared === false || auth === undefined) {
    if (typeof declared === 'string') {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') but the client has no auth option — add auth: { ${declared}: provider }`,
      );
    }
    return undefined;
  }
  if (isAuthProvider(auth)) {
    if (typeof declared === 'string') {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') names a provider, but the auth option is a single provider — pass auth: { ${declared}: provider }`,
      );
    }
    return auth;
  }
  const names = Object.keys(auth);
  if (typeof declared === 'string') {
    const provider = auth[declared];
    if (!provider) {
      throw new DeclarationError(
        `${at}: @Auth('${declared}') has no provider "${declared}" in the auth option (known: ${names.join(', ') || 'none'}) — add auth: { ${declared}: provider } or name a known one`,
      );
    }
    return provider;
  }
  if (declared === true && !auth.default) {
    throw new DeclarationError(
      `${at}: @Auth() without a name, but auth is a map of ${names.join(', ')} — use @Auth('name') or add a "default" provider`,
    );
  }
  return auth.default;
}
