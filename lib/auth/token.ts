import { createAsyncScope } from '../platform';
import { ApiError, AuthError, DeclarationError, NetworkError, SessionExpiredError } from '../errors/errors';
import { toToken, type AuthContext, type AuthProvider, type Token, type TokenStore } from '../core/auth';
import type { ApiRequest } from '../core/exchange';
import { restfitCause } from './token-request-failure';

/** The options of tokenAuth. */
export interface TokenAuthOptions {
  /** Gets a new token (first use, and after a 401 when there is no `refresh`). */
  obtain(context: AuthContext): Promise<Token>;
  /** Trades the current token (its refreshToken) for a new one. */
  refresh?(token: Token, context: AuthContext): Promise<Token>;
  /** Where the token lives; default a new MemoryTokenStore. */
  store?: TokenStore;
  /** The token's key in the store; default `'default'`. Give each provider sharing a store its own key. */
  key?: string;
  /** Statuses that mean "the token is no longer good"; default [401]. 403 is not allowed. */
  refreshOn?: readonly number[];
  /**
   * Refresh this long before `expiresAt`; default 30 000 ms. Capped at half the token's lifetime (from
   * when this process got it to `expiresAt`), so a short-lived token still serves half its life.
   */
  skewMs?: number;
  /**
   * Overrides the client's clock (the `clock` option) for expiry decisions; `obtain`/`refresh` get it as
   * `ctx.clock`.
   * @property __type.now - The time in epoch ms.
   */
  clock?: { now(): number };
}

export const DEFAULT_SKEW_MS = 30_000;
const NO_TOKEN = '';

/** Why a token is obtained or refreshed: said in the debug log line of every renewal. */
type RenewReason = 'first use' | 'expiring' | '401' | 'stored token expired';

/**
 * A token as this process holds it. `refreshAt` is fixed when the token arrives: `expiresAt` minus the
 * skew capped at half the lifetime left then; undefined when the token never expires or already had
 * when it arrived (it is used until the server refuses it, rather than renewed before every request).
 */
interface Held {
  readonly token: Token;
  readonly refreshAt?: number;
}
/** How many failed generations are remembered, to fail their late 401s without another refresh. */
const FAILED_MEMORY = 16;

/** Set while a provider runs obtain/refresh: requests made from there go out without its credentials. */
const tokenCallScope = createAsyncScope<TokenProvider>();

/**
 * A token that expires: obtained on first use, kept in the store, refreshed early when
 * `expiresAt - skewMs` has passed and once (single flight) for any number of concurrent 401s.
 */
export function tokenAuth(options: TokenAuthOptions): AuthProvider {
  return new TokenProvider(options, 'tokenAuth(options)');
}

export class TokenProvider implements AuthProvider {
  readonly refreshOn: readonly number[];
  readonly #options: TokenAuthOptions;
  readonly #store: TokenStore;
  readonly #key: string;
  readonly #skewMs: number;
  readonly #where: string;
  /** The token this process last read or wrote; the store stays the truth shared with other processes. */
  #current?: Held;
  /** The last generation refreshed before it expired: an early refresh fires at most once per generation. */
  #refreshedEarly?: string;
  /** Renewals in flight, keyed by the access token they replace (its generation; '' for the first obtain). */
  readonly #renewals = new SingleFlight<string, Token>();
  readonly #failed: string[] = [];
  /** Which access token each attempt carried, to tell a stale 401 from a fresh one. */
  readonly #carried = new WeakMap<ApiRequest, string>();

  constructor(options: TokenAuthOptions, where: string) {
    if (typeof options?.obtain !== 'function')
      throw new DeclarationError(`${where}: options.obtain must be a function`);
    if (options.refresh !== undefined && typeof options.refresh !== 'function') {
      throw new DeclarationError(`${where}: options.refresh must be a function`);
    }
    const refreshOn = options.refreshOn ?? [401];
    if (refreshOn.includes(403)) {
      throw new DeclarationError(
        `${where}: options.refreshOn may not contain 403 — a 403 means the credentials are valid but not allowed, and a new token would not change that`,
      );
    }
    if (options.skewMs !== undefined && !(options.skewMs >= 0))
      throw new DeclarationError(`${where}: options.skewMs must be >= 0`);
    this.#options = options;
    this.#where = where;
    this.refreshOn = Object.freeze([...refreshOn]);
    this.#store = options.store ?? new MemoryTokenStore();
    this.#key = options.key ?? 'default';
    this.#skewMs = options.skewMs ?? DEFAULT_SKEW_MS;
  }

