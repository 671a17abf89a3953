import type { AxiosInstance } from 'axios';
import { AuthError, DeclarationError, NetworkError } from '../errors/errors';
import { toBytes } from '../platform';
import { toBase64, utf8Encode } from '../platform/bytes';
import { REDACTED, redactUrl } from '../errors/redact';
import { parseJson } from '../response/json';
import type { AuthContext, AuthProvider, Token, TokenStore } from '../core/auth';
import { TokenProvider } from './token';
import { restfitCause } from './token-request-failure';

/** The options of oauth2ClientCredentials. */
export interface OAuth2ClientCredentialsOptions {
  /** The token endpoint, an absolute http(s) URL. */
  tokenUrl: string;
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret: sent as HTTP Basic or in the form (`clientAuth`), never logged. */
  clientSecret: string;
  /** Scopes to ask for: a space-separated string or a list. */
  scope?: string | readonly string[];
  /** `'basic'` (default): HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1); `'body'`: as form fields. */
  clientAuth?: 'basic' | 'body';
  /** Extra form fields, e.g. `{ audience: 'https://api.example.com' }`. */
  params?: Readonly<Record<string, string>>;
  /** Where the token lives; default a new MemoryTokenStore. */
  store?: TokenStore;
  /** Store key; default `oauth2:<tokenUrl>:<clientId>:<scope>`. */
  key?: string;
  /** Refresh this long (ms) before the token expires, as tokenAuth's `skewMs`. */
  skewMs?: number;
  /** The statuses that mean the token is no longer good; default [401]. */
  refreshOn?: readonly number[];
  /** The axios instance for the token request; default the client's own (never its restfit interceptors or auth). */
  axios?: AxiosInstance;
  /**
   * Overrides the client's clock for expiry decisions.
   * @property __type.now - The time in epoch ms.
   */
  clock?: { now(): number };
}

const WHERE = 'oauth2ClientCredentials(options)';
const identity = (data: unknown) => data;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) on top of tokenAuth: a form-encoded POST to
 * `tokenUrl`, sent through the client's axios instance but not through its pipeline, so it never
 * carries the API's credentials and never waits on itself.
 */
export function oauth2ClientCredentials(options: OAuth2ClientCredentialsOptions): AuthProvider {
  const { tokenUrl, clientId, clientSecret } = options ?? ({} as OAuth2ClientCredentialsOptions);
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new DeclarationError(
      `${WHERE}: options.tokenUrl must be an absolute URL, got ${JSON.stringify(tokenUrl)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DeclarationError(`${WHERE}: options.tokenUrl must be http: or https:`);
  if (typeof clientId !== 'string' || clientId === '')
    throw new DeclarationError(`${WHERE}: options.clientId must be a non-empty string`);
  if (typeof clientSecret !== 'string')
    throw new DeclarationError(`${WHERE}: options.clientSecret must be a string`);
  const clientAuth = options.clientAuth ?? 'basic';
  if (clientAuth !== 'basic' && clientAuth !== 'body')
    throw new DeclarationError(`${WHERE}: options.clientAuth must be 'basic' or 'body'`);
  const scope = Array.isArray(options.scope)
    ? options.scope.join(' ')
    : (options.scope as string | undefined);

  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  for (const [name, value] of Object.entries(options.params ?? {})) form.set(name, value);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (clientAuth === 'basic') {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
    headers.authorization = `Basic ${toBase64(utf8Encode(`${formEncode(clientId)}:${formEncode(clientSecret)}`))}`;
  } else {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  }
  const body = form.toString();
  const shownUrl = redactUrl(url.href);

  async function requestToken(context: AuthContext): Promise<Token> {
    const instance = options.axios ?? context.axios;
    const sentAt = (options.clock ?? context.clock).now();
    let response;
    try {
      response = await instance.request({
        method: 'POST',
        url: url.href,
        headers,
        data: body,
        timeout: context.timeout,
        maxContentLength: context.maxContentLength,
        maxRedirects: 0,
        responseType: 'arraybuffer',
        validateStatus: () => true,
        transformRequest: [identity],
        transformResponse: [identity],
      });
    } catch (thrown) {
      const cause = restfitCause(thrown, context);
      throw new AuthError(
        `${WHERE}: the token endpoint ${shownUrl} could not be reached: ${scrub((cause as Error)?.message ?? String(cause))}`,
        {
          code: 'TOKEN_ENDPOINT_UNREACHABLE',
          cause,
          kind: cause instanceof NetworkError ? cause.kind : undefined,
        },
      );
    }
    let answer: Record<string, unknown> | undefined;
    try {
      const parsed = parseJson(toBytes(response.data), response.status);
      if (parsed !== null && typeof parsed === 'object') answer = parsed as Record<string, unknown>;
    } catch {
      answer = undefined;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok || !answer || typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw tokenEndpointError(response.status, ok, answer);
    }
    const token: Token = { accessToken: answer.access_token };
    if (typeof answer.token_type === 'string') token.tokenType = answer.token_type;
    const expiresIn = Number(answer.expires_in);
    // Measured from when the request was sent: the server's clock started no later than that.
    if (answer.expires_in !== undefined && Number.isFinite(expiresIn))
      token.expiresAt = sentAt + expiresIn * 1000;
    if (typeof answer.refresh_token === 'string') token.refreshToken = answer.refresh_token;
    return token;
  }

  function tokenEndpointError(
    status: number,
    ok: boolean,
    answer: Record<string, unknown> | undefined,
  ): AuthError {
    const code =
      typeof answer?.error === 'string' && /^[\x20-\x7e]{1,64}$/.test(answer.error)
        ? answer.error
        : undefined;
    const description =
      typeof answer?.error_description === 'string'
        ? `: ${scrub(answer.error_description).slice(0, 200)}`
        : '';
    const message = code
      ? `${WHERE}: the token endpoint ${shownUrl} answered ${status} ${code}${description}`
      : ok
        ? `${WHERE}: the token endpoint ${shownUrl} answered ${status} without an access_token`
        : `${WHERE}: the token endpoint ${shownUrl} answered ${status}`;
    const error = new AuthError(message, {
      code: code ?? (ok ? 'INVALID_TOKEN_RESPONSE' : 'TOKEN_ENDPOINT_ERROR'),
    });
    error.status = status;
    return error;
  }

  /** The secret must never appear in a message, even if a server echoes it back. */
  function scrub(text: string): string {
    return clientSecret ? text.split(clientSecret).join(REDACTED) : text;
  }

  return new TokenProvider(
    {
      obtain: requestToken,
      store: options.store,
      key: options.key ?? `oauth2:${url.href}:${clientId}:${scope ?? ''}`,
      skewMs: options.skewMs,
      refreshOn: options.refreshOn,
      clock: options.clock,
    },
    WHERE,
  );
}

function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
