/* The demo: a sample SDK (samples/users-sdk.ts) against its bundled demo server (samples/demo-server.ts). */
import {
  NotFoundError,
  RestClient,
  UnprocessableEntityError,
  tokenAuth,
  type AuthContext,
  type Token,
} from 'restfit';
import { startDemoServer } from './demo-server';
import { UsersApi } from './users-sdk';
import { showStreamingDemo } from './streaming-demo';

async function main(): Promise<void> {
  const server = await startDemoServer();
  const log = (...lines: unknown[]) => console.log(...lines);
  try {
    // A token the server expires after 3 uses: obtained on first use, refreshed ONCE however many
    // calls got a 401, each of those calls replayed once; refreshed early once expiresAt - skewMs passes.
    const tokenRequest = async (ctx: AuthContext, form: Record<string, string>): Promise<Token> => {
      const sentAt = ctx.clock.now(); // tokenAuth's own clock (the one below), which judges expiresAt
      const { data } = await ctx.axios.post(
        `${server.url}/v1/oauth/token`,
        new URLSearchParams(form).toString(),
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      );
      return {
        accessToken: data.access_token,
        refreshToken: data.refresh_token,
        expiresAt: sentAt + data.expires_in * 1000,
      };
    };
    let clockShift = 0; // lets the demo jump an hour ahead
    const auth = tokenAuth({
      obtain: (ctx) => tokenRequest(ctx, { grant_type: 'client_credentials' }),
      refresh: (token, ctx) =>
        tokenRequest(ctx, { grant_type: 'refresh_token', refresh_token: token.refreshToken! }),
      skewMs: 60_000,
      clock: { now: () => Date.now() + clockShift },
    });
    let unauthorized = 0;
    const client = new RestClient({
      baseURL: server.url,
      auth,
      retry: { backoff: { baseMs: 10, maxMs: 100 } },
      hooks: { onError: (error) => void (error.status === 401 && unauthorized++) },
    });
    const users = client.create(UsersApi);

    const names = await Promise.all([1, 2, 3, 1, 2].map((id) => users.getUser(id).then((u) => u.name)));
    log(
      `5 concurrent calls, token good for 3 uses → ${names.length} users; ${unauthorized} got 401 and were replayed;`,
    );
    log(`  token server: ${server.stats.logins} login, ${server.stats.refreshes} refresh`);

    clockShift = 3600_000; // an hour later: the token's expiresAt - skewMs has passed
    await users.getUser(3);
    log(
      `an hour later → refreshed before sending (no 401): ${server.stats.refreshes} refreshes in all, ${unauthorized} 401s in all`,
    );

    const ada = await users.getUser(1);
    log(
      `GET /v1/users/1 → ${ada.name} (admin: ${ada.isAdmin}, created ${ada.createdAt.toISOString().slice(0, 10)})`,
    );

    const members = await users.list('member');
    log(`GET /v1/users?role=member → ${members.map((u) => u.name).join(', ')}`);

    log(`admins() composes list('admin') → ${(await users.admins()).join(', ')}`);

    const created = await users.create({ name: 'Katherine Johnson' });
    log(`POST /v1/users → #${created.id} ${created.name} (a ${created.constructor.name})`);

    try {
      await users.getUser(99);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      log(`GET /v1/users/99 → ${error.name} ${error.status}: ${JSON.stringify(error.data)}`);
    }

    const invalid = await users.tryCreate({});
    log(
      `POST /v1/users {} → ok=${invalid.ok} status=${invalid.status} error=${invalid.error?.name} (${invalid.error instanceof UnprocessableEntityError})`,
    );

    const status = await users.status();
    log(`GET /v1/status (503, 503, 200) → ${status.status} after ${status.checks} attempts`);

    const avatar = await users.avatar();
    log(`GET /v1/avatar → ${avatar.length} bytes, PNG signature ${avatar.subarray(1, 4).toString('latin1')}`);

    await users.remove(created.id);
    log(`DELETE /v1/users/${created.id} → done`);

    const { logins, refreshes, requests } = server.stats;
    const apiRequests = requests - logins - refreshes;
    log(
      `token server: ${logins} login and ${refreshes} refreshes for ${requests} requests in all (${apiRequests} to the API).`,
    );
    log(
      `  Why that is good: one login for the whole run (the token is kept and renewed, never obtained again);\n` +
        `  one refresh before sending when the clock jumped past expiresAt - skewMs, so no call saw a 401 for it;\n` +
        `  the other ${refreshes - 1} only because this server's tokens serve just 3 requests: each was one refresh for all the\n` +
        `  calls that got a 401 together (${unauthorized} in all), each call replayed once, unseen by its caller.`,
    );

    await showStreamingDemo(server.url, log);
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