  async authenticate(request: ApiRequest, context: AuthContext): Promise<void> {
    // The token request itself (obtain/refresh calling a method of the same client) goes out bare.
    if (tokenCallScope.get() === this) return;
    const held = this.#current;
    let token: Token;
    if (!held) token = await this.#renew(NO_TOKEN, context, 'first use');
    else if (this.#isDue(held, context) && this.#refreshedEarly !== held.token.accessToken) {
      token = await this.#renew(held.token.accessToken, context, 'expiring');
      this.#refreshedEarly = held.token.accessToken;
    } else token = held.token;
    this.#carried.set(request, token.accessToken);
    request.headers.authorization = `${scheme(token)} ${token.accessToken}`;
  }

  async refresh(_failed: unknown, request: ApiRequest, context: AuthContext): Promise<boolean> {
    const carried = this.#carried.get(request);
    if (carried === undefined) return false;
    if (this.#failed.includes(carried)) throw this.#sessionExpired(undefined);
    // Someone already replaced the token this request carried: replay with the current one.
    if (this.#current && this.#current.token.accessToken !== carried) return true;
    await this.#renew(carried, context, '401');
    return true;
  }

  /**
   * One renewal per generation: the first caller runs it, everyone else with the same stale token waits.
   * Each waiter gets its own copy of a failure, since the pipeline stamps the error with its call.
   */
  async #renew(generation: string, context: AuthContext, reason: RenewReason): Promise<Token> {
    try {
      return await this.#renewals.run(generation, async () => {
        if (generation === NO_TOKEN) {
          // First use: a usable stored token (another process's, or from before a restart) needs no lock.
          const stored = await this.#read(context);
          if (stored && !this.#hasExpired(stored, context)) return this.#keep(stored, context);
          if (stored) reason = 'stored token expired';
        }
        const store = this.#store;
        const work = () => this.#renewLocked(generation, context, reason);
        return store.withLock ? store.withLock(this.#key, work) : work();
      });
    } catch (error) {
      throw error instanceof AuthError ? copyForCall(error) : error;
    }
  }

  async #renewLocked(generation: string, context: AuthContext, reason: RenewReason): Promise<Token> {
    // Another process (or an earlier run here) may have stored a newer token while we waited for the lock.
    const stored = await this.#read(context);
    if (stored && stored.accessToken !== generation && !this.#hasExpired(stored, context))
      return this.#keep(stored, context);
    const base =
      stored ?? (this.#current?.token.accessToken === generation ? this.#current.token : undefined);
    const first = generation === NO_TOKEN && !base;
    const refreshing = base !== undefined && this.#options.refresh !== undefined;
    context.logger?.debug(
      `${this.#where}: ${refreshing ? 'refreshing the token' : 'obtaining a token'} (${reason})`,
    );
    let next: Token;
    try {
      next = await tokenCallScope.run(this, () => this.#fetch(base, this.#contextFor(context)));
    } catch (thrown) {
      const cause = restfitCause(thrown, context);
      if (first) throw this.#obtainFailed(cause);
      await this.#forget(generation, context);
      throw this.#sessionExpired(cause);
    }
    this.#keep(next, context);
    if (this.#hasExpired(next, context)) {
      context.logger?.warn(
        `${this.#where}: the new token's expiresAt (${next.expiresAt}) has already passed by tokenAuth's clock; it is used until the server refuses it`,
      );
    }
    try {
      await this.#store.set(this.#key, next);
    } catch (error) {
      context.logger?.warn(
        `${this.#where}: the token store could not save the new token (${(error as Error)?.message}); keeping it in memory`,
      );
    }
    return next;
  }

  async #fetch(base: Token | undefined, context: AuthContext): Promise<Token> {
    const refresh = this.#options.refresh;
    const raw = base && refresh ? await refresh(base, context) : await this.#options.obtain(context);
    const token = toToken(raw);
    if (!token)
      throw new AuthError(
        `${this.#where}: ${base && refresh ? 'refresh' : 'obtain'}() resolved without an accessToken string`,
        { code: 'INVALID_TOKEN' },
      );
    if (/[\r\n\0]/.test(token.accessToken) || (token.tokenType && /[\s\0]/.test(token.tokenType))) {
      throw new AuthError(`${this.#where}: the token contains whitespace, CR, LF or NUL`, {
        code: 'INVALID_TOKEN',
      });
    }
    return token;
  }

  /** A failed refresh ends the session: the stored token goes, the next call starts with obtain. */
  async #forget(generation: string, context: AuthContext): Promise<void> {
    if (generation !== NO_TOKEN) {
      this.#failed.push(generation);
      if (this.#failed.length > FAILED_MEMORY) this.#failed.shift();
    }
    if (!this.#current || this.#current.token.accessToken === generation) this.#current = undefined;
    try {
      await this.#store.delete(this.#key);
    } catch (error) {
      context.logger?.warn(
        `${this.#where}: the token store could not delete the expired token (${(error as Error)?.message})`,
      );
    }
  }

  async #read(context: AuthContext): Promise<Token | undefined> {
    try {
      return toToken(await this.#store.get(this.#key));
    } catch (error) {
      context.logger?.warn(
        `${this.#where}: the token store could not be read (${(error as Error)?.message}); obtaining a new token`,
      );
      return undefined;
    }
  }

  /** tokenAuth's own clock: the `clock` option, else the client's. */
  #clock(context: AuthContext): { now(): number } {
    return this.#options.clock ?? context.clock;
  }

  /** The context obtain/refresh get: its `clock` is the one expiry is judged by, so `expiresAt` stamps agree. */
  #contextFor(context: AuthContext): AuthContext {
    const clock = this.#options.clock;
    return clock && clock !== context.clock ? { ...context, clock } : context;
  }

  /**
   * Holds a token that just arrived (fetched, or read from the store). The skew is capped at half the
   * lifetime left now, so a token living less than `skewMs` is not renewed before every request.
   */
  #keep(token: Token, context: AuthContext): Token {
    const now = this.#clock(context).now();
    const expiresAt = token.expiresAt;
    this.#current =
      expiresAt === undefined || expiresAt <= now
        ? { token }
        : { token, refreshAt: expiresAt - Math.min(this.#skewMs, (expiresAt - now) / 2) };
    return token;
  }

  #isDue(held: Held, context: AuthContext): boolean {
    return held.refreshAt !== undefined && this.#clock(context).now() >= held.refreshAt;
  }

  #hasExpired(token: Token, context: AuthContext): boolean {
    return token.expiresAt !== undefined && this.#clock(context).now() >= token.expiresAt;
  }

