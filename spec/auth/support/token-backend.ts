import axios from 'axios';
import { Get, Path, declared, type AuthContext, type Token } from 'restfit';
import { startServer, type Received, type TestServer } from '../../support/test-server';

/** What the backend's API answers a request it accepts: the bearer token it carried and its path. */
export type TokenEcho = { token: string; path: string };

/** A client of the backend's API. */
export class TokenEchoApi {
  @Get('/data/{n}')
  data(@Path('n') n: number): Promise<TokenEcho> {
    return declared();
  }
}

/**
 * tokenAuth's obtain and refresh against the token endpoint at `tokenUrl` (form-encoded grants, through
 * the client's axios); the child processes of the Redis specs use them too.
 */
export function tokenGrants(tokenUrl: string): Pick<TokenBackend, 'obtain' | 'refresh'> {
  async function post(context: AuthContext, form: Record<string, string>): Promise<Token> {
    const sentAt = context.clock.now();
    const response = await context.axios.post(`${tokenUrl}/token`, new URLSearchParams(form).toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
    });
    if (response.status !== 200)
      throw new Error(`token endpoint: ${response.status} ${JSON.stringify(response.data)}`);
    return {
      accessToken: response.data.access_token,
      refreshToken: response.data.refresh_token,
      expiresAt: sentAt + response.data.expires_in * 1000,
    };
  }
  return {
    obtain: (context) => post(context, { grant_type: 'client_credentials' }),
    refresh: (token, context) =>
      post(context, { grant_type: 'refresh_token', refresh_token: token.refreshToken ?? '' }),
  };
}

/**
 * A token server and an API server on two loopback ports. The token server issues `t1, t2, ...` with
 * refresh tokens `r1, r2, ...`, each refresh token usable once (rotation); the API accepts only the
 * access tokens in `valid` (the newest one, unless a test changes it).
 */
export interface TokenBackend {
  api: TestServer;
  tokens: TestServer;
  valid: Set<string>;
  /** Makes the token server answer refresh_token grants with 400 invalid_grant. */
  failRefresh: boolean;
  /** The statuses the API answered, in order. */
  answered: number[];
  /** Token requests received, parsed. */
  tokenRequests(): URLSearchParams[];
  refreshRequests(): URLSearchParams[];
  /** Holds the next token answers until `open()` is called (bounded: they go after `maxMs` anyway, default 5 s). */
  hold(maxMs?: number): { open(): void };
  /** tokenAuth options talking to the token server through the client's axios instance. */
  obtain(context: AuthContext): Promise<Token>;
  refresh(token: Token, context: AuthContext): Promise<Token>;
  /** A token obtained outside any client (plain axios, wall clock), as another process would have. */
  issue(): Promise<Token>;
  /** Forgets what was received and restores the default handlers (keeps issued tokens valid). */
  reset(): void;
  /** The bearer token of a received request. */
  bearer(request: Received): string | undefined;
  close(): Promise<void>;
}

export async function startTokenBackend(expiresInSeconds = 3600): Promise<TokenBackend> {
  const api = await startServer();
  const tokens = await startServer();
  let issued = 0;
  const usableRefreshTokens = new Set<string>();
  let gate: Promise<void> | undefined;

  const backend: TokenBackend = {
    api,
    tokens,
    valid: new Set(),
    failRefresh: false,
    answered: [],
    tokenRequests: () => tokens.received.map((r) => new URLSearchParams(r.body.toString('utf8'))),
    refreshRequests: () =>
      backend.tokenRequests().filter((form) => form.get('grant_type') === 'refresh_token'),
    hold(maxMs = 5000) {
      let open!: () => void;
      gate = new Promise<void>((resolve) => {
        open = resolve;
        setTimeout(resolve, maxMs).unref();
      });
      return { open: () => open() };
    },
    ...tokenGrants(tokens.url),
    issue: () =>
      backend.obtain({
        axios,
        timeout: 5000,
        maxContentLength: 1e6,
        clock: { now: () => Date.now() },
      } as AuthContext),
    reset() {
      api.reset();
      tokens.reset();
      installHandlers();
      backend.failRefresh = false;
      backend.answered.length = 0;
      gate = undefined;
    },
    bearer: (request) => /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1],
    async close() {
      await Promise.all([api.close(), tokens.close()]);
    },
  };

  const installHandlers = () => {
    tokens.handle(async (req, res) => {
      if (gate) await gate;
      const form = new URLSearchParams(req.body.toString('utf8'));
      const grant = form.get('grant_type');
      const refreshToken = form.get('refresh_token') ?? '';
      if (grant === 'refresh_token' && (backend.failRefresh || !usableRefreshTokens.delete(refreshToken))) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      issued++;
      const access = `t${issued}`;
      usableRefreshTokens.add(`r${issued}`);
      backend.valid.clear();
      backend.valid.add(access);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: access,
          token_type: 'bearer',
          refresh_token: `r${issued}`,
          expires_in: expiresInSeconds,
        }),
      );
    });

    api.handle((req, res) => {
      const token = backend.bearer(req);
      const ok = token !== undefined && backend.valid.has(token);
      backend.answered.push(ok ? 200 : 401);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { token, path: req.path } : { error: 'invalid_token' }));
    });
  };
  installHandlers();

  return backend;
}

/** A clock for the `clock` option that only moves when told. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    sleep: async () => undefined,
    random: () => 0.5,
  };
}
