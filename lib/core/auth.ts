import type { AxiosInstance } from 'axios';
import type { ApiRequest, ApiResponse } from './exchange';
import type { Logger } from './options';

/**
 * What the auth step hands a provider: the client's transport (its axios instance and timeout, for
 * calling a token endpoint without going through the pipeline), its clock and its logger. One object
 * per client, made once.
 */
export interface AuthContext {
  /** The client's axios instance (the user's own, or restfit's keep-alive default). */
  readonly axios: AxiosInstance;
  /** The client's per-attempt timeout in ms (0: none). */
  readonly timeout: number;
  /** The client's `maxContentLength` in bytes, for a token response. */
  readonly maxContentLength: number;
  /**
   * The client's clock (the `clock` option).
   * @property __type.now - The time in epoch ms.
   */
  readonly clock: { now(): number };
  /** The client's logger, if it has one. */
  readonly logger?: Logger;
}

/**
 * Adds credentials to requests: the `auth` option, chosen per method by `@Auth(name)` / `@NoAuth()` and
 * per call by `CallOptions.auth`. Credentials go only to the client's baseURL origin.
 * restfit's providers are basicAuth, bearerAuth, apiKeyAuth, signedCookieAuth, tokenAuth and
 * oauth2ClientCredentials; implement this interface for any other scheme.
 * @example
 * ```ts
 * import { type AuthProvider } from 'restfit';
 *
 * export const tenantAuth: AuthProvider = {
 *   authenticate(request) {
 *     request.headers['x-tenant'] = 'acme';
 *   },
 * };
 * ```
 */
export interface AuthProvider {
  /**
   * Adds credentials to the request (headers, query). Called once per attempt, and only when the
   * request goes to the client's baseURL origin.
   */
  authenticate(request: ApiRequest, context: AuthContext): void | Promise<void>;
  /**
   * Called after a response whose status is in `refreshOn` (default 401): resolve true to replay the
   * request once with fresh credentials; reject (e.g. with SessionExpiredError) to fail the call.
   * `request` is the attempt that failed, as `authenticate` saw it.
   */
  refresh?(failed: ApiResponse<unknown>, request: ApiRequest, context: AuthContext): Promise<boolean>;
  /** The statuses that call `refresh` (default [401]; 403 never does). */
  readonly refreshOn?: readonly number[];
}

export function isAuthProvider(value: unknown): value is AuthProvider {
  return (
    typeof value === 'object' && value !== null && typeof (value as AuthProvider).authenticate === 'function'
  );
}

/** A token as tokenAuth and its TokenStore keep it. */
export interface Token {
  /** The token sent in the Authorization header. */
  accessToken: string;
  /** The scheme of the Authorization header; default `Bearer`. */
  tokenType?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  /** Handed to `refresh` to get the next token, when the server issued one. */
  refreshToken?: string;
}

/** A copy of `value` with only Token's fields, or undefined when it is not a usable token. */
export function toToken(value: unknown): Token | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.accessToken !== 'string' || raw.accessToken === '') return undefined;
  const token: Token = { accessToken: raw.accessToken };
  if (typeof raw.tokenType === 'string') token.tokenType = raw.tokenType;
  if (typeof raw.expiresAt === 'number' && Number.isFinite(raw.expiresAt)) token.expiresAt = raw.expiresAt;
  if (typeof raw.refreshToken === 'string') token.refreshToken = raw.refreshToken;
  return token;
}

/**
 * Where tokenAuth keeps its token: MemoryTokenStore (the default), FileTokenStore, RedisTokenStore from
 * `restfit/redis`, or your own.
 */
export interface TokenStore {
  /** The token stored under `key`, or undefined. */
  get(key: string): Promise<Token | undefined>;
  /** Stores `token` under `key`, replacing any. */
  set(key: string, token: Token): Promise<void>;
  /** Removes the token under `key` (after a failed refresh). */
  delete(key: string): Promise<void>;
  /**
   * Optional: runs `work` while holding a lock on `key` shared by every process using the store, so
   * that N processes refresh a token once (RedisTokenStore). In-process stores leave it out.
   */
  withLock?<T>(key: string, work: () => Promise<T>): Promise<T>;
}