  #obtainFailed(cause: unknown): AuthError {
    if (cause instanceof AuthError) return cause;
    return new AuthError(`${this.#where}: obtaining a token failed: ${describe(cause)}`, {
      cause,
      code: 'TOKEN_UNAVAILABLE',
      kind: networkKind(cause),
    });
  }

  #sessionExpired(cause: unknown): SessionExpiredError {
    const reason = cause === undefined ? 'an earlier refresh of this token failed' : describe(cause);
    return new SessionExpiredError(
      `${this.#where}: the token could not be refreshed (${reason}); the session has ended and the next call obtains a new token`,
      { cause, kind: networkKind(cause) },
    );
  }
}

function copyForCall(error: AuthError): AuthError {
  const ErrorClass = error.constructor as typeof AuthError;
  const copy = new ErrorClass(error.message, { code: error.code, cause: error.cause, kind: error.kind });
  copy.status = error.status;
  return copy;
}

/** The kind of a network failure behind an auth failure, so `error.kind === 'connect'` works on both. */
function networkKind(cause: unknown): NetworkError['kind'] | undefined {
  return cause instanceof NetworkError ? cause.kind : undefined;
}

function describe(cause: unknown): string {
  if (cause instanceof ApiError) return `${cause.code}: ${cause.message}`;
  return (cause as Error)?.message ?? String(cause);
}

/** `Bearer` unless the token names another scheme (OAuth servers often answer "bearer"). */
function scheme(token: Token): string {
  const type = token.tokenType;
  return !type || type.toLowerCase() === 'bearer' ? 'Bearer' : type;
}

/** At most one run of the work per key at a time: callers that arrive during a run share its promise. */
class SingleFlight<K, V> {
  readonly #flights = new Map<K, Promise<V>>();

  run(key: K, work: () => Promise<V>): Promise<V> {
    let flight = this.#flights.get(key);
    if (!flight) {
      flight = work().finally(() => this.#flights.delete(key));
      this.#flights.set(key, flight);
    }
    return flight;
  }
}

/** Tokens in this process's memory (the default store): lost on restart, never shared between processes. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, Token>();

  async get(key: string): Promise<Token | undefined> {
    const token = this.#tokens.get(key);
    return token && { ...token };
  }

  async set(key: string, token: Token): Promise<void> {
    const copy = toToken(token);
    if (!copy)
      throw new TypeError('MemoryTokenStore.set(key, token): token.accessToken must be a non-empty string');
    this.#tokens.set(key, copy);
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }
}
